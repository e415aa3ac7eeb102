import {
  jenkinsPromise,
  postgresqlPromise,
} from '../validation/__fixtures__/promises';
import { apiPathFor, requestPathFor } from './apiPath';
import { extractPromiseApi, PromiseApi } from './promiseApi';

const postgresql = () => extractPromiseApi(postgresqlPromise())!;

describe('apiPathFor', () => {
  it('gives the namespaced collection path in the storage version', () => {
    expect(apiPathFor(postgresql(), 'team-orders')).toBe(
      '/apis/marketplace.kratix.io/v1alpha2/namespaces/team-orders/postgresqls',
    );
  });

  it('gives the all-namespaces path without a namespace', () => {
    expect(apiPathFor(postgresql())).toBe(
      '/apis/marketplace.kratix.io/v1alpha2/postgresqls',
    );
  });

  it('uses the plural, not the kind', () => {
    expect(apiPathFor(extractPromiseApi(jenkinsPromise())!, 'ci')).toBe(
      '/apis/marketplace.kratix.io/v1alpha1/namespaces/ci/jenkins',
    );
  });

  it('ignores the namespace for a cluster-scoped API', () => {
    const api: PromiseApi = { ...postgresql(), scope: 'Cluster' };
    expect(apiPathFor(api, 'team-orders')).toBe(
      '/apis/marketplace.kratix.io/v1alpha2/postgresqls',
    );
  });

  it.each(['../etc', '/abs', 'Team A', '', 'a/b'])(
    'refuses the namespace %p',
    namespace => {
      expect(() => apiPathFor(postgresql(), namespace)).toThrow(/^namespace /);
    },
  );
});

describe('requestPathFor', () => {
  it('appends the request name', () => {
    expect(requestPathFor(postgresql(), 'team-orders', 'orders-db')).toBe(
      '/apis/marketplace.kratix.io/v1alpha2/namespaces/team-orders/postgresqls/orders-db',
    );
  });

  it('refuses a name that is not a DNS-1123 label', () => {
    expect(() =>
      requestPathFor(postgresql(), 'team-orders', '../secrets'),
    ).toThrow(
      'name "../secrets" must consist of lower case alphanumeric characters',
    );
  });
});
