import { SPEC_FORM_FIELDS, toSpecFormSchema } from './specFormSchema';

describe('toSpecFormSchema', () => {
  it('labels properties by title, else by their name in words, and keeps what rjsf shows', () => {
    const { schema } = toSpecFormSchema({
      type: 'object',
      required: ['dbName'],
      properties: {
        dbName: { type: 'string', description: 'The database', maxLength: 63 },
        size: { type: 'string', title: 'Disk size', enum: ['s', 'm'] },
        // apiextensions v1 JSONSchemaProps: OpenAPI v3.0's boolean exclusiveMinimum.
        weight: { type: 'number', minimum: 0, exclusiveMinimum: true },
        mode: { enum: ['a', 'b'] },
        note: { type: 'string', nullable: true },
      },
    });
    expect(schema).toEqual({
      type: 'object',
      required: ['dbName'],
      properties: {
        dbName: {
          type: 'string',
          title: 'Db name',
          description: 'The database',
          maxLength: 63,
        },
        size: { type: 'string', title: 'Disk size', enum: ['s', 'm'] },
        weight: { type: 'number', title: 'Weight', exclusiveMinimum: 0 },
        mode: { type: 'string', title: 'Mode', enum: ['a', 'b'] },
        note: { type: ['string', 'null'], title: 'Note' },
      },
    });
  });

  it('says a pattern and a default in words and leaves the pattern to the suite’s check', () => {
    const { schema } = toSpecFormSchema({
      properties: {
        name: {
          type: 'string',
          pattern: '^[a-z0-9]+$',
          default: 'web',
          description: 'Its name.',
        },
        code: { type: 'string', pattern: '^[A-Z]{3}-\\d+$' },
      },
    });
    expect(schema.properties).toEqual({
      name: {
        type: 'string',
        title: 'Name',
        default: 'web',
        description:
          'Its name. Allowed: lower-case letters and digits only. Default: web.',
      },
      code: { type: 'string', title: 'Code' },
    });
  });

  it('edits free-form objects as YAML and int-or-string values as loose text, in arrays too', () => {
    const { schema, uiSchema } = toSpecFormSchema({
      properties: {
        values: {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
        },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        port: { 'x-kubernetes-int-or-string': true },
        hooks: {
          type: 'array',
          items: {
            type: 'object',
            'x-kubernetes-preserve-unknown-fields': true,
          },
        },
        closed: { type: 'object', properties: { a: { type: 'string' } } },
      },
    });
    expect(uiSchema).toEqual({
      values: { 'ui:field': SPEC_FORM_FIELDS.yamlObject },
      labels: { 'ui:field': SPEC_FORM_FIELDS.yamlObject },
      port: { 'ui:field': SPEC_FORM_FIELDS.looseValue },
      hooks: { items: { 'ui:field': SPEC_FORM_FIELDS.yamlObject } },
    });
    expect((schema.properties as any).port).toEqual({
      type: ['integer', 'string'],
      title: 'Port',
      description: 'A number or a string.',
    });
  });
});
