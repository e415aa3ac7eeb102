import { describePattern } from './describePattern';

describe('describePattern', () => {
  it('says the Kubernetes name rules in words', () => {
    expect(describePattern('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$')).toBe(
      "lower-case letters, digits and '-'; starts and ends with a letter or digit",
    );
    expect(describePattern('^[0-9]+$')).toBe('digits only');
    // The seed's team ids: a letter first, then letters, digits and '-'.
    expect(describePattern('^[a-z][a-z0-9-]*$')).toBe(
      "lower-case letters, digits and '-'; starts with a letter",
    );
  });

  it('has no words for patterns it does not know', () => {
    expect(describePattern('^(foo|bar)-[0-9]{3}$')).toBeUndefined();
  });
});
