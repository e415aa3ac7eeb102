import { CoreV1Api } from '@kubernetes/client-node';
import { kubeConfigFor } from '../kubeConfigFor';
import { fakeUnderTest } from './fakeApiTestKit';

const { fake, call } = fakeUnderTest();

describe('FakeKubernetesApi: pod logs', () => {
  beforeAll(() => {
    fake.put({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'runner', namespace: 'team-checkout' },
      spec: {
        initContainers: [{ name: 'reader' }],
        containers: [{ name: 'main' }],
      },
    });
    fake.setLog('team-checkout', 'runner', 'main', 'one\ntwo\nthree\n');
  });
  const logOf = (query: string, pod = 'runner') =>
    call(`/api/v1/namespaces/team-checkout/pods/${pod}/log${query}`);

  it('serves a container log, its tail, and the errors a kubelet gives', async () => {
    const core = kubeConfigFor(fake).makeApiClient(CoreV1Api);
    expect(
      await core.readNamespacedPodLog({
        namespace: 'team-checkout',
        name: 'runner',
        container: 'main',
        tailLines: 2,
      }),
    ).toBe('two\nthree\n');
    expect((await logOf('')).body).toBe('one\ntwo\nthree\n');
    expect((await logOf('?container=reader')).body.message).toBe(
      'container "reader" in pod "runner" is waiting to start: ContainerCreating',
    );
    expect((await logOf('?container=nope')).body.message).toBe(
      'container nope is not valid for pod runner',
    );
    expect((await logOf('', 'ghost')).status).toBe(404);
  });
});
