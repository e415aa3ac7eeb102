import {
  isDns1123Label,
  validateDns1123Label,
  validateDns1123Subdomain,
  validateLabels,
  validateLabelValue,
  validateQualifiedName,
} from './kubernetesNames';

const LABEL_SHAPE =
  "must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";

describe('validateDns1123Label', () => {
  it.each(['a', '1', 'a---b', '1db', 'orders-db-2', 'a'.repeat(63)])(
    'accepts %p',
    name => {
      expect(validateDns1123Label('metadata.name', name)).toEqual([]);
    },
  );

  it('explains the rule with the field and the value', () => {
    expect(validateDns1123Label('metadata.name', 'My_DB')).toEqual([
      {
        field: 'metadata.name',
        message: `metadata.name "My_DB" ${LABEL_SHAPE}`,
        keyword: 'pattern',
      },
    ]);
  });

  it('rejects 64 characters with the length and nothing else', () => {
    expect(validateDns1123Label('metadata.name', 'a'.repeat(64))).toEqual([
      {
        field: 'metadata.name',
        message: 'metadata.name must be no more than 63 characters (it has 64)',
        keyword: 'maxLength',
      },
    ]);
  });

  it('reports both length and shape when both are wrong', () => {
    expect(
      validateDns1123Label('metadata.namespace', 'A'.repeat(70)).map(
        e => e.keyword,
      ),
    ).toEqual(['maxLength', 'pattern']);
  });

  it.each([
    ['-a', ''],
    ['a-', ''],
    ['A', ''],
    ['a.b', ''],
    ['a_b', ''],
    ['ünïcode', ''],
    ['../etc', ' (it looks like a relative path that leaves its directory)'],
    ['..', ' (it is a relative path)'],
    ['/abs', ' (it looks like an absolute path)'],
    ['/etc/passwd', ' (it looks like an absolute path)'],
    ['a/b', ' (path separators are not allowed)'],
    ['a\\b', ' (path separators are not allowed)'],
    ['---', ' (it is a YAML document separator)'],
    ['...', ' (it is a YAML document separator)'],
    ['a b', ' (whitespace and line breaks are not allowed)'],
    ['db\n---\nkind: Secret', ' (whitespace and line breaks are not allowed)'],
  ])('rejects %p', (name, hazard) => {
    expect(validateDns1123Label('metadata.name', name)).toEqual([
      {
        field: 'metadata.name',
        message: `metadata.name ${JSON.stringify(
          name,
        )} ${LABEL_SHAPE}${hazard}`,
        keyword: 'pattern',
      },
    ]);
  });

  it.each([[''], [undefined], [null]])('requires a value, not %p', value => {
    expect(validateDns1123Label('metadata.name', value)).toEqual([
      {
        field: 'metadata.name',
        message: 'metadata.name is required',
        keyword: 'required',
      },
    ]);
  });

  it('rejects values that are not strings', () => {
    expect(validateDns1123Label('metadata.namespace', 42)).toEqual([
      {
        field: 'metadata.namespace',
        message: 'metadata.namespace must be a string (got 42)',
        keyword: 'type',
      },
    ]);
  });

  it('shortens a very long value in the message', () => {
    const [, shape] = validateDns1123Label('metadata.name', 'X'.repeat(500));
    expect(shape.message).toContain(`"${'X'.repeat(70)}…"`);
    expect(shape.message.length).toBeLessThan(250);
  });
});

describe('validateDns1123Subdomain', () => {
  it.each([
    'a',
    'postgresqls.marketplace.kratix.io',
    'a-b.c-d',
    `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`,
  ])('accepts %p', name =>
    expect(validateDns1123Subdomain('crd', name)).toEqual([]),
  );

  it.each(['a..b', '.a', 'a.', 'a.-b', 'A.b', '../etc', '/abs'])(
    'rejects %p',
    name => {
      expect(validateDns1123Subdomain('crd', name)).toEqual([
        expect.objectContaining({
          keyword: 'pattern',
          message: expect.stringContaining(
            "must consist of lower case alphanumeric characters, '-' or '.'",
          ),
        }),
      ]);
    },
  );

  it('allows 253 characters and no more', () => {
    expect(validateDns1123Subdomain('crd', 'a'.repeat(253))).toEqual([]);
    expect(validateDns1123Subdomain('crd', 'a'.repeat(254))).toEqual([
      {
        field: 'crd',
        message: 'crd must be no more than 253 characters (it has 254)',
        keyword: 'maxLength',
      },
    ]);
  });
});

