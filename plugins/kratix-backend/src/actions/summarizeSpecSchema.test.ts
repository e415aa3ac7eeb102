import { summarizeSpecSchema } from './summarizeSpecSchema';

describe('summarizeSpecSchema', () => {
  it('flattens nested objects and array items into dotted paths with their constraints', () => {
    expect(
      summarizeSpecSchema({
        type: 'object',
        required: ['image'],
        properties: {
          image: { type: 'string', pattern: '^ghcr\\.io/' },
          port: { 'x-kubernetes-int-or-string': true },
          database: {
            type: 'object',
            required: ['size'],
            properties: {
              size: { type: 'string', enum: ['small', 'large'] },
            },
          },
          users: {
            type: 'array',
            items: {
              type: 'object',
              properties: { name: { type: 'string', maxLength: 20 } },
            },
          },
          extra: {
            type: 'object',
            'x-kubernetes-preserve-unknown-fields': true,
          },
        },
      }),
    ).toEqual({
      truncated: false,
      fields: [
        {
          path: 'image',
          type: 'string',
          required: true,
          pattern: '^ghcr\\.io/',
        },
        { path: 'port', type: 'int-or-string', required: false },
        { path: 'database', type: 'object', required: false },
        {
          path: 'database.size',
          type: 'string',
          required: true,
          enum: ['small', 'large'],
        },
        { path: 'users', type: 'array of object', required: false },
        {
          path: 'users[].name',
          type: 'string',
          required: false,
          maxLength: 20,
        },
        { path: 'extra', type: 'object', required: false, freeForm: true },
      ],
    });
  });

  it('says so when it cuts a deep schema short, and gives nothing for a Promise without one', () => {
    const deep = (depth: number): any =>
      depth === 0
        ? { type: 'string' }
        : { type: 'object', properties: { next: deep(depth - 1) } };
    const summary = summarizeSpecSchema(deep(6));
    expect(summary.truncated).toBe(true);
    expect(summary.fields.map(f => f.path)).toEqual([
      'next',
      'next.next',
      'next.next.next',
      'next.next.next.next',
    ]);
    expect(summarizeSpecSchema(undefined)).toEqual({
      fields: [],
      truncated: false,
    });
  });
});
