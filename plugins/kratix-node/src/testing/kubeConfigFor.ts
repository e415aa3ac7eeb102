import { KubeConfig } from '@kubernetes/client-node';
import {
  FAKE_SERVICE_ACCOUNT_TOKEN,
  FakeKubernetesApi,
} from './FakeKubernetesApi';

/**
 * A KubeConfig pointing at a fake API server, with a bearer token as a service account would
 * have. The fake must know the token: the default one always has every right, and a token
 * the fake does not know yet is made a service account with every right
 * (`fake.serviceAccount(token)`). A token given rights with `fake.grant` beforehand keeps
 * exactly those rights, so a test can hand a client a restricted identity.
 * @public
 */
export function kubeConfigFor(
  fake: FakeKubernetesApi,
  token = FAKE_SERVICE_ACCOUNT_TOKEN,
): KubeConfig {
  if (!fake.knowsToken(token)) fake.serviceAccount(token);
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
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs)
      throw new Error('condition not met in time');
    await new Promise(r => setTimeout(r, 10));
  }
}
