import { cleanDirectory } from './cleanDirectory';

describe('cleanDirectory', () => {
  it.each([
    [undefined, '.'],
    ['', '.'],
    ['.', '.'],
    ['./', '.'],
    ['backstage', 'backstage'],
    ['backstage/', 'backstage'],
    ['./backstage', 'backstage'],
    ['a//b/', 'a/b'],
    ['a/../b', 'b'],
    ['a/..', '.'],
    ['../a', '../a'],
    ['/a/', '/a'],
    ['/../a', '/a'],
    ['/', '/'],
  ])('cleans %p to %p', (input, expected) => {
    expect(cleanDirectory(input)).toBe(expected);
  });
});
