import { stringify } from 'yaml';

/** One line of a line diff: kept (' '), removed ('-') or added ('+'). @public */
export interface DiffLine {
  op: ' ' | '-' | '+';
  text: string;
}

/**
 * The line diff of two texts by their longest common subsequence (documents of a Promise
 * are a few hundred lines, so the quadratic table is small).
 * @public
 */
export function diffLines(from: string, to: string): DiffLine[] {
  const a = from === '' ? [] : from.replace(/\n$/, '').split('\n');
  const b = to === '' ? [] : to.replace(/\n$/, '').split('\n');
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () =>
    new Array<number>(b.length + 1).fill(0),
  );
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i][j] =
        a[i] === b[j]
          ? lcs[i + 1][j + 1] + 1
          : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ op: ' ', text: a[i] });
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
      out.push({ op: '-', text: a[i++] });
    } else {
      out.push({ op: '+', text: b[j++] });
    }
  }
  while (i < a.length) out.push({ op: '-', text: a[i++] });
  while (j < b.length) out.push({ op: '+', text: b[j++] });
  return out;
}

/** A YAML document diff of two values: the texts and their lines, `changed` false when equal. @public */
export interface DocumentDiff {
  changed: boolean;
  lines: DiffLine[];
}

/** The diff of two values written as YAML (an absent value is an empty document). @public */
export function diffDocuments(from: unknown, to: unknown): DocumentDiff {
  const text = (v: unknown) => (v === undefined ? '' : stringify(v));
  const lines = diffLines(text(from), text(to));
  return { changed: lines.some(l => l.op !== ' '), lines };
}
