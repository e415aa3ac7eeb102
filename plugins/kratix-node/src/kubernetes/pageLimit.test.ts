import { FIRST_PAGE_LIMIT, nextPageLimit, PAGE_TEXT_BYTES } from './pageLimit';

describe('nextPageLimit', () => {
  it('asks for as many objects as the last page suggests fit the page text', () => {
    // 1 KB an object: 96 to a page.
    expect(nextPageLimit(50 * 1024, 50, 500)).toBe(96);
    expect(nextPageLimit(50 * 100, 50, 500)).toBe(500);
    expect(PAGE_TEXT_BYTES).toBeLessThan(128 * 1024);
  });

  it('keeps between the fewest a page asks for and the caller’s limit', () => {
    expect(nextPageLimit(50 * 1024 * 1024, 50, 500)).toBe(10);
    expect(nextPageLimit(50 * 1024 * 1024, 50, 4)).toBe(4);
    expect(nextPageLimit(0, 0, 500)).toBe(500);
    expect(FIRST_PAGE_LIMIT).toBeLessThan(500);
  });
});
