import { parseDocument, stringify } from 'yaml';

/** One row of the key/value editor of a free-form object. @public */
export interface KeyValueRow {
  key: string;
  value: string;
}

/** A free-form object read back from its editor: the object, or why it cannot be one. @public */
export type FreeFormResult =
  | { value: Record<string, unknown> | undefined; error?: undefined }
  | { value?: undefined; error: string };

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The rows a free-form object shows as, or undefined when a value is nested (an object or a
 * list) and only the YAML mode can show it. Numbers and booleans show as their text.
 * @public
 */
export function objectToRows(value: unknown): KeyValueRow[] | undefined {
  if (value === undefined || value === null) return [];
  if (!isPlainObject(value)) return undefined;
  const rows: KeyValueRow[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'object' && v !== null) return undefined;
    rows.push({ key, value: v === null ? '' : String(v) });
  }
  return rows;
}

/**
 * Reads the rows of the key/value editor as an object. Blank rows are skipped; a value
 * without a key and a key given twice are errors. `valueType` is the JSON type the map's
 * values must have (its `additionalProperties.type`): integers, numbers and booleans are read
 * from their text, anything else stays a string. No rows at all is no value (undefined).
 * @public
 */
export function rowsToObject(
  rows: KeyValueRow[],
  valueType?: string,
): FreeFormResult {
  const out: Record<string, unknown> = {};
  for (const [index, row] of rows.entries()) {
    const key = row.key.trim();
    if (!key) {
      if (row.value.trim())
        return { error: `Row ${index + 1} has a value but no key` };
      continue;
    }
    if (Object.prototype.hasOwnProperty.call(out, key))
      return { error: `The key "${key}" is given twice` };
    const parsed = parseScalar(row.value, valueType);
    if (parsed.error) return { error: `The value of "${key}" ${parsed.error}` };
    out[key] = parsed.value;
  }
  return { value: Object.keys(out).length ? out : undefined };
}

function parseScalar(
  text: string,
  type?: string,
): { value?: unknown; error?: string } {
  const trimmed = text.trim();
  if (type === 'integer' || type === 'number') {
    const n = Number(trimmed);
    if (!trimmed || !Number.isFinite(n)) return { error: 'must be a number' };
    if (type === 'integer' && !Number.isInteger(n))
      return { error: 'must be a whole number' };
    return { value: n };
  }
  if (type === 'boolean') {
    if (trimmed === 'true' || trimmed === 'false')
      return { value: trimmed === 'true' };
    return { error: 'must be true or false' };
  }
  return { value: text };
}

/**
 * Reads the YAML mode of the editor: a mapping of keys to any values, nested ones included.
 * Empty text is no value (undefined); anything but a mapping is an error that says what to write.
 * @public
 */
export function parseFreeFormYaml(text: string): FreeFormResult {
  if (!text.trim()) return { value: undefined };
  const document = parseDocument(text);
  if (document.errors.length) {
    const first = document.errors[0].message.split('\n')[0];
    return { error: `Not valid YAML: ${first}` };
  }
  const value = document.toJS();
  if (value === null || value === undefined) return { value: undefined };
  if (!isPlainObject(value))
    return {
      error: 'Must be a YAML mapping: one "key: value" per line',
    };
  return { value: Object.keys(value).length ? value : undefined };
}

/** A free-form object as the YAML mode shows it (empty text for no value). @public */
export function freeFormToYaml(value: unknown): string {
  if (!isPlainObject(value) || !Object.keys(value).length) return '';
  return stringify(value);
}
