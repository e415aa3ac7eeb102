import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import {
  freeFormToYaml,
  FreeFormResult,
  KeyValueRow,
  objectToRows,
  parseFreeFormYaml,
  rowsToObject,
} from '@kratix-backstage/plugin-kratix-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import FormControl from '@material-ui/core/FormControl';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import IconButton from '@material-ui/core/IconButton';
import TextField from '@material-ui/core/TextField';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { FieldValidation } from '@rjsf/utils';
import { useState } from 'react';

type Mode = 'rows' | 'yaml';
const SCALAR_TYPES = ['string', 'integer', 'number', 'boolean'];
/** The value of a free-form object field: any keys, any values. @public */
export type FreeFormObject = Record<string, unknown>;

/** The JSON type of a typed map's values (`additionalProperties.type`), if it declares one. */
function valueTypeOf(schema: { additionalProperties?: unknown }) {
  const values = schema.additionalProperties;
  if (!values || typeof values !== 'object') return undefined;
  const type = (values as { type?: unknown }).type;
  return typeof type === 'string' ? type : undefined;
}

/**
 * The editor of a free-form object (a CRD property with `x-kubernetes-preserve-unknown-fields`,
 * or `additionalProperties` and no `properties`): rows of key and value, and for maps whose
 * values may be anything a YAML mode, for nested values. Its value is an object, so the
 * request's spec gets an object. While the entries cannot be read as one (a key given twice,
 * invalid YAML) the field says why and hands the form its text instead, which the schema
 * (`type: object`) refuses on Next. The property's description is the help under it.
 * Use as `ui:field: KratixKeyValueField` on an object property.
 * @public
 */
export function KratixKeyValueField(
  props: FieldExtensionComponentProps<FreeFormObject | string>,
) {
  const { onChange, schema, rawErrors, required, formData, idSchema } = props;
  const id = idSchema?.$id ?? 'keyValue';
  const valueType = valueTypeOf(schema as { additionalProperties?: unknown });
  // A map of one scalar type (labels, env vars) is rows only; a map of objects or lists is
  // YAML only; a map whose values may be anything offers both.
  const scalarValues =
    valueType !== undefined && SCALAR_TYPES.includes(valueType);
  const yamlAllowed = !scalarValues;
  const rowsAllowed = valueType === undefined || scalarValues;
  const initialRows =
    typeof formData === 'string' ? undefined : objectToRows(formData);
  const [mode, setMode] = useState<Mode>(
    !rowsAllowed || (yamlAllowed && !initialRows) ? 'yaml' : 'rows',
  );
  const [rows, setRows] = useState<KeyValueRow[]>(
    initialRows?.length ? initialRows : [{ key: '', value: '' }],
  );
  const [yamlText, setYamlText] = useState(
    typeof formData === 'string' ? formData : freeFormToYaml(formData),
  );
  const [problem, setProblem] = useState<string>();

  const emit = (result: FreeFormResult, text: string) => {
    setProblem(result.error);
    onChange(result.error ? text : (result.value as FreeFormObject));
  };
  const updateRows = (next: KeyValueRow[]) => {
    setRows(next);
    const result = rowsToObject(next, valueType);
    emit(result, result.error ?? '');
  };
  const switchMode = (next: Mode | null) => {
    if (!next || next === mode) return;
    if (next === 'yaml') {
      const result = rowsToObject(rows, valueType);
      if (result.error) {
        setProblem(result.error);
        return;
      }
      setYamlText(freeFormToYaml(result.value));
      setProblem(undefined);
      setMode('yaml');
      return;
    }
    const parsed = parseFreeFormYaml(yamlText);
    const asRows = parsed.error ? undefined : objectToRows(parsed.value);
    if (!asRows) {
      setProblem(
        parsed.error ??
          'Nested values can only be edited as YAML; make every value a plain value first',
      );
      return;
    }
    setRows(asRows.length ? asRows : [{ key: '', value: '' }]);
    setProblem(undefined);
    setMode('rows');
  };

  const hasError = Boolean(problem) || Boolean(rawErrors?.length);
  return (
    <FormControl
      component="fieldset"
      margin="normal"
      required={required}
      error={hasError}
      fullWidth
    >
      <Box display="flex" alignItems="center" justifyContent="space-between">
        <FormLabel component="legend">{schema.title}</FormLabel>
        {yamlAllowed && rowsAllowed && (
          <ToggleButtonGroup
            size="small"
            exclusive
            value={mode}
            onChange={(_, next) => switchMode(next)}
            aria-label={`How to edit ${schema.title ?? 'the entries'}`}
          >
            <ToggleButton value="rows">Key/value</ToggleButton>
            <ToggleButton value="yaml">YAML</ToggleButton>
          </ToggleButtonGroup>
        )}
      </Box>
      {mode === 'rows' ? (
        <>
          {rows.map((row, index) => (
            <Box key={index} display="flex" alignItems="center">
              <TextField
                id={`${id}-key-${index}`}
                label="Key"
                value={row.key}
                margin="dense"
                variant="outlined"
                style={{ flex: 1, marginRight: 8 }}
                onChange={e =>
                  updateRows(
                    rows.map((r, i) =>
                      i === index ? { ...r, key: e.target.value } : r,
                    ),
                  )
                }
              />
              <TextField
                id={`${id}-value-${index}`}
                label="Value"
                value={row.value}
                margin="dense"
                variant="outlined"
                style={{ flex: 2 }}
                onChange={e =>
                  updateRows(
                    rows.map((r, i) =>
                      i === index ? { ...r, value: e.target.value } : r,
                    ),
                  )
                }
              />
              <IconButton
                aria-label={`Remove entry ${index + 1}`}
                onClick={() => {
                  const next = rows.filter((_, i) => i !== index);
                  updateRows(next.length ? next : [{ key: '', value: '' }]);
                }}
              >
                <DeleteIcon />
              </IconButton>
            </Box>
          ))}
          <Box>
            <Button
              size="small"
              startIcon={<AddIcon />}
              onClick={() => setRows([...rows, { key: '', value: '' }])}
            >
              Add entry
            </Button>
          </Box>
        </>
      ) : (
        <TextField
          id={`${id}-yaml`}
          label="YAML"
          multiline
          minRows={4}
          value={yamlText}
          margin="dense"
          variant="outlined"
          placeholder={'key: value\nnested:\n  key: value'}
          inputProps={{ style: { fontFamily: 'monospace' } }}
          onChange={e => {
            setYamlText(e.target.value);
            emit(parseFreeFormYaml(e.target.value), e.target.value);
          }}
        />
      )}
      {problem ? (
        <FormHelperText error role="alert">
          {problem}
        </FormHelperText>
      ) : (
        schema.description && (
          <FormHelperText>{schema.description}</FormHelperText>
        )
      )}
    </FormControl>
  );
}

/**
 * The check of `KratixKeyValueField` on Next: the field hands the form text, not an object,
 * while its entries cannot be read (see the field), and this stops the step there.
 * @public
 */
export function validateKratixKeyValueField(
  value: FreeFormObject | string | undefined,
  validation: FieldValidation,
) {
  if (typeof value === 'string')
    validation.addError(
      'Must be keys and values: correct the entries marked above',
    );
}
