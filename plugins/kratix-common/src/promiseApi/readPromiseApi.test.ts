import { KratixPromise } from '../model';
import { loadFixture } from '../__testUtils__/fixtures';
import { hasPromiseApi, readPromiseApi, requestCollectionPath } from './readPromiseApi';

const promise = (file: string) => loadFixture<KratixPromise>(file);

describe('readPromiseApi', () => {
  it('keeps a lower-case kind and reads the plural', () => {
    expect(readPromiseApi(promise('promise-jenkins.yaml'))).toEqual(
      expect.objectContaining({
        group: 'marketplace.kratix.io',
        version: 'v1alpha1',
        kind: 'jenkins',
        plural: 'jenkins',
        scope: 'Namespaced',
        apiVersion: 'marketplace.kratix.io/v1alpha1',
        crdName: 'jenkins.marketplace.kratix.io',
      }),
    );
  });

  it('picks the storage version, not the first one', () => {
    const api = readPromiseApi(promise('promise-postgresql-legacy.yaml'))!;
    expect(api.version).toBe('v1alpha2');
    expect(api.servedVersions).toEqual(['v1alpha1', 'v1alpha2']);
    expect(api.specSchema?.required).toEqual(['teamId']);
  });

  it('falls back to the first version and derives a missing plural', () => {
    const p = promise('promise-jenkins.yaml');
    p.spec.api!.spec!.versions![0].storage = false;
    delete p.spec.api!.spec!.names!.plural;
    expect(readPromiseApi(p)).toEqual(
      expect.objectContaining({ version: 'v1alpha1', plural: 'jenkins', pluralDerived: true }),
    );
  });

  it('returns undefined for an API-less Promise', () => {
    const p = promise('promise-nginx-ingress.yaml');
    expect(readPromiseApi(p)).toBeUndefined();
    expect(hasPromiseApi(p)).toBe(false);
    expect(hasPromiseApi(promise('promise-web-app.yaml'))).toBe(true);
  });

  it('reads the pre-2023 xaasCrd field', () => {
    const p = promise('promise-jenkins.yaml');
    (p.spec as any).xaasCrd = p.spec.api;
    delete p.spec.api;
    expect(readPromiseApi(p)?.kind).toBe('jenkins');
  });

  it('builds request collection paths', () => {
    const api = readPromiseApi(promise('promise-web-app.yaml'))!;
    expect(requestCollectionPath(api, 'team-a')).toBe('/apis/platform.easyeaty.io/v1/namespaces/team-a/webapps');
    expect(requestCollectionPath(api)).toBe('/apis/platform.easyeaty.io/v1/webapps');
  });
});
