import {
  jenkinsPromise,
  legacyXaasCrdPromise,
  nginxIngressPromise,
  postgresqlPromise,
} from './__fixtures__/promises';
import { buildResourceRequest } from './buildResourceRequest';

describe('buildResourceRequest', () => {
  it('writes the storage version and the kind as written', () => {
    expect(
      buildResourceRequest(postgresqlPromise(), {
        name: 'orders-db',
        namespace: 'team-orders',
        spec: { teamId: 'orders', databases: [{ name: 'orders' }] },
        labels: { 'backstage.io/owner': 'team-orders' },
      }),
    ).toEqual({
      apiVersion: 'marketplace.kratix.io/v1alpha2',
      kind: 'postgresql',
      metadata: {
        name: 'orders-db',
        namespace: 'team-orders',
        labels: { 'backstage.io/owner': 'team-orders' },
      },
      spec: { teamId: 'orders', databases: [{ name: 'orders' }] },
    });
  });

  it('keeps a lower-case kind and leaves out empty maps', () => {
    expect(
      buildResourceRequest(jenkinsPromise(), {
        name: 'main',
        namespace: 'ci',
        labels: {},
        annotations: {},
      }),
    ).toEqual({
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      kind: 'jenkins',
      metadata: { name: 'main', namespace: 'ci' },
      spec: {},
    });
  });

  it('adds annotations and copies the label and annotation maps', () => {
    const labels = { team: 'ci' };
    const request = buildResourceRequest(jenkinsPromise(), {
      name: 'main',
      namespace: 'ci',
      labels,
      annotations: { note: 'hi' },
    });
    labels.team = 'changed';
    expect(request.metadata).toEqual({
      name: 'main',
      namespace: 'ci',
      labels: { team: 'ci' },
      annotations: { note: 'hi' },
    });
  });

  it('builds for a legacy xaasCrd Promise', () => {
    expect(
      buildResourceRequest(legacyXaasCrdPromise(), {
        name: 'cache',
        namespace: 'default',
        spec: { size: 'small' },
      }),
    ).toMatchObject({
      apiVersion: 'redis.redis.opstreelabs.in/v1beta1',
      kind: 'Redis',
    });
  });

  it('throws for an API-less Promise', () => {
    expect(() =>
      buildResourceRequest(nginxIngressPromise(), {
        name: 'x',
        namespace: 'y',
      }),
    ).toThrow(
      'Promise "nginx-ingress" has no API, so it takes no resource requests',
    );
  });
});