describe('validateLabelValue', () => {
  it.each(['', 'a', 'Team_A.v1', 'x'.repeat(63), '1-2_3.4'])(
    'accepts %p',
    value => {
      expect(validateLabelValue('metadata.labels.team', value)).toEqual([]);
    },
  );

  it.each(['_a', 'a.', '-', 'a b', 'group:default/team-a', '../etc'])(
    'rejects %p',
    value => {
      expect(validateLabelValue('metadata.labels.team', value)).toEqual([
        expect.objectContaining({
          keyword: 'pattern',
          message: expect.stringContaining(
            "must be empty or consist of alphanumeric characters, '-', '_' or '.'",
          ),
        }),
      ]);
    },
  );

  it('rejects 64 characters', () => {
    expect(validateLabelValue('v', 'x'.repeat(64))).toEqual([
      {
        field: 'v',
        message: 'v must be no more than 63 characters (it has 64)',
        keyword: 'maxLength',
      },
    ]);
  });
});

describe('validateQualifiedName', () => {
  it.each([
    'app',
    'App_Name.v1',
    'kratix.io/promise-name',
    'app.kubernetes.io/name',
    'backstage.io/owner',
  ])('accepts %p', key => {
    expect(validateQualifiedName('key', key)).toEqual([]);
  });

  it.each([
    [
      'a/b/c',
      'key "a/b/c" must be a name with an optional DNS subdomain prefix',
    ],
    ['/name', 'key prefix is required'],
    ['Example.com/name', 'key prefix "Example.com" must consist of'],
    ['example.com/', 'key name part is required'],
    [
      'example.com/-x',
      'key name part "-x" must consist of alphanumeric characters',
    ],
    ['', 'key is required'],
  ])('rejects %p', (key, message) => {
    expect(validateQualifiedName('key', key)).toEqual([
      expect.objectContaining({
        field: 'key',
        message: expect.stringContaining(message),
      }),
    ]);
  });
});

describe('validateLabels', () => {
  it('accepts a good map and nothing at all', () => {
    expect(
      validateLabels('metadata.labels', {
        'kratix.io/promise-name': 'postgresql',
        team: 'orders',
      }),
    ).toEqual([]);
    expect(validateLabels('metadata.labels', undefined)).toEqual([]);
  });

  it('names the key in the field path of a bad value, and reports bad keys', () => {
    expect(
      validateLabels('metadata.labels', {
        'backstage.io/owner': 'group:default/team-a',
        'Bad Key': 'x',
      }),
    ).toEqual([
      expect.objectContaining({
        field: 'metadata.labels["backstage.io/owner"]',
        keyword: 'pattern',
      }),
      expect.objectContaining({
        field: 'metadata.labels["Bad Key"]',
        message: expect.stringMatching(
          /^metadata\.labels key "Bad Key" must consist of alphanumeric characters/,
        ),
      }),
    ]);
  });

  it('rejects non-string values and non-maps', () => {
    expect(validateLabels('metadata.labels', { replicas: 3 })).toEqual([
      {
        field: 'metadata.labels.replicas',
        message: 'metadata.labels.replicas must be a string (got 3)',
        keyword: 'type',
      },
    ]);
    expect(validateLabels('metadata.labels', ['a'])).toEqual([
      {
        field: 'metadata.labels',
        message: 'metadata.labels must be a map of strings (got an array)',
        keyword: 'type',
      },
    ]);
  });
});

describe('isDns1123Label', () => {
  it('answers quickly for guards', () => {
    expect(isDns1123Label('a---b')).toBe(true);
    expect(isDns1123Label('a'.repeat(64))).toBe(false);
    expect(isDns1123Label('-a')).toBe(false);
    expect(isDns1123Label(7)).toBe(false);
  });
});
