import { fieldSegments, inWords, placeErrors } from './specFormErrors';
import { toSpecFormSchema } from './specFormSchema';

const api = {
  type: 'object',
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9]+$' },
    code: {
      type: 'string',
      pattern: '^[A-Z]{3}$',
      description: 'Three capitals naming the cost centre.',
    },
    teamCode: { type: 'string', pattern: '^[A-Z]{3}$' },
    dbs: {
      type: 'array',
      items: { type: 'object', properties: { size: { type: 'integer' } } },
    },
    values: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
  },
};

describe('fieldSegments', () => {
  it('reads the suite’s field paths back into keys and indexes', () => {
    expect(fieldSegments('spec')).toEqual([]);
    expect(fieldSegments('spec.dbs[0].size')).toEqual(['dbs', 0, 'size']);
    expect(fieldSegments('spec.labels["app.kubernetes.io/name"]')).toEqual([
      'labels',
      'app.kubernetes.io/name',
    ]);
    expect(fieldSegments('metadata.name')).toBeUndefined();
  });
});

describe('inWords', () => {
  it("says what a pattern allows, or the field's label and description, never the expression", () => {
    const spec = { name: 'Web', code: 'x', teamCode: 'y' };
    const errors = inWords(
      [
        {
          field: 'spec.name',
          keyword: 'pattern',
          message:
            'spec.name must be lower-case letters and digits only (pattern ^[a-z0-9]+$) (got "Web")',
        },
        {
          field: 'spec.code',
          keyword: 'pattern',
          message: 'spec.code must match the pattern ^[A-Z]{3}$ (got "x")',
        },
        {
          field: 'spec.teamCode',
          keyword: 'pattern',
          message: 'spec.teamCode must match the pattern ^[A-Z]{3}$ (got "y")',
        },
        {
          field: 'spec.dbs[0].size',
          keyword: 'type',
          message: 'spec.dbs[0].size must be an integer',
        },
      ],
      api,
      spec,
    );
    expect(errors.map(e => e.message)).toEqual([
      'spec.name must be lower-case letters and digits only (got "Web")',
      'spec.code must be a valid Code: Three capitals naming the cost centre (got "x")',
      'spec.teamCode must be a valid Team code (got "y")',
      'spec.dbs[0].size must be an integer',
    ]);
  });
});

describe('placeErrors', () => {
  it('puts each error on its field, inside YAML-edited objects on the object, and lists the rest', () => {
    const form = toSpecFormSchema(api);
    const { errorSchema, unplaced } = placeErrors(
      [
        {
          field: 'spec.dbs[1].size',
          keyword: 'type',
          message: 'spec.dbs[1].size must be an integer (got "x")',
        },
        {
          field: 'spec.values.image',
          keyword: 'type',
          message: 'spec.values.image must be an object',
        },
        {
          field: 'spec.extra',
          keyword: 'additionalProperties',
          message: "spec.extra is not a field of this Promise's API",
        },
        {
          field: 'promise',
          keyword: 'schema',
          message: 'Promise "p" has a spec schema that cannot be checked',
        },
      ],
      form.uiSchema,
      form.schema,
    );
    expect(errorSchema).toEqual({
      dbs: { 1: { size: { __errors: ['Must be an integer (got "x")'] } } },
      values: { __errors: ['spec.values.image must be an object'] },
    });
    expect(unplaced.map(e => e.field)).toEqual(['spec.extra', 'promise']);
  });
});
