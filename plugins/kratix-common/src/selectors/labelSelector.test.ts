import {
  formatLabelSelector,
  matchesLabelSelector,
  parseLabelSelector,
} from './labelSelector';

describe('label selectors', () => {
  const labels = { 'kratix.io/promise-name': 'redis', tier: 'gold', zone: 'a' };
  const matches = (s: string) =>
    matchesLabelSelector(labels, parseLabelSelector(s));

  it('parses and matches every operator', () => {
    expect(matches('kratix.io/promise-name=redis')).toBe(true);
    expect(matches('kratix.io/promise-name==redis,tier=gold')).toBe(true);
    expect(matches('tier!=gold')).toBe(false);
    expect(matches('missing!=x')).toBe(true);
    expect(matches('zone in (a, b)')).toBe(true);
    expect(matches('zone notin (a)')).toBe(false);
    expect(matches('tier')).toBe(true);
    expect(matches('!tier')).toBe(false);
    expect(matches('!missing,zone in (b,c)')).toBe(false);
    expect(matches('')).toBe(true);
  });

  it('rejects unreadable selectors', () => {
    expect(() => parseLabelSelector('a=b=c')).toThrow('Unable to parse');
  });

  it('formats equality selectors', () => {
    expect(formatLabelSelector({ a: 'b', c: 'd' })).toBe('a=b,c=d');
  });
});
