import { CSSProperties } from 'react';

/**
 * A cell of words: wrapped between words only. The Backstage theme lets table cells break
 * anywhere, which with material-table's equal column widths split words mid-way
 * ("GitStateSt ore"); a column is now never narrower than its longest word. Give a
 * `highlight` column a copy: the Backstage table writes its bold into the style object.
 */
export const wordCell: CSSProperties = {
  wordBreak: 'normal',
  overflowWrap: 'normal',
};

/** A long token (a path, a label, an API group) that may break where it does not fit. */
export const longToken: CSSProperties = {
  wordBreak: 'normal',
  overflowWrap: 'anywhere',
};

/** Chips that wrap as a group, each kept whole. */
export const chipRow: CSSProperties = {
  display: 'flex',
  flexWrap: 'wrap',
  gap: 4,
};

/**
 * Paging options for a table of `rows` rows: the pager only when there is more than one
 * page, and never blank filler rows under a short last page.
 */
export function pagingFor(
  rows: number,
  pageSize = 20,
): { paging: boolean; pageSize: number; emptyRowsWhenPaging: false } {
  return { paging: rows > pageSize, pageSize, emptyRowsWhenPaging: false };
}

/**
 * A table's columns with its Platform column (`field: 'platform'`) shown only when its rows
 * come from more than one platform: with one, the column repeats one word on every row and
 * takes width the others need.
 */
export function withPlatformColumn<
  T extends { platform: string },
  C extends { field?: unknown },
>(columns: C[], rows: T[]): C[] {
  const hidden = new Set(rows.map(r => r.platform)).size < 2;
  return columns.map(c => (c.field === 'platform' ? { ...c, hidden } : c));
}
