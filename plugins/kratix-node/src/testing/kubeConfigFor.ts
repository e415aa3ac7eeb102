import { KubeConfig } from '@kubernetes/client-node';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  FAKE_SERVICE_ACCOUNT_TOKEN,
  FakeKubernetesApi,
} from './fakeKubernetesApi';

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

/**
 * A KubeConfig as the in-cluster way makes it (`kc.loadFromCluster()`, see createKubeConfig),
 * with the pod's service-account files (token, ca.crt, namespace) written under `root` and
 * the API server's address taken from the fake, as a pod reads them from its environment.
 * The client reads the token from the file, as it does in a pod; the fake is told the token.
 * @public
 */
export async function inClusterKubeConfigFor(
  fake: FakeKubernetesApi,
  token: string,
  root: string,
): Promise<{ kubeConfig: KubeConfig; tokenFile: string }> {
  if (!fake.knowsToken(token)) fake.serviceAccount(token);
  const serviceAccount = join(
    root,
    'var/run/secrets/kubernetes.io/serviceaccount',
  );
  await mkdir(serviceAccount, { recursive: true });
  const tokenFile = join(serviceAccount, 'token');
  await writeFile(tokenFile, token);
  // Read by the client on each call; msw answers before any TLS.
  await writeFile(join(serviceAccount, 'ca.crt'), 'not a certificate');
  await writeFile(join(serviceAccount, 'namespace'), 'backstage');
  const url = new URL(fake.baseUrl);
  const saved = {
    host: process.env.KUBERNETES_SERVICE_HOST,
    port: process.env.KUBERNETES_SERVICE_PORT,
  };
  try {
    process.env.KUBERNETES_SERVICE_HOST = url.hostname;
    process.env.KUBERNETES_SERVICE_PORT =
      url.port || (url.protocol === 'http:' ? '80' : '443');
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromCluster(root);
    return { kubeConfig, tokenFile };
  } finally {
    for (const [key, value] of [
      ['KUBERNETES_SERVICE_HOST', saved.host],
      ['KUBERNETES_SERVICE_PORT', saved.port],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
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
