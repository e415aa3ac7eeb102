import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import {
  checkFormValue,
  scalarType,
} from '@kratix-backstage/plugin-kratix-common';
import TextField from '@material-ui/core/TextField';
import { FieldValidation } from '@rjsf/utils';
import { useState } from 'react';

/** What the value of a text or number field is, from what is typed in it. */
function readInput(text: string, type: string | undefined): unknown {
  if (text === '') return undefined;
  if (type !== 'integer' && type !== 'number') return text;
  const n = Number(text);
  // Text that is not a number is kept as typed: the check says so, and so does the form.
  return Number.isFinite(n) ? n : text;
}

/**
 * A text or number field that checks its value while it is typed, against the constraints
 * of its schema (pattern, length, bounds, multiple), and says what is wrong under it in the
 * same words the form uses after Next (the schema's `errorMessage`).
 *
 * Why a field: the scaffolder form validates only on Next. React JSON Schema Form's
 * `liveValidate` would validate on each change, but it is a prop of the whole form: the
 * legacy `ScaffolderPage` takes it through `formProps`, while the new frontend system's
 * scaffolder page offers no setting for it, and neither lets a template ask for it. A field
 * extension is registered in both systems and is chosen by the template
 * (`ui:field: KratixTextField`, which the Template generator emits for constrained fields), so the check
 * runs as the user types in either app.
 * @public
 */
export function KratixTextField(
  props: FieldExtensionComponentProps<string | number>,
) {
  const {
    onChange,
    onBlur,
    schema,
    uiSchema,
    rawErrors,
    required,
    formData,
    idSchema,
    disabled,
    readonly,
    autofocus,
  } = props;
  const type = scalarType(schema as Record<string, unknown>);
  const numeric = type === 'integer' || type === 'number';
  // Checked from the first keystroke; a value the form starts with is checked on Next.
  const [touched, setTouched] = useState(false);
  const [text, setText] = useState(
    formData === undefined || formData === null ? '' : String(formData),
  );
  const live = touched
    ? checkFormValue(schema as Record<string, unknown>, readInput(text, type))
    : undefined;
  // After Next the form lists its errors under the field; the live one is not repeated.
  const shown = live && !rawErrors?.includes(live) ? live : undefined;
  const id = idSchema?.$id;
  return (
    <TextField
      id={id}
      label={schema.title}
      required={required}
      disabled={disabled || readonly}
      // Only where the template asks for it (`ui:autofocus`), as the form's own widgets do.
      // eslint-disable-next-line jsx-a11y/no-autofocus
      autoFocus={autofocus || uiSchema?.['ui:autofocus'] === true}
      placeholder={uiSchema?.['ui:placeholder'] as string | undefined}
      type={numeric ? 'number' : 'text'}
      // No min, max or whole-number step on the input: the browser would block Next with a
      // bubble of its own wording, before the form's check in ours.
      inputProps={numeric ? { step: 'any' } : undefined}
      value={text}
      onChange={event => {
        setTouched(true);
        setText(event.target.value);
        onChange(readInput(event.target.value, type) as string | number);
      }}
      onBlur={() => onBlur?.(id ?? '', readInput(text, type))}
      error={Boolean(shown) || Boolean(rawErrors?.length)}
      helperText={shown ?? schema.description}
      FormHelperTextProps={shown ? { role: 'alert' } : undefined}
      margin="normal"
      variant="outlined"
      fullWidth
    />
  );
}

/**
 * The check of `KratixTextField` on Next, in the same words: for a value the user did not
 * type (a default, or one from the URL) or a template used without the generator's
 * `errorMessage`.
 * @public
 */
export function validateKratixTextField(
  value: string | number | undefined,
  validation: FieldValidation,
  context: { schema?: object },
) {
  const problem = checkFormValue(
    (context.schema ?? {}) as Record<string, unknown>,
    value,
  );
  if (problem) validation.addError(problem);
}
