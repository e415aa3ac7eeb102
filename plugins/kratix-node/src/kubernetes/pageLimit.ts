/*
 * How many objects a list asks for per page. V8 makes a string longer than its large-object
 * size (128 KB) several times slower than a shorter one, and JSON.parse needs the whole page
 * as one string: measured on 200,000 WorkPlacements, pages of 140 KB of text took 1.4 s to
 * decode and 110 KB pages 0.6 s. So a page asks for as many objects as the pages before
 * suggest fit in PAGE_TEXT_BYTES, up to the caller's limit.
 */

/** The text a page aims at, below V8's large-object size with room for larger objects. */
export const PAGE_TEXT_BYTES = 96 * 1024;

/** The first page of a list, before the size of its objects is known. */
export const FIRST_PAGE_LIMIT = 50;

/** The fewest objects a page asks for, however large they are. */
const MIN_PAGE_LIMIT = 10;

/**
 * The limit of the next page, given the text and the number of objects of the last one, and
 * the caller's limit (the most a page may ask for).
 */
export function nextPageLimit(
  textBytes: number,
  objects: number,
  max: number,
): number {
  if (objects === 0 || textBytes === 0) return max;
  const fit = Math.floor(PAGE_TEXT_BYTES / (textBytes / objects));
  return Math.max(Math.min(fit, max), Math.min(MIN_PAGE_LIMIT, max));
}
