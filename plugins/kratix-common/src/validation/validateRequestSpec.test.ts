import { JSONSchemaProps } from '../model';
import {
  jenkinsPromise,
  legacyXaasCrdPromise,
  nginxIngressPromise,
  postgresqlPromise,
  promiseWithSpecSchema,
} from './__fixtures__/promises';
import { validateRequestSpec } from './validateRequestSpec';

const validSpec = () => ({
  teamId: 'orders',
  instances: 2,
  size: 'medium',
  storageGB: 20.5,
  highAvailability: true,
  databases: [{ name: 'orders', owner: 'app', extensions: ['pgcrypto'] }],
  backup: {
    enabled: true,
    schedule: '0 2 * * *',
    retentionDays: 7,
    startAt: '2026-01-01T02:00:00Z',
  },
  parameters: { max_connections: '100' },
  tuning: { work_mem: '4MB' },
  port: 5432,
});

const errorsFor = (spec: unknown) =>
  validateRequestSpec(postgresqlPromise(), spec).errors;
const errorsWith = (patch: Record<string, unknown>) =>
  errorsFor({ ...validSpec(), ...patch });
const playgroundErrors = (specSchema: JSONSchemaProps, spec: unknown) =>
  validateRequestSpec(promiseWithSpecSchema(specSchema), spec).errors;

