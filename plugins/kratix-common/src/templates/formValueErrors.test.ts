import { checkFormValue, formErrorMessages } from './formValueErrors';

describe('checkFormValue', () => {
  const name = {
    type: 'string',
    pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
    maxLength: 10,
  };

  it('says what is wrong with a typed string, in the words of its errorMessage', () => {
    expect(checkFormValue(name, 'Team_A')).toBe(
      "Must be lower-case letters, digits and '-'; starts and ends with a letter or digit",
    );
    expect(checkFormValue(name, 'a-much-too-long-name')).toBe(
      'Must be no more than 10 characters',
    );
    expect(checkFormValue(name, 'team-a')).toBeUndefined();
    expect(
      checkFormValue({ type: 'string', minLength: 1 }, 'x'),
    ).toBeUndefined();
    expect(checkFormValue({ type: 'string', minLength: 3 }, 'xy')).toBe(
      'Must be at least 3 characters',
    );
  });

  it('leaves an empty value to the required check', () => {
    expect(checkFormValue(name, '')).toBeUndefined();
    expect(checkFormValue(name, undefined)).toBeUndefined();
  });

  it('checks numbers: type, bounds and steps', () => {
    const agents = { type: 'integer', minimum: 0, maximum: 10 };
    expect(checkFormValue(agents, 11)).toBe('Must be at most 10');
    expect(checkFormValue(agents, -1)).toBe('Must be at least 0');
    expect(checkFormValue(agents, 2.5)).toBe('Must be a whole number');
    expect(checkFormValue(agents, 'ten')).toBe('Must be a whole number');
    expect(checkFormValue(agents, 10)).toBeUndefined();
    const ratio = {
      type: ['number', 'null'],
      exclusiveMinimum: 0,
      multipleOf: 0.1,
    };
    expect(checkFormValue(ratio, 0)).toBe('Must be greater than 0');
    expect(checkFormValue(ratio, 0.3)).toBeUndefined();
    expect(checkFormValue(ratio, 0.35)).toBe('Must be a multiple of 0.1');
    expect(checkFormValue(ratio, null)).toBeUndefined();
  });

  it("reads Go's inline flags in a pattern as the API server does", () => {
    expect(
      checkFormValue({ type: 'string', pattern: '(?i)^[a-z]+$' }, 'ABC'),
    ).toBeUndefined();
    expect(
      checkFormValue({ type: 'string', pattern: '(?i)^[a-z]+$' }, 'AB1'),
    ).toBe('Must match the pattern (?i)^[a-z]+$');
  });
});

describe('formErrorMessages', () => {
  it('has a sentence per constraint keyword', () => {
    expect(
      formErrorMessages({
        type: 'string',
        enum: ['small', 'large'],
        minLength: 1,
      }),
    ).toEqual({
      enum: 'Must be one of "small", "large"',
      minLength: 'Must be at least 1 character',
    });
  });
});
