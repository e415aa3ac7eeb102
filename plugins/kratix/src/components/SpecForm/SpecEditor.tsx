import { useState } from 'react';
import { ValidationError } from '@kratix-backstage/plugin-kratix-common';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { SpecForm } from './SpecForm';
import { placeErrors } from './specFormErrors';
import { SpecFormSchema } from './specFormSchema';
import { SpecDraft, switchDraft } from './specDraft';

/**
 * Edits a spec in a form generated from the Promise's API or, with "Edit as YAML", as text
 * (for what the form cannot express); both views edit the same spec. Without a form (the
 * Promise's API has no spec schema) only the YAML view is offered. `errors` (in words) show
 * on their fields in the form, and as a list under the YAML.
 */
export function SpecEditor(props: {
  draft: SpecDraft;
  onDraft(draft: SpecDraft): void;
  form?: SpecFormSchema;
  errors: ValidationError[];
  parseError?: string;
  disabled?: boolean;
}) {
  const { draft, onDraft, form, errors, parseError, disabled } = props;
  const [switchProblem, setSwitchProblem] = useState<string>();
  const toggle = () => {
    const next = switchDraft(draft);
    if ('error' in next) {
      setSwitchProblem(
        `The YAML cannot be shown in the form until it is fixed: ${next.error}`,
      );
      return;
    }
    setSwitchProblem(undefined);
    onDraft(next);
  };
  const listed =
    draft.mode === 'form' && form
      ? placeErrors(errors, form.uiSchema, form.schema).unplaced
      : errors;
  const messages = [
    switchProblem,
    parseError,
    ...listed.map(e => e.message),
  ].filter((m): m is string => Boolean(m));
  return (
    <>
      {form && (
        <FormControlLabel
          control={
            <Switch
              checked={draft.mode === 'yaml'}
              onChange={toggle}
              disabled={disabled}
              color="primary"
            />
          }
          label="Edit as YAML"
        />
      )}
      {draft.mode === 'form' && form ? (
        <SpecForm
          form={form}
          spec={draft.spec}
          errors={errors}
          disabled={disabled}
          onChange={spec => onDraft({ mode: 'form', spec })}
        />
      ) : (
        <TextField
          label="Spec (YAML)"
          multiline
          fullWidth
          minRows={6}
          variant="outlined"
          value={draft.mode === 'yaml' ? draft.text : ''}
          disabled={disabled}
          onChange={e => {
            setSwitchProblem(undefined);
            onDraft({ mode: 'yaml', text: e.target.value });
          }}
          inputProps={{ 'aria-label': 'Spec (YAML)' }}
        />
      )}
      {messages.map(m => (
        <Typography key={m} color="error" variant="body2">
          {m}
        </Typography>
      ))}
    </>
  );
}
