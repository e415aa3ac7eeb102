import { customResourceSchemaErrors } from './fakeSchemaValidation';

// Expected answers are the real API server's (v1.30), as fake.scenario.test.ts compares them.
describe('customResourceSchemaErrors', () => {
  const schema = {
    type: 'object',
    required: ['spec'],
    properties: {
      spec: {
        type: 'object',
        required: ['size'],
        properties: {
          size: { type: 'string', enum: ['s', 'm'] },
          replicas: { type: 'integer' },
          ratio: { type: 'number' },
          tags: { type: 'array', items: { type: 'string' } },
          port: { 'x-kubernetes-int-or-string': true },
        },
      },
      status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    },
  };

  it('names a missing required property by its path', () => {
    expect(customResourceSchemaErrors({ spec: {} }, schema)).toEqual([
      {
        field: 'spec.size',
        reason: 'FieldValueRequired',
        message: 'Required value',
      },
    ]);
    expect(customResourceSchemaErrors({}, schema)).toEqual([
      {
        field: 'spec',
        reason: 'FieldValueRequired',
        message: 'Required value',
      },
    ]);
  });

  it('checks types (an integer is a number), enums and array items', () => {
    expect(
      customResourceSchemaErrors(
        {
          spec: {
            size: 'x',
            replicas: 1.5,
            ratio: 2,
            tags: ['a', 3],
            port: 80,
          },
        },
        schema,
      ),
    ).toEqual([
      {
        field: 'spec.size',
        reason: 'FieldValueNotSupported',
        message: 'Unsupported value: "x": supported values: "s", "m"',
      },
      {
        field: 'spec.replicas',
        reason: 'FieldValueTypeInvalid',
        message:
          'Invalid value: "number": spec.replicas in body must be of type integer: "number"',
      },
      {
        field: 'spec.tags[1]',
        reason: 'FieldValueTypeInvalid',
        message:
          'Invalid value: "integer": spec.tags[1] in body must be of type string: "integer"',
      },
    ]);
  });

  it('leaves metadata to the server and accepts anything without a schema', () => {
    expect(
      customResourceSchemaErrors(
        { spec: { size: 's' } },
        { required: ['metadata'] },
      ),
    ).toEqual([]);
    expect(customResourceSchemaErrors({ anything: 1 }, undefined)).toEqual([]);
  });
});
