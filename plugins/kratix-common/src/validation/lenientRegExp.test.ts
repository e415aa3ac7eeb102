import { lenientRegExp } from './lenientRegExp';

describe('lenientRegExp', () => {
  it('compiles ordinary patterns with the unicode flag', () => {
    const rx = lenientRegExp('^\\p{Lu}+$', 'u');
    expect(rx.test('ÄB')).toBe(true);
    expect(rx.test('ab')).toBe(false);
  });

  it('turns a leading Go inline flag into a JavaScript flag', () => {
    expect(lenientRegExp('(?i)^abc$', 'u').test('ABC')).toBe(true);
  });

  it('retries without the unicode flag for escapes only legacy mode allows', () => {
    expect(lenientRegExp('^a\\_b$', 'u').test('a_b')).toBe(true);
  });

  it('accepts everything for a pattern JavaScript cannot read, leaving it to the API server', () => {
    const rx = lenientRegExp('^(?P<name>[a-z]+)$', 'u');
    expect(rx.test('ANYTHING')).toBe(true);
    expect(String(rx)).toBe('unchecked:^(?P<name>[a-z]+)$');
  });
});
