import { KratixPromise } from '../model';
import { loadFixture } from '../__testUtils__/fixtures';
import { buildResourceRequest, validateResourceRequest } from './validateResourceRequest';
import { validateRequestSpec } from './validateRequestSpec';

const postgresql = () => loadFixture<KratixPromise>('promise-postgresql-legacy.yaml');
const webApp = () => loadFixture<KratixPromise>('promise-web-app.yaml');
const fields = (errors: Array<{ field: string }>) => errors.map(e => e.field);

describe('validateResourceRequest', () => {
  it('accepts a valid request', () => {
    expect(
      validateResourceRequest(postgresql(), {
        name: 'orders-db',
        namespace: 'team-orders',
        spec: { teamId: 'orders', instances: 2, size: 'medium', databases: [{ name: 'orders' }] },
      }),
    ).toEqual({ valid: true, errors: [] });
  });

  it.each([
    ['My_DB', 'must consist of lower case alphanumeric'],
    ['-db', 'must start and end'],
    ['db-', 'must start and end'],
    ['../etc', 'must consist of'],
    ['/abs', 'must consist of'],
    ['---', 'must consist of'],
    ['${{ parameters.x }}', 'must consist of'],
    ['a'.repeat(64), 'no more than 63 characters'],
    ['', 'is required'],
  ])('rejects the name %p', (name, message) => {
    const result = validateResourceRequest(postgresql(), { name, namespace: 'ns', spec: { teamId: 'a' } });
    expect(result.valid).toBe(false);
    expect(result.errors[0]).toEqual({ field: 'metadata.name', message: expect.stringContaining(message) });
  });

  it('accepts names at the limits', () => {
    for (const name of ['a', 'a---b', 'a'.repeat(63), '1db']) {
      expect(validateResourceRequest(postgresql(), { name, namespace: 'ns', spec: { teamId: 'a' } }).errors).toEqual([]);
    }
  });

  it('checks the namespace and label values too', () => {
    const result = validateResourceRequest(postgresql(), {
      name: 'ok',
      namespace: 'Team A',
      spec: { teamId: 'a' },
      labels: { 'backstage.io/owner': 'group:default/team-a' },
    });
    expect(fields(result.errors)).toEqual(['metadata.namespace', 'metadata.labels.backstage.io/owner']);
  });

  it('refuses requests for an API-less Promise', () => {
    const nginx = loadFixture<KratixPromise>('promise-nginx-ingress.yaml');
    expect(validateResourceRequest(nginx, { name: 'a', namespace: 'b' }).errors).toEqual([
      { field: 'promise', message: 'Promise nginx-ingress has no API and takes no requests' },
    ]);
  });
});

describe('validateRequestSpec', () => {
  it.each([
    [{ teamId: 5 }, 'spec.teamId', 'must be string'],
    [{ teamId: 'a', instances: 'two' }, 'spec.instances', 'must be integer'],
    [{ teamId: 'a', instances: 1.5 }, 'spec.instances', 'must be integer'],
    [{ teamId: 'a', instances: 0 }, 'spec.instances', 'must be >= 1'],
    [{ teamId: 'a', instances: 6 }, 'spec.instances', 'must be <= 5'],
    [{ teamId: 'a', size: 'huge' }, 'spec.size', 'must be one of: "small", "medium", "large"'],
    [{ teamId: 'Orders' }, 'spec.teamId', 'must match pattern'],
    [{ teamId: 'a', dbName: 'x'.repeat(31) }, 'spec.dbName', 'must NOT have more than 30 characters'],
    [{ teamId: 'a', databases: 'orders' }, 'spec.databases', 'must be array'],
    [{ teamId: 'a', databases: [{ owner: 'x' }] }, 'spec.databases[0].name', 'is required'],
    [{}, 'spec.teamId', 'is required'],
    [{ teamId: 'a', colour: 'blue' }, 'spec.colour', "is not a field of this Promise's API"],
  ])('reports %p at %s', (spec, field, message) => {
    const errors = validateRequestSpec(postgresql(), spec);
    expect(errors).toContainEqual({ field, message: expect.stringContaining(message) });
  });

  it('checks booleans and nested objects', () => {
    expect(validateRequestSpec(webApp(), { image: 'x', database: { enabled: 'yes' } })).toEqual([
      { field: 'spec.database.enabled', message: 'spec.database.enabled must be boolean' },
    ]);
    expect(fields(validateRequestSpec(webApp(), { image: 'x', replicas: 0 }))).toEqual(['spec.replicas']);
  });

  it('accepts free-form maps under x-kubernetes-preserve-unknown-fields', () => {
    expect(validateRequestSpec(webApp(), { image: 'x', env: { ANY: 'thing', nested: { ok: true } } })).toEqual([]);
  });

  it('honours nullable and int-or-string', () => {
    const p = webApp();
    const props = p.spec.api!.spec!.versions![0].schema!.openAPIV3Schema!.properties!.spec.properties!;
    props.note = { type: 'string', nullable: true };
    props.port = { 'x-kubernetes-int-or-string': true };
    p.metadata.resourceVersion = 'nullable-test';
    expect(validateRequestSpec(p, { image: 'x', note: null, port: 8080 })).toEqual([]);
    expect(validateRequestSpec(p, { image: 'x', port: 'http' })).toEqual([]);
    expect(fields(validateRequestSpec(p, { image: 'x', port: true }))).toContain('spec.port');
  });

  it('rejects a spec that is not an object', () => {
    expect(validateRequestSpec(webApp(), ['a'])).toEqual([{ field: 'spec', message: 'spec must be an object' }]);
  });
});

describe('buildResourceRequest', () => {
  it('uses the storage version and the kind as written', () => {
    expect(
      buildResourceRequest(postgresql(), { name: 'db', namespace: 'team-a', spec: { teamId: 'a' }, labels: { a: 'b' } }),
    ).toEqual({
      apiVersion: 'marketplace.kratix.io/v1alpha2',
      kind: 'postgresql',
      metadata: { name: 'db', namespace: 'team-a', labels: { a: 'b' } },
      spec: { teamId: 'a' },
    });
  });
});
