import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { FAKE_SERVICE_ACCOUNT_TOKEN, FAKE_SERVICE_ACCOUNT_USER } from '.';
import { kubeConfigFor } from '../kubeConfigFor';
import {
  fakeUnderTest,
  jenkins,
  jenkinsType,
  promises,
} from './fakeApiTestKit';

const { fake, call } = fakeUnderTest();

describe('FakeKubernetesApi: authentication and authorization, per request', () => {
  it('answers 401 without a bearer token and for a token it does not know', async () => {
    for (const token of [null, 'nobody-knows-me']) {
      const res = await call('/apis/platform.kratix.io/v1alpha1/promises', {
        token,
      });
      expect(res).toEqual({
        status: 401,
        body: expect.objectContaining({
          kind: 'Status',
          reason: 'Unauthorized',
          code: 401,
        }),
      });
    }
    const basic = await fetch(`${fake.baseUrl}/api/v1/namespaces`, {
      headers: { authorization: 'Basic dXNlcjpwYXNz' },
    });
    expect(basic.status).toBe(401);
    // The client sees the 401 too, through the same kubeconfig a user token would use.
    const stranger = new KubeConfig();
    stranger.loadFromOptions({
      clusters: [{ name: 'c', server: fake.baseUrl }],
      users: [{ name: 'u', token: 'not-granted' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    await expect(
      stranger
        .makeApiClient(CustomObjectsApi)
        .listClusterCustomObject(promises),
    ).rejects.toMatchObject({ code: 401 });
    expect(fake.knowsToken('not-granted')).toBe(false);
  });

  it('gives the default service-account token every right', async () => {
    expect(fake.knowsToken(FAKE_SERVICE_ACCOUNT_TOKEN)).toBe(true);
    const res = await call('/api/v1/namespaces/team-checkout/pods');
    expect(res.status).toBe(200);
    expect(fake.audit.at(-1)).toEqual(
      expect.objectContaining({
        user: FAKE_SERVICE_ACCOUNT_USER,
        verb: 'list',
        resource: 'pods',
        namespace: 'team-checkout',
        code: 200,
      }),
    );
  });

  it('answers 403 in Kubernetes wording for a token without the right', async () => {
    fake.grant('alice-token', {
      user: 'alice',
      verbs: ['create', 'get'],
      resources: ['jenkins.marketplace.kratix.io'],
      namespaces: ['team-checkout'],
    });
    const created = await call(
      '/apis/marketplace.kratix.io/v1alpha1/namespaces/team-checkout/jenkins',
      {
        method: 'POST',
        token: 'alice-token',
        body: JSON.stringify(jenkins('alices')),
      },
    );
    expect(created.status).toBe(201);
    expect(fake.audit.at(-1)).toEqual(
      expect.objectContaining({ user: 'alice', verb: 'create', code: 201 }),
    );

    const listPromises = await call(
      '/apis/platform.kratix.io/v1alpha1/promises',
      { token: 'alice-token' },
    );
    expect(listPromises).toEqual({
      status: 403,
      body: expect.objectContaining({
        kind: 'Status',
        reason: 'Forbidden',
        code: 403,
        message:
          'promises.platform.kratix.io is forbidden: User "alice" cannot list resource "promises" in API group "platform.kratix.io" at the cluster scope',
      }),
    });
    const elsewhere = await call(
      '/apis/marketplace.kratix.io/v1alpha1/namespaces/team-orders/jenkins',
      {
        method: 'POST',
        token: 'alice-token',
        body: JSON.stringify(jenkins('x', 'team-orders')),
      },
    );
    expect(elsewhere.body.message).toBe(
      'jenkins.marketplace.kratix.io is forbidden: User "alice" cannot create resource "jenkins" in API group "marketplace.kratix.io" in the namespace "team-orders"',
    );
    const patch = await call(
      '/apis/marketplace.kratix.io/v1alpha1/namespaces/team-checkout/jenkins/alices',
      {
        method: 'PATCH',
        token: 'alice-token',
        headers: { 'content-type': 'application/merge-patch+json' },
        body: JSON.stringify({ spec: { env: 'prod' } }),
      },
    );
    expect(patch.body.message).toBe(
      'jenkins.marketplace.kratix.io "alices" is forbidden: User "alice" cannot patch resource "jenkins" in API group "marketplace.kratix.io" in the namespace "team-checkout"',
    );
    // A subresource needs its own right; the core group is "".
    fake.grant('bob-token', {
      user: 'bob',
      verbs: ['get', 'list'],
      resources: ['pods'],
    });
    const log = await call(
      '/api/v1/namespaces/team-checkout/pods/anything/log',
      { token: 'bob-token' },
    );
    expect(log.body.message).toBe(
      'pods "anything" is forbidden: User "bob" cannot get resource "pods/log" in API group "" in the namespace "team-checkout"',
    );
    // Whatever the fake knows, it says nothing of the token itself.
    expect(JSON.stringify(fake.audit)).not.toContain('alice-token');
  });

  it('checks every request on its own, so one client can carry two identities', async () => {
    fake.grant(
      'carol-token',
      request => request.verb === 'create' && request.resource === 'jenkins',
    );
    const carol = kubeConfigFor(fake, 'carol-token').makeApiClient(
      CustomObjectsApi,
    );
    await carol.createNamespacedCustomObject({
      ...jenkinsType,
      namespace: 'team-checkout',
      body: jenkins('carols'),
    });
    await expect(
      carol.getNamespacedCustomObject({
        ...jenkinsType,
        namespace: 'team-checkout',
        name: 'carols',
      }),
    ).rejects.toMatchObject({ code: 403 });
    const sa = kubeConfigFor(fake).makeApiClient(CustomObjectsApi);
    await expect(
      sa.getNamespacedCustomObject({
        ...jenkinsType,
        namespace: 'team-checkout',
        name: 'carols',
      }),
    ).resolves.toMatchObject({ metadata: { name: 'carols' } });
    fake.revoke('carol-token');
    await expect(
      carol.createNamespacedCustomObject({
        ...jenkinsType,
        namespace: 'team-checkout',
        body: jenkins('carols-2'),
      }),
    ).rejects.toMatchObject({ code: 401 });
  });

  it('makes a token kubeConfigFor does not know a full-rights service account', async () => {
    const api = kubeConfigFor(fake, 'another-sa').makeApiClient(
      CustomObjectsApi,
    );
    await expect(api.listClusterCustomObject(promises)).resolves.toEqual(
      expect.objectContaining({ kind: 'PromiseList' }),
    );
  });
});
