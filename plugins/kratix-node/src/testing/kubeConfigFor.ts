import { KubeConfig } from '@kubernetes/client-node';
import { FakeKubernetesApi } from './FakeKubernetesApi';

/** A KubeConfig pointing at a fake API server, with a token as a service account would have. @public */
export function kubeConfigFor(fake: FakeKubernetesApi, token = 'fake-service-account-token'): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'platform', server: fake.baseUrl, skipTLSVerify: true }],
    users: [{ name: 'backstage', token }],
    contexts: [{ name: 'platform', cluster: 'platform', user: 'backstage' }],
    currentContext: 'platform',
  });
  return kc;
}

/** Waits until a condition holds, polling briefly (for asynchronous watch delivery). @public */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise(r => setTimeout(r, 10));
  }
}
