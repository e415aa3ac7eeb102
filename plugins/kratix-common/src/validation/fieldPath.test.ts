import { appendFieldPath, quoteValue } from './fieldPath';

describe('appendFieldPath', () => {
  it('dots plain keys, brackets indexes and quotes other keys', () => {
    expect(appendFieldPath('spec', 'replicas')).toBe('spec.replicas');
    expect(appendFieldPath('spec.replicas', 0)).toBe('spec.replicas[0]');
    expect(appendFieldPath('spec', 'team-id')).toBe('spec.team-id');
    expect(appendFieldPath('metadata.labels', 'app.kubernetes.io/name')).toBe(
      'metadata.labels["app.kubernetes.io/name"]',
    );
    expect(appendFieldPath('spec.map', '0')).toBe('spec.map["0"]');
  });
});

describe('quoteValue', () => {
  it('shows values safely and briefly', () => {
    expect(quoteValue('a\nb')).toBe('"a\\nb"');
    expect(quoteValue('x'.repeat(100))).toBe(`"${'x'.repeat(70)}…"`);
    expect(quoteValue(1.5)).toBe('1.5');
    expect(quoteValue(null)).toBe('null');
    expect(quoteValue([1])).toBe('an array');
    expect(quoteValue({})).toBe('an object');
    expect(quoteValue(undefined)).toBe('undefined');
  });
});
