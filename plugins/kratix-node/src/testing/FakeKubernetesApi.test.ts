import { CustomObjectsApi, KubeConfig, Watch } from '@kubernetes/client-node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import { FakeKubernetesApi } from './FakeKubernetesApi';

// Real git repositories and test backends: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

const fake = new FakeKubernetesApi();
const server = setupServer(...fake.handlers());
registerMswTestHooks(server);

function kubeConfig() {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'platform', server: fake.baseUrl, skipTLSVerify: true }],
    users: [{ name: 'backstage', token: 'test-token' }],
    contexts: [{ name: 'platform', cluster: 'platform', user: 'backstage' }],
    currentContext: 'platform',
  });
  return kc;
}

const promise = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'Promise',
  metadata: { name, labels },
  spec: {},
});

describe('FakeKubernetesApi', () => {
  afterEach(() => fake.dropWatches());

  it('lists through @kubernetes/client-node with label selectors and a resourceVersion', async () => {
    fake.put(promise('redis', { tier: 'gold' }));
    fake.put(promise('kafka'));
    const api = kubeConfig().makeApiClient(CustomObjectsApi);
    const list: any = await api.listClusterCustomObject({
      group: 'platform.kratix.io',
      version: 'v1alpha1',
      plural: 'promises',
      labelSelector: 'tier=gold',
    });
    expect(list.items.map((p: any) => p.metadata.name)).toEqual(['redis']);
    expect(Number(list.metadata.resourceVersion)).toBeGreaterThan(1000);
  });

  it('answers a missing object with a Kubernetes Status 404', async () => {
    const api = kubeConfig().makeApiClient(CustomObjectsApi);
    await expect(
      api.getClusterCustomObject({ group: 'platform.kratix.io', version: 'v1alpha1', plural: 'promises', name: 'nope' }),
    ).rejects.toMatchObject({ code: 404 });
  });

  it('streams watch events after a resourceVersion and 410 after compaction', async () => {
    const start = fake.resourceVersion;
    const events: string[] = [];
    const watch = new Watch(kubeConfig());
    const done = new Promise<unknown>(resolve => {
      watch.watch(
        '/apis/platform.kratix.io/v1alpha1/promises',
        { resourceVersion: start },
        (type, obj) => events.push(`${type} ${obj.metadata?.name ?? obj.code}`),
        resolve,
      );
    });
    await new Promise(r => setTimeout(r, 20));
    fake.put(promise('vault'));
    fake.remove('platform.kratix.io/v1alpha1', 'Promise', 'vault');
    await new Promise(r => setTimeout(r, 20));
    fake.dropWatches();
    await done;
    expect(events).toEqual(['ADDED vault', 'DELETED vault']);

    fake.compact();
    const expired: string[] = [];
    await new Promise(resolve =>
      watch.watch('/apis/platform.kratix.io/v1alpha1/promises', { resourceVersion: start }, (type, obj) => expired.push(`${type} ${obj.code}`), resolve),
    );
    expect(expired).toEqual(['ERROR 410']);
  });

  it('injects faults and counts calls', async () => {
    const api = kubeConfig().makeApiClient(CustomObjectsApi);
    fake.fail({ status: 403, times: 1, pathIncludes: '/promises' });
    await expect(
      api.listClusterCustomObject({ group: 'platform.kratix.io', version: 'v1alpha1', plural: 'promises' }),
    ).rejects.toMatchObject({ code: 403 });
    const before = fake.totalCalls();
    await api.listClusterCustomObject({ group: 'platform.kratix.io', version: 'v1alpha1', plural: 'promises' });
    expect(fake.totalCalls()).toBe(before + 1);
  });
});
