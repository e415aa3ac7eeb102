import {
  freeFormToYaml,
  parseFreeFormYaml,
} from '@kratix-backstage/plugin-kratix-common';

/** A spec being edited: in the form (an object) or as YAML (its text). */
export type SpecDraft =
  | { mode: 'form'; spec: Record<string, unknown> }
  | { mode: 'yaml'; text: string };

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The form leaves `undefined` where a field was cleared; the spec has no such key. */
export function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutUndefined) as T;
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, withoutUndefined(v)]),
  ) as T;
}

/** The spec a draft stands for, or why its YAML cannot be read as one. */
export function readDraft(
  draft: SpecDraft,
): { spec: Record<string, unknown>; error?: undefined } | { error: string } {
  if (draft.mode === 'form') return { spec: withoutUndefined(draft.spec) };
  const read = parseFreeFormYaml(draft.text);
  if (read.error !== undefined) return { error: read.error };
  return { spec: read.value ?? {} };
}

/** The same spec in the other view, or why the YAML cannot go back to the form. */
export function switchDraft(draft: SpecDraft): SpecDraft | { error: string } {
  const read = readDraft(draft);
  if (read.error !== undefined) return { error: read.error };
  return draft.mode === 'form'
    ? { mode: 'yaml', text: freeFormToYaml(read.spec) }
    : { mode: 'form', spec: read.spec };
}
