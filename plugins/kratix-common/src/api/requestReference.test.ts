import { jenkinsPromise } from '../validation/__fixtures__/promises';
import { extractPromiseApi } from './promiseApi';
import { requestReference } from './requestReference';

describe('requestReference', () => {
  it('references a request by storage apiVersion, kind as written, namespace and name', () => {
    expect(
      requestReference(
        extractPromiseApi(jenkinsPromise())!,
        'ci',
        'main-jenkins',
      ),
    ).toEqual({
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      kind: 'jenkins',
      namespace: 'ci',
      name: 'main-jenkins',
    });
  });
});
