import { isMap, isPair, isScalar, parseAllDocuments, Pair } from 'yaml';
import { KubernetesObject } from '@kratix-backstage/plugin-kratix-common';

/** Which document of a file: kind, namespace (none for cluster-scoped) and name. */
export interface DocumentMatch {
  kind: string;
  namespace?: string;
  name: string;
}

/** What removing a label from one document of a file found. */
export type LabelRemoval =
  | { outcome: 'removed'; content: string }
  | { outcome: 'no-document' | 'absent' }
  /** The label holds another value than the one asked for: left alone. */
  | { outcome: 'other-value'; value: unknown };

function matches(object: KubernetesObject | null, match: DocumentMatch) {
  return (
    !!object &&
    typeof object === 'object' &&
    String(object.kind).toLowerCase() === match.kind.toLowerCase() &&
    object.metadata?.name === match.name &&
    (object.metadata?.namespace || 'default') === (match.namespace || 'default')
  );
}

/** Start of the line `offset` is on. */
const lineStart = (text: string, offset: number) =>
  text.lastIndexOf('\n', offset - 1) + 1;

/**
 * The end (after its newline) of the line a node ends on, when nothing but blanks and a
 * comment follow it there; undefined otherwise.
 */
function lineEndAfter(text: string, offset: number): number | undefined {
  const newline = text.indexOf('\n', offset);
  const end = newline === -1 ? text.length : newline + 1;
  return /^[ \t]*(#.*)?\r?\n?$/.test(text.slice(offset, end)) ? end : undefined;
}

/**
 * The text range of a block-style pair written on lines of its own (from the start of
 * `from`'s line to the end of `pair`'s line), or undefined when the pair is written any
 * other way (flow style, sharing a line with another key).
 */
function ownLines(
  text: string,
  from: Pair,
  pair: Pair,
): [number, number] | undefined {
  const start = (from.key as { range?: number[] })?.range?.[0];
  const valueEnd = (pair.value as { range?: number[] })?.range?.[1];
  if (start === undefined || valueEnd === undefined) return undefined;
  const begin = lineStart(text, start);
  if (text.slice(begin, start).trim() !== '') return undefined;
  const end = lineEndAfter(text, valueEnd);
  return end === undefined ? undefined : [begin, end];
}

/**
 * Removes one label from one document of a YAML file that may hold others, only when it
 * holds `expected`. The lines of the label (or of a `labels:` left empty by it) are cut out
 * of the text, so every other document, comment and line stays byte for byte; a label
 * written another way (flow style) is removed by re-rendering the file's documents, which
 * keeps their comments.
 */
export function removeDocumentLabel(
  text: string,
  match: DocumentMatch,
  label: string,
  expected: string,
): LabelRemoval {
  const documents = parseAllDocuments(text);
  const document = documents.find(
    d =>
      d.errors.length === 0 &&
      matches(d.toJS() as KubernetesObject | null, match),
  );
  if (!document) return { outcome: 'no-document' };
  const metadata = document.get('metadata', true);
  const labels = isMap(metadata) ? metadata.get('labels', true) : undefined;
  if (!isMap(labels)) return { outcome: 'absent' };
  const pair = labels.items.find(
    p => isPair(p) && isScalar(p.key) && p.key.value === label,
  );
  if (!pair) return { outcome: 'absent' };
  const value = isScalar(pair.value) ? pair.value.value : pair.value;
  if (value !== expected) return { outcome: 'other-value', value };
  const labelsPair = isMap(metadata)
    ? metadata.items.find(p => isScalar(p.key) && p.key.value === 'labels')
    : undefined;
  let range: [number, number] | undefined;
  if (!labels.flow && labelsPair)
    // A label alone in its map takes the `labels:` line with it.
    range = ownLines(text, labels.items.length === 1 ? labelsPair : pair, pair);
  if (range)
    return {
      outcome: 'removed',
      content: text.slice(0, range[0]) + text.slice(range[1]),
    };
  labels.delete(label);
  if (labels.items.length === 0) (metadata as typeof labels).delete('labels');
  return {
    outcome: 'removed',
    content: documents.map(d => d.toString()).join(''),
  };
}
