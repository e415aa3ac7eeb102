import { KratixPromise } from '../model';
import {
  jenkinsPromise,
  legacyXaasCrdPromise,
  nginxIngressPromise,
  postgresqlPromise,
  postgresqlSpecSchema,
} from '../validation/__fixtures__/promises';
import { extractPromiseApi, hasApi } from './promiseApi';

const crdSpecOf = (promise: KratixPromise) => promise.spec.api!.spec!;

describe('extractPromiseApi', () => {
  it('reads the storage version even when it is not the first, and lists only served versions', () => {
    const api = extractPromiseApi(postgresqlPromise())!;
    expect(api).toMatchObject({
      source: 'api',
      crdName: 'postgresqls.marketplace.kratix.io',
      group: 'marketplace.kratix.io',
      storageVersion: 'v1alpha2',
      servedVersions: ['v1alpha1', 'v1alpha2'],
      kind: 'postgresql',
      plural: 'postgresqls',
      pluralDerived: false,
      singular: 'postgresql',
      scope: 'Namespaced',
      apiVersion: 'marketplace.kratix.io/v1alpha2',
    });
    expect(api.versions.map(v => [v.name, v.served, v.storage])).toEqual([
      ['v1alpha0', false, false],
      ['v1alpha1', true, false],
      ['v1alpha2', true, true],
    ]);
  });

  it("returns the storage version's schema and its spec sub-schema", () => {
    const api = extractPromiseApi(postgresqlPromise())!;
    expect(api.specSchema).toEqual(postgresqlSpecSchema());
    expect(api.schema?.properties?.status).toEqual({
      type: 'object',
      'x-kubernetes-preserve-unknown-fields': true,
    });
  });

  it('keeps a lower-case kind exactly as written', () => {
    expect(extractPromiseApi(jenkinsPromise())).toMatchObject({
      kind: 'jenkins',
      plural: 'jenkins',
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      crdName: 'jenkins.marketplace.kratix.io',
    });
  });

  it('falls back to the lower-cased kind for a missing plural and marks it as derived', () => {
    const promise = jenkinsPromise();
    crdSpecOf(promise).names = { kind: 'JenkinsServer' };
    expect(extractPromiseApi(promise)).toMatchObject({
      kind: 'JenkinsServer',
      plural: 'jenkinsserver',
      pluralDerived: true,
      singular: 'jenkinsserver',
    });
  });

  it('derives the CRD name from plural and group when the CRD has no metadata.name', () => {
    const promise = jenkinsPromise();
    delete promise.spec.api!.metadata;
    expect(extractPromiseApi(promise)?.crdName).toBe(
      'jenkins.marketplace.kratix.io',
    );
  });

  it('uses the first version when none is marked for storage', () => {
    const promise = postgresqlPromise();
    for (const version of crdSpecOf(promise).versions!) version.storage = false;
    expect(extractPromiseApi(promise)).toMatchObject({
      storageVersion: 'v1alpha0',
      apiVersion: 'marketplace.kratix.io/v1alpha0',
    });
  });

  it('defaults the scope to Namespaced and keeps Cluster', () => {
    const promise = jenkinsPromise();
    delete crdSpecOf(promise).scope;
    expect(extractPromiseApi(promise)?.scope).toBe('Namespaced');
    crdSpecOf(promise).scope = 'Cluster';
    expect(extractPromiseApi(promise)?.scope).toBe('Cluster');
  });

  it('treats a version without `served` as served', () => {
    const promise = jenkinsPromise();
    delete crdSpecOf(promise).versions![0].served;
    expect(extractPromiseApi(promise)?.servedVersions).toEqual(['v1alpha1']);
  });

  it('returns undefined for an API-less Promise', () => {
    expect(extractPromiseApi(nginxIngressPromise())).toBeUndefined();
  });

  it.each([
    ['no group', (p: KratixPromise) => delete crdSpecOf(p).group],
    ['no kind', (p: KratixPromise) => delete crdSpecOf(p).names],
    ['no versions', (p: KratixPromise) => (crdSpecOf(p).versions = [])],
    ['no CRD spec', (p: KratixPromise) => delete p.spec.api!.spec],
  ])('returns undefined for an API with %s', (_, breakIt) => {
    const promise = jenkinsPromise();
    breakIt(promise);
    expect(extractPromiseApi(promise)).toBeUndefined();
  });

  it('reads the legacy xaasCrd field', () => {
    expect(extractPromiseApi(legacyXaasCrdPromise())).toMatchObject({
      source: 'xaasCrd',
      group: 'redis.redis.opstreelabs.in',
      storageVersion: 'v1beta1',
      kind: 'Redis',
      plural: 'redis',
      pluralDerived: true,
      scope: 'Namespaced',
      apiVersion: 'redis.redis.opstreelabs.in/v1beta1',
    });
  });

  it('prefers spec.api when a Promise carries both fields', () => {
    const promise = jenkinsPromise();
    (promise.spec as Record<string, unknown>).xaasCrd = (
      legacyXaasCrdPromise().spec as any
    ).xaasCrd;
    expect(extractPromiseApi(promise)).toMatchObject({
      source: 'api',
      kind: 'jenkins',
    });
  });

  it('reads an apiextensions v1beta1 CRD with a single version and top-level validation', () => {
    const promise = legacyXaasCrdPromise();
    const crdSpec = (promise.spec as any).xaasCrd.spec;
    const schema = crdSpec.versions[0].schema.openAPIV3Schema;
    delete crdSpec.versions;
    crdSpec.version = 'v1alpha1';
    crdSpec.validation = { openAPIV3Schema: schema };
    expect(extractPromiseApi(promise)).toMatchObject({
      storageVersion: 'v1alpha1',
      servedVersions: ['v1alpha1'],
      specSchema: schema.properties.spec,
    });
  });
});

describe('hasApi', () => {
  it('tells Promises with an API from dependency-only ones', () => {
    expect(hasApi(postgresqlPromise())).toBe(true);
    expect(hasApi(legacyXaasCrdPromise())).toBe(true);
    expect(hasApi(nginxIngressPromise())).toBe(false);
  });
});
