import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { kubeConfigFor } from '../kubeConfigFor';
import { fakeUnderTest, promise, promises } from './fakeApiTestKit';

const { fake, call } = fakeUnderTest();

describe('FakeKubernetesApi: through @kubernetes/client-node', () => {
  it('lists with label selectors and a resourceVersion, sorted by name', async () => {
    fake.put(promise('zz-gold', { tier: 'gold' }));
    fake.put(promise('aa-gold', { tier: 'gold' }));
    const api = kubeConfigFor(fake).makeApiClient(CustomObjectsApi);
    const list: any = await api.listClusterCustomObject({
      ...promises,
      labelSelector: 'tier=gold',
    });
    expect(list.kind).toBe('PromiseList');
    expect(list.items.map((p: any) => p.metadata.name)).toEqual([
      'aa-gold',
      'zz-gold',
    ]);
    expect(list.items[0].kind).toBe('Promise');
    expect(Number(list.metadata.resourceVersion)).toBeGreaterThan(1000);
  });

  it('answers a missing object with a Kubernetes Status 404', async () => {
    const api = kubeConfigFor(fake).makeApiClient(CustomObjectsApi);
    await expect(
      api.getClusterCustomObject({ ...promises, name: 'nope' }),
    ).rejects.toMatchObject({ code: 404 });
    const raw = await call('/apis/platform.kratix.io/v1alpha1/promises/nope');
    expect(raw.body).toEqual(
      expect.objectContaining({
        kind: 'Status',
        reason: 'NotFound',
        message: 'promises.platform.kratix.io "nope" not found',
      }),
    );
    expect(
      (await call('/api/v1/namespaces/default/pods/nope')).body.message,
    ).toBe('pods "nope" not found');
  });

  it('lists built-in kinds with items that carry no apiVersion and kind', async () => {
    const core = kubeConfigFor(fake).makeApiClient(CoreV1Api);
    const namespaces = await core.listNamespace();
    expect(namespaces.items.map(n => n.metadata?.name)).toEqual(
      expect.arrayContaining(['default', 'kube-system', 'team-checkout']),
    );
    const raw = await call('/api/v1/namespaces');
    expect(raw.body.kind).toBe('NamespaceList');
    expect(raw.body.items[0].kind).toBeUndefined();
    expect(raw.body.items[0].apiVersion).toBeUndefined();
  });

  it('injects faults and counts calls', async () => {
    const api = kubeConfigFor(fake).makeApiClient(CustomObjectsApi);
    fake.fail({ status: 403, times: 1, pathIncludes: '/promises' });
    await expect(api.listClusterCustomObject(promises)).rejects.toMatchObject({
      code: 403,
    });
    const before = fake.totalCalls();
    await api.listClusterCustomObject(promises);
    expect(fake.totalCalls()).toBe(before + 1);
  });
});
