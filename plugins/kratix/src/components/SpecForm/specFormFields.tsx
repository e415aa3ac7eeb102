import { useState } from 'react';
import {
  freeFormToYaml,
  parseFreeFormYaml,
} from '@kratix-backstage/plugin-kratix-common';
import TextField from '@material-ui/core/TextField';
import type { FieldProps } from '@rjsf/utils';

function helpOf(description: unknown, problem?: string) {
  return [problem, typeof description === 'string' ? description : undefined]
    .filter(Boolean)
    .join(' — ');
}

/**
 * A free-form object (`x-kubernetes-preserve-unknown-fields`, or a map with no declared
 * properties) edited as YAML. While the text is not a YAML mapping the field says why and
 * hands the form the text, which the spec check refuses, so Preview waits for a fix.
 */
export function YamlObjectField(props: FieldProps) {
  const { formData, onChange, schema, required, disabled, readonly, idSchema } =
    props;
  const label = `${schema.title ?? idSchema.$id} (YAML)`;
  const [text, setText] = useState(() =>
    typeof formData === 'string' ? formData : freeFormToYaml(formData),
  );
  const [problem, setProblem] = useState<string>();
  return (
    <TextField
      id={idSchema.$id}
      label={label}
      multiline
      fullWidth
      minRows={3}
      margin="normal"
      variant="outlined"
      required={required}
      disabled={disabled || readonly}
      value={text}
      error={Boolean(problem)}
      helperText={helpOf(schema.description, problem)}
      inputProps={{ 'aria-label': label }}
      onChange={e => {
        const next = e.target.value;
        setText(next);
        const read = parseFreeFormYaml(next);
        setProblem(read.error);
        onChange(read.error !== undefined ? next : read.value);
      }}
    />
  );
}

/** Reads a loose value's text: digits are a number, true/false a boolean, the rest text. */
export function readLooseValue(
  text: string,
  integerOrString: boolean,
): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (/^-?\d+$/.test(trimmed)) return Number(trimmed);
  if (!integerOrString) {
    if (/^-?\d*\.\d+$/.test(trimmed)) return Number(trimmed);
    if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true';
    if (/^[[{]/.test(trimmed)) {
      try {
        return JSON.parse(trimmed);
      } catch {
        return text;
      }
    }
  }
  return text;
}

function looseValueText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * A value that may be a number or a string (`x-kubernetes-int-or-string`, or a property with
 * no single type): one text box, read the way the YAML view would read the same text, so
 * `8080` stays a number and `50%` a string.
 */
export function LooseValueField(props: FieldProps) {
  const { formData, onChange, schema, required, disabled, readonly, idSchema } =
    props;
  const integerOrString = Array.isArray(schema.type);
  const [text, setText] = useState(() => looseValueText(formData));
  return (
    <TextField
      id={idSchema.$id}
      label={schema.title}
      fullWidth
      margin="normal"
      required={required}
      disabled={disabled || readonly}
      value={text}
      helperText={helpOf(schema.description)}
      onChange={e => {
        setText(e.target.value);
        onChange(readLooseValue(e.target.value, integerOrString));
      }}
    />
  );
}
