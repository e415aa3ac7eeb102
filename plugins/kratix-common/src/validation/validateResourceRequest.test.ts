import { KratixPromise } from '../model';
import {
  jenkinsPromise,
  legacyXaasCrdPromise,
  nginxIngressPromise,
  postgresqlPromise,
} from './__fixtures__/promises';
import { buildResourceRequest } from './buildResourceRequest';
import { validateResourceRequest } from './validateResourceRequest';

const draft = (overrides: Record<string, unknown> = {}) => ({
  name: 'orders-db',
  namespace: 'team-orders',
  spec: { teamId: 'orders', size: 'small' },
  labels: {
    'kratix.io/promise-name': 'postgresql',
    'backstage.io/owner': 'team-orders',
  },
  ...overrides,
});

const requestObject = (overrides: Record<string, unknown> = {}) => ({
  apiVersion: 'marketplace.kratix.io/v1alpha2',
  kind: 'postgresql',
  metadata: { name: 'orders-db', namespace: 'team-orders' },
  spec: { teamId: 'orders' },
  ...overrides,
});

const fieldsOf = (
  promise: KratixPromise,
  request: Parameters<typeof validateResourceRequest>[1],
) => validateResourceRequest(promise, request).errors.map(e => e.field);

describe('validateResourceRequest with a draft', () => {
  it('accepts a valid draft', () => {
    expect(validateResourceRequest(postgresqlPromise(), draft())).toEqual({
      valid: true,
      errors: [],
    });
  });

  it('accepts names at the edges of the rule', () => {
    for (const name of ['a', 'a---b', '1db', 'a'.repeat(63)]) {
      expect(
        validateResourceRequest(postgresqlPromise(), draft({ name })).errors,
      ).toEqual([]);
    }
  });

  it.each([
    ['My_DB', 'pattern'],
    ['-a', 'pattern'],
    ['A', 'pattern'],
    ['../etc', 'pattern'],
    ['/abs', 'pattern'],
    ['---', 'pattern'],
    ['${{ parameters.name }}', 'pattern'],
    ['a'.repeat(64), 'maxLength'],
    ['', 'required'],
  ])('rejects the name %p', (name, keyword) => {
    const result = validateResourceRequest(
      postgresqlPromise(),
      draft({ name }),
    );
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual([
      expect.objectContaining({ field: 'metadata.name', keyword }),
    ]);
  });

  it('gives the name message in Kubernetes words', () => {
    expect(
      validateResourceRequest(postgresqlPromise(), draft({ name: 'My_DB' }))
        .errors[0].message,
    ).toBe(
      `metadata.name "My_DB" must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character`,
    );
  });

  it('checks the namespace like the name', () => {
    expect(
      validateResourceRequest(
        postgresqlPromise(),
        draft({ namespace: '../kube-system' }),
      ).errors,
    ).toEqual([
      expect.objectContaining({
        field: 'metadata.namespace',
        message: expect.stringMatching(
          /^metadata\.namespace "\.\.\/kube-system" must consist of/,
        ),
      }),
    ]);
    expect(
      fieldsOf(postgresqlPromise(), draft({ namespace: undefined })),
    ).toEqual(['metadata.namespace']);
  });

  it('checks label keys and values', () => {
    expect(
      fieldsOf(
        postgresqlPromise(),
        draft({
          labels: {
            'backstage.io/owner': 'group:default/team-a',
            'bad key': 'x',
          },
        }),
      ),
    ).toEqual([
      'metadata.labels["backstage.io/owner"]',
      'metadata.labels["bad key"]',
    ]);
  });

  it('reports name, namespace, label and spec problems together', () => {
    expect(
      fieldsOf(
        postgresqlPromise(),
        draft({
          name: 'A',
          namespace: 'B',
          labels: { a: '-' },
          spec: { teamId: 'orders', size: 'huge', colour: 'x' },
        }),
      ),
    ).toEqual([
      'metadata.name',
      'metadata.namespace',
      'metadata.labels.a',
      'spec.colour',
      'spec.size',
    ]);
  });

  it('validates spec against the storage version', () => {
    expect(
      validateResourceRequest(
        postgresqlPromise(),
        draft({ spec: { teamId: 'orders', instances: 9 } }),
      ).errors,
    ).toEqual([
      {
        field: 'spec.instances',
        message: 'spec.instances must be at most 5 (got 9)',
        keyword: 'maximum',
      },
    ]);
  });

  it('refuses an API-less Promise with a single error, whatever the request', () => {
    expect(
      validateResourceRequest(nginxIngressPromise(), draft({ name: 'BAD' })),
    ).toEqual({
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

  it('validates requests for a legacy xaasCrd Promise', () => {
    expect(
      validateResourceRequest(
        legacyXaasCrdPromise(),
        draft({ spec: { size: 'small' }, labels: undefined }),
      ).valid,
    ).toBe(true);
  });

  it('requires an empty namespace for a cluster-scoped API', () => {
    const promise = jenkinsPromise();
    promise.spec.api!.spec!.scope = 'Cluster';
    expect(
      validateResourceRequest(promise, {
        name: 'ci',
        namespace: undefined,
        spec: { env: 'dev' },
      }).valid,
    ).toBe(true);
    expect(
      validateResourceRequest(promise, {
        name: 'ci',
        namespace: 'ci',
        spec: { env: 'dev' },
      }).errors,
    ).toEqual([
      {
        field: 'metadata.namespace',
        message:
          'metadata.namespace must be empty: this Promise API is cluster-scoped',
        keyword: 'scope',
      },
    ]);
  });
});

describe('validateResourceRequest with a whole object', () => {
  it('accepts a valid object, including one made by buildResourceRequest', () => {
    expect(
      validateResourceRequest(postgresqlPromise(), requestObject()).valid,
    ).toBe(true);
    const built = buildResourceRequest(jenkinsPromise(), {
      name: 'main',
      namespace: 'ci',
      spec: { env: 'prod' },
    });
    expect(validateResourceRequest(jenkinsPromise(), built)).toEqual({
      valid: true,
      errors: [],
    });
  });

  it('insists on the kind exactly as the Promise spells it', () => {
    const request = {
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      kind: 'Jenkins',
      metadata: { name: 'main', namespace: 'ci' },
      spec: { env: 'dev' },
    };
    expect(validateResourceRequest(jenkinsPromise(), request).errors).toEqual([
      {
        field: 'kind',
        message:
          'kind "Jenkins" must be "jenkins", spelt exactly as the Promise API spells it',
        keyword: 'kind',
      },
    ]);
  });

  it.each([
    [
      undefined,
      'apiVersion is required (expected "marketplace.kratix.io/v1alpha2")',
    ],
    [
      'example.com/v1alpha2',
      'apiVersion "example.com/v1alpha2" is not in the Promise API\'s group "marketplace.kratix.io"',
    ],
    [
      'v1alpha2',
      'apiVersion "v1alpha2" is not in the Promise API\'s group "marketplace.kratix.io"',
    ],
    [
      'marketplace.kratix.io/v2',
      'apiVersion "marketplace.kratix.io/v2" is not a version of the Promise API (it has v1alpha0, v1alpha1, v1alpha2)',
    ],
    [
      'marketplace.kratix.io/v1alpha0',
      'apiVersion "marketplace.kratix.io/v1alpha0" is not served; use "marketplace.kratix.io/v1alpha2"',
    ],
  ])('rejects the apiVersion %p', (apiVersion, message) => {
    expect(
      validateResourceRequest(
        postgresqlPromise(),
        requestObject({ apiVersion }),
      ).errors,
    ).toEqual([{ field: 'apiVersion', message, keyword: expect.any(String) }]);
  });

  it('validates an older served version against its own schema', () => {
    const request = requestObject({
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      spec: { teamId: 'Orders' },
    });
    expect(validateResourceRequest(postgresqlPromise(), request).valid).toBe(
      true,
    );
  });

  it('requires kind and metadata', () => {
    expect(
      validateResourceRequest(
        postgresqlPromise(),
        requestObject({ kind: undefined, metadata: undefined }),
      ).errors,
    ).toEqual([
      {
        field: 'kind',
        message: 'kind is required (expected "postgresql")',
        keyword: 'required',
      },
      {
        field: 'metadata',
        message: 'metadata is required',
        keyword: 'required',
      },
    ]);
    expect(
      fieldsOf(postgresqlPromise(), requestObject({ metadata: 'orders-db' })),
    ).toEqual(['metadata']);
  });

  it('checks metadata and spec of the object', () => {
    const request = requestObject({
      metadata: {
        name: 'Orders',
        namespace: 'team-orders',
        labels: { x: '_' },
      },
      spec: { teamId: 5 },
    });
    expect(fieldsOf(postgresqlPromise(), request)).toEqual([
      'metadata.name',
      'metadata.labels.x',
      'spec.teamId',
    ]);
  });
});
