import {
  checkFormValue,
  formErrorMessages,
  patternMessage,
} from './formValueErrors';

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
      checkFormValue(
        { type: 'string', title: 'Code', pattern: '(?i)^[a-z]+$' },
        'AB1',
      ),
    ).toBe('Must be a valid Code');
  });
});

describe('patternMessage', () => {
  const code = {
    type: 'string',
    title: 'Cost centre',
    description: 'The finance code of the team, such as CC-1234.',
    pattern: '^CC-[0-9]{4}$',
  };

  it("says a pattern the suite has no words for with the field's title and description", () => {
    expect(patternMessage(code)).toBe(
      'Must be a valid Cost centre: The finance code of the team, such as CC-1234',
    );
    expect(checkFormValue(code, 'cc-12')).toBe(patternMessage(code));
    expect(patternMessage({ pattern: '^CC-[0-9]{4}$' })).toBe(
      'Must be a valid value',
    );
  });

  it('says a pattern it knows in words', () => {
    expect(patternMessage({ title: 'Team', pattern: '^[a-z0-9]+$' })).toBe(
      'Must be lower-case letters and digits only',
    );
  });

  it('never prints the regular expression', () => {
    for (const schema of [code, { ...code, description: undefined }])
      expect(formErrorMessages(schema).pattern).not.toContain('[0-9]');
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