describe('validateRequestSpec against the postgresql Promise', () => {
  it('accepts a full, valid spec', () => {
    expect(validateRequestSpec(postgresqlPromise(), validSpec())).toEqual({
      valid: true,
      errors: [],
    });
  });

  it('accepts the smallest valid spec', () => {
    expect(errorsFor({ teamId: 'orders' })).toEqual([]);
  });

  it.each([
    [
      'string',
      { teamId: 5 },
      'spec.teamId',
      'spec.teamId must be a string (got 5)',
    ],
    [
      'integer given a string',
      { instances: 'two' },
      'spec.instances',
      'spec.instances must be an integer (got "two")',
    ],
    [
      'integer given a fraction',
      { instances: 1.5 },
      'spec.instances',
      'spec.instances must be an integer (got 1.5)',
    ],
    [
      'number',
      { storageGB: 'big' },
      'spec.storageGB',
      'spec.storageGB must be a number (got "big")',
    ],
    [
      'boolean',
      { highAvailability: 'yes' },
      'spec.highAvailability',
      'spec.highAvailability must be a boolean (got "yes")',
    ],
    [
      'array',
      { databases: 'orders' },
      'spec.databases',
      'spec.databases must be an array (got "orders")',
    ],
    [
      'object',
      { backup: 'daily' },
      'spec.backup',
      'spec.backup must be an object (got "daily")',
    ],
    [
      'array item type',
      { databases: [{ name: 'a', extensions: [7] }] },
      'spec.databases[0].extensions[0]',
      'spec.databases[0].extensions[0] must be a string (got 7)',
    ],
    [
      'enum',
      { size: 'huge' },
      'spec.size',
      'spec.size must be one of "small", "medium", "large" (got "huge")',
    ],
    [
      'pattern',
      { teamId: 'Orders' },
      'spec.teamId',
      // API clients get the expression beside the words (forms show only words).
      'spec.teamId must be lower-case letters, digits and \'-\'; starts with a letter (pattern ^[a-z][a-z0-9-]*$) (got "Orders")',
    ],
    [
      'minimum',
      { instances: 0 },
      'spec.instances',
      'spec.instances must be at least 1 (got 0)',
    ],
    [
      'maximum',
      { instances: 6 },
      'spec.instances',
      'spec.instances must be at most 5 (got 6)',
    ],
    [
      'exclusive maximum (OpenAPI boolean form)',
      { storageGB: 1000 },
      'spec.storageGB',
      'spec.storageGB must be less than 1000 (got 1000)',
    ],
    [
      'minimum of a number',
      { storageGB: 0.1 },
      'spec.storageGB',
      'spec.storageGB must be at least 0.5 (got 0.1)',
    ],
    [
      'minLength',
      { teamId: 'a' },
      'spec.teamId',
      'spec.teamId must be at least 2 characters long (it has 1 character)',
    ],
    [
      'maxLength',
      { dbName: 'x'.repeat(31) },
      'spec.dbName',
      'spec.dbName must be no more than 30 characters (it has 31 characters)',
    ],
    [
      'minItems',
      { databases: [] },
      'spec.databases',
      'spec.databases must have at least 1 item (it has 0 items)',
    ],
    [
      'maxItems',
      {
        databases: [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd' }],
      },
      'spec.databases',
      'spec.databases must have no more than 3 items (it has 4 items)',
    ],
    [
      'nested required',
      { databases: [{ owner: 'app' }] },
      'spec.databases[0].name',
      'spec.databases[0].name is required',
    ],
    [
      'required in a nested object',
      { backup: { schedule: '@daily' } },
      'spec.backup.enabled',
      'spec.backup.enabled is required',
    ],
    [
      'format',
      { backup: { enabled: true, startAt: 'tomorrow' } },
      'spec.backup.startAt',
      'spec.backup.startAt must be a valid date-time (got "tomorrow")',
    ],
    [
      'map values',
      { parameters: { max_connections: 100 } },
      'spec.parameters.max_connections',
      'spec.parameters.max_connections must be a string (got 100)',
    ],
    [
      'int-or-string',
      { port: true },
      'spec.port',
      'spec.port must be an integer or a string (got true)',
    ],
    [
      'non-nullable null',
      { dbName: null },
      'spec.dbName',
      'spec.dbName must be a string (got null)',
    ],
  ])('reports the %s violation', (_, patch, field, message) => {
    const errors = errorsWith(patch);
    expect(errors).toEqual([{ field, message, keyword: expect.any(String) }]);
  });

  it('reports a missing top-level required field', () => {
    expect(errorsFor({})).toEqual([
      {
        field: 'spec.teamId',
        message: 'spec.teamId is required',
        keyword: 'required',
      },
    ]);
  });

  it('reports undeclared fields, which Kubernetes would prune, at every depth', () => {
    const errors = errorsWith({
      colour: 'blue',
      databases: [{ name: 'a', collation: 'C' }],
      backup: { enabled: true, bucket: 'x' },
    });
    expect(errors).toEqual([
      {
        field: 'spec.colour',
        message:
          "spec.colour is not a field of this Promise's API (Kubernetes would silently drop it)",
        keyword: 'additionalProperties',
      },
      expect.objectContaining({
        field: 'spec.databases[0].collation',
        keyword: 'additionalProperties',
      }),
      expect.objectContaining({
        field: 'spec.backup.bucket',
        keyword: 'additionalProperties',
      }),
    ]);
  });

  it('accepts free-form content under x-kubernetes-preserve-unknown-fields', () => {
    expect(
      errorsWith({
        tuning: {
          anything: { nested: [1, 'two', { three: true }] },
          'shared.buffers': '1GB',
        },
      }),
    ).toEqual([]);
  });

  it('accepts any key in an additionalProperties map, and brackets keys that are not plain', () => {
    expect(
      errorsWith({ parameters: { 'shared.buffers': '1GB', 'x/y': 'z' } }),
    ).toEqual([]);
    expect(errorsWith({ parameters: { 'shared.buffers': 1 } })).toEqual([
      expect.objectContaining({ field: 'spec.parameters["shared.buffers"]' }),
    ]);
  });

  it('accepts null where the schema is nullable, including for a constrained integer', () => {
    expect(
      errorsWith({
        backup: { enabled: false, schedule: null, retentionDays: null },
      }),
    ).toEqual([]);
    expect(
      errorsWith({ backup: { enabled: false, retentionDays: 0 } }),
    ).toEqual([
      expect.objectContaining({
        field: 'spec.backup.retentionDays',
        keyword: 'minimum',
      }),
    ]);
  });

  it('accepts both forms of int-or-string', () => {
    expect(errorsWith({ port: 'postgres' })).toEqual([]);
    expect(errorsWith({ port: 5432 })).toEqual([]);
  });

  it('ignores formats Kubernetes does not check, such as int32 and double', () => {
    expect(errorsWith({ instances: 3, storageGB: 999.5 })).toEqual([]);
  });

  it('reports every problem at once', () => {
    const errors = errorsFor({
      teamId: 'X',
      instances: 9,
      size: 'huge',
      databases: [{}],
    });
    expect(errors.map(e => e.field)).toEqual([
      'spec.teamId',
      'spec.teamId',
      'spec.instances',
      'spec.size',
      'spec.databases[0].name',
    ]);
  });

  it('does not fill in defaults or otherwise change the input', () => {
    const spec = { teamId: 'orders' };
    errorsFor(spec);
    expect(spec).toEqual({ teamId: 'orders' });
  });

  it('validates against a named served version instead of the storage version', () => {
    const promise = postgresqlPromise();
    expect(
      validateRequestSpec(promise, { teamId: 'A' }, 'v1alpha1').errors,
    ).toEqual([]);
    expect(
      validateRequestSpec(promise, { teamId: 'a', size: 'small' }, 'v1alpha1')
        .errors,
    ).toEqual([
      expect.objectContaining({
        field: 'spec.size',
        keyword: 'additionalProperties',
      }),
    ]);
    expect(validateRequestSpec(promise, {}, 'v9').errors).toEqual([
      {
        field: 'apiVersion',
        message:
          'apiVersion "marketplace.kratix.io/v9" is not a version of this Promise\'s API (it has v1alpha0, v1alpha1, v1alpha2)',
        keyword: 'apiVersion',
      },
    ]);
  });
});

describe('validateRequestSpec on the shape of spec itself', () => {
  it.each([[['a']], ['text'], [null], [3]])(
    'rejects a spec that is %p',
    spec => {
      expect(errorsFor(spec)).toEqual([
        {
          field: 'spec',
          message: expect.stringMatching(/^spec must be an object \(got /),
          keyword: 'type',
        },
      ]);
    },
  );

  it('checks a missing spec as an empty one, so its required fields are still reported', () => {
    expect(errorsFor(undefined)).toEqual(errorsFor({}));
    expect(errorsFor(undefined).map(e => e.field)).toContain('spec.teamId');
    const promise = promiseWithSpecSchema(
      { type: 'object' },
      { required: ['spec'] },
    );
    expect(validateRequestSpec(promise, undefined).errors).toEqual([
      { field: 'spec', message: 'spec is required', keyword: 'required' },
    ]);
  });

  it('reports a non-empty spec when the schema declares none, unless unknown fields are preserved', () => {
    const promise = jenkinsPromise();
    const root = promise.spec.api!.spec!.versions![0].schema!.openAPIV3Schema!;
    delete root.properties;
    promise.metadata.resourceVersion = 'no-spec';
    expect(validateRequestSpec(promise, {}).errors).toEqual([]);
    expect(validateRequestSpec(promise, { env: 'dev' }).errors).toEqual([
      expect.objectContaining({
        field: 'spec',
        keyword: 'additionalProperties',
      }),
    ]);
    root['x-kubernetes-preserve-unknown-fields'] = true;
    promise.metadata.resourceVersion = 'preserved';
    expect(validateRequestSpec(promise, { env: 'dev' }).errors).toEqual([]);
  });

  it('accepts anything when the version has no schema at all', () => {
    const promise = jenkinsPromise();
    delete promise.spec.api!.spec!.versions![0].schema;
    expect(validateRequestSpec(promise, { anything: 1 }).errors).toEqual([]);
  });
});

describe('validateRequestSpec on other Promises and schema features', () => {
  it('validates the lower-case jenkins kind like any other', () => {
    expect(
      validateRequestSpec(jenkinsPromise(), { env: 'prod', agents: 2 }).valid,
    ).toBe(true);
    expect(validateRequestSpec(jenkinsPromise(), { env: 'qa' }).errors).toEqual(
      [expect.objectContaining({ field: 'spec.env', keyword: 'enum' })],
    );
  });

  it('validates a legacy xaasCrd Promise', () => {
    expect(
      validateRequestSpec(legacyXaasCrdPromise(), { size: 'small' }).valid,
    ).toBe(true);
    expect(
      validateRequestSpec(legacyXaasCrdPromise(), { size: 'medium' }).errors,
    ).toEqual([
      expect.objectContaining({ field: 'spec.size', keyword: 'enum' }),
    ]);
  });

  it('refuses an API-less Promise with a single error on promise', () => {
    expect(validateRequestSpec(nginxIngressPromise(), {})).toEqual({
      valid: false,
      errors: [
        {
          field: 'promise',
          message:
            'Promise "nginx-ingress" has no API, so it takes no resource requests',
          keyword: 'noApi',
        },
      ],
    });
  });

  it('honours an explicit additionalProperties: false', () => {
    const schema: JSONSchemaProps = {
      type: 'object',
      properties: { a: { type: 'string' } },
      additionalProperties: false,
    };
    expect(playgroundErrors(schema, { a: 'x', b: 'y' })).toEqual([
      expect.objectContaining({
        field: 'spec.b',
        keyword: 'additionalProperties',
      }),
    ]);
  });

  it('reports fields of an object schema that declares no properties, as Kubernetes prunes them', () => {
    expect(playgroundErrors({ type: 'object' }, { size: 'small' })).toEqual([
      expect.objectContaining({
        field: 'spec.size',
        keyword: 'additionalProperties',
      }),
    ]);
  });

  it('keeps apiVersion, kind and metadata of an embedded resource', () => {
    const schema: JSONSchemaProps = {
      type: 'object',
      properties: {
        template: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          properties: {
            spec: {
              type: 'object',
              'x-kubernetes-preserve-unknown-fields': true,
            },
          },
        },
      },
    };
    const template = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x' },
      spec: { any: 1 },
    };
    expect(playgroundErrors(schema, { template })).toEqual([]);
    expect(
      playgroundErrors(schema, { template: { ...template, data: {} } }),
    ).toEqual([
      expect.objectContaining({
        field: 'spec.template.data',
        keyword: 'additionalProperties',
      }),
    ]);
  });

  it('summarises a failed anyOf/oneOf without the contradictory branch errors', () => {
    const schema: JSONSchemaProps = {
      type: 'object',
      properties: {
        memory: {
          oneOf: [
            { type: 'integer', minimum: 1 },
            { type: 'string', pattern: '^[0-9]+(Mi|Gi)$' },
          ],
        },
      },
    };
    expect(playgroundErrors(schema, { memory: '512Mi' })).toEqual([]);
    expect(playgroundErrors(schema, { memory: 'lots' })).toEqual([
      {
        field: 'spec.memory',
        message:
          'spec.memory must match exactly one of the allowed forms (got "lots")',
        keyword: 'oneOf',
      },
    ]);
  });

  it('does not close objects inside anyOf branches, which only add checks', () => {
    const schema: JSONSchemaProps = {
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'string' } },
      anyOf: [{ required: ['a'] }, { required: ['b'] }],
    };
    expect(playgroundErrors(schema, { a: 'x', b: 'y' })).toEqual([]);
    expect(playgroundErrors(schema, {})).toEqual([
      expect.objectContaining({ field: 'spec', keyword: 'anyOf' }),
    ]);
  });

  it('checks multipleOf and boolean exclusiveMinimum', () => {
    const schema: JSONSchemaProps = {
      type: 'object',
      properties: {
        cpu: { type: 'number', multipleOf: 0.5 },
        disk: { type: 'integer', minimum: 0, exclusiveMinimum: true },
      },
    };
    expect(playgroundErrors(schema, { cpu: 1.5, disk: 1 })).toEqual([]);
    expect(playgroundErrors(schema, { cpu: 0.7, disk: 0 })).toEqual([
      {
        field: 'spec.cpu',
        message: 'spec.cpu must be a multiple of 0.5 (got 0.7)',
        keyword: 'multipleOf',
      },
      {
        field: 'spec.disk',
        message: 'spec.disk must be greater than 0 (got 0)',
        keyword: 'exclusiveMinimum',
      },
    ]);
  });

  it('reads Go-style inline flags in patterns and skips patterns JavaScript cannot read', () => {
    const schema: JSONSchemaProps = {
      type: 'object',
      properties: {
        code: { type: 'string', pattern: '(?i)^[a-z]+$' },
        name: { type: 'string', pattern: '^(?P<first>[a-z]+)$' },
      },
    };
    expect(playgroundErrors(schema, { code: 'ABC', name: 'ANYTHING' })).toEqual(
      [],
    );
    expect(playgroundErrors(schema, { code: 'A1' })).toEqual([
      expect.objectContaining({ field: 'spec.code', keyword: 'pattern' }),
    ]);
  });

  it('turns a schema ajv cannot compile into one error on promise', () => {
    expect(
      playgroundErrors(
        { type: 'object', properties: { a: { type: 'text' } } },
        { a: 'x' },
      ),
    ).toEqual([
      {
        field: 'promise',
        message: expect.stringMatching(
          /^Promise "playground" has a spec schema that cannot be checked: /,
        ),
        keyword: 'schema',
      },
    ]);
  });

  it('never follows $ref, which Kubernetes forbids in CRD schemas', () => {
    const schema: JSONSchemaProps = {
      type: 'object',
      properties: { a: { $ref: 'https://example.com/schema.json' } },
    };
    expect(playgroundErrors(schema, { a: 1 })).toEqual([]);
  });
});
