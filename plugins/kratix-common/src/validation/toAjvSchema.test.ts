import { toAjvSchema } from './toAjvSchema';

describe('toAjvSchema', () => {
  it('turns nullable into a type union, and lets null into an enum', () => {
    expect(
      toAjvSchema({ type: 'string', enum: ['a'], nullable: true }),
    ).toEqual({ type: ['string', 'null'], enum: ['a', null] });
  });

  it('turns int-or-string into a type union and drops the generated anyOf', () => {
    expect(
      toAjvSchema({
        'x-kubernetes-int-or-string': true,
        anyOf: [{ type: 'integer' }, { type: 'string' }],
      }),
    ).toEqual({
      'x-kubernetes-int-or-string': true,
      type: ['integer', 'string'],
    });
  });

  it('turns boolean exclusive bounds into numeric ones', () => {
    expect(
      toAjvSchema({
        type: 'number',
        minimum: 0,
        exclusiveMinimum: true,
        maximum: 9,
        exclusiveMaximum: false,
      }),
    ).toEqual({
      type: 'number',
      exclusiveMinimum: 0,
      maximum: 9,
    });
  });

  it('drops formats Kubernetes does not check and keeps those it does', () => {
    expect(toAjvSchema({ type: 'integer', format: 'int64' })).toEqual({
      type: 'integer',
    });
    expect(toAjvSchema({ type: 'string', format: 'email' })).toEqual({
      type: 'string',
      format: 'email',
    });
  });

  it('closes declared objects but not preserved ones, maps, or junctor branches', () => {
    expect(
      toAjvSchema({
        type: 'object',
        properties: {
          closed: { type: 'object', properties: { a: { type: 'string' } } },
          open: {
            type: 'object',
            'x-kubernetes-preserve-unknown-fields': true,
          },
          map: { type: 'object', additionalProperties: { type: 'string' } },
        },
        anyOf: [
          { properties: { closed: { properties: { a: { minLength: 1 } } } } },
        ],
      }),
    ).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: {
        closed: {
          type: 'object',
          properties: { a: { type: 'string' } },
          additionalProperties: false,
        },
        open: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        map: { type: 'object', additionalProperties: { type: 'string' } },
      },
      anyOf: [
        { properties: { closed: { properties: { a: { minLength: 1 } } } } },
      ],
    });
  });

  it('drops $ref and friends and does not change its input', () => {
    const input = {
      type: 'object',
      properties: { a: { $ref: '#/definitions/x', nullable: true } },
      definitions: { x: {} },
    };
    const copy = JSON.parse(JSON.stringify(input));
    expect(toAjvSchema(input)).toEqual({
      type: 'object',
      properties: { a: {} },
      additionalProperties: false,
    });
    expect(input).toEqual(copy);
  });
});
