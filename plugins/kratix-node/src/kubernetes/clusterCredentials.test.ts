/*
 * The cluster's credentials get the git tokens' test: an API server that quotes the bearer
 * token back in its errors (clear, URL-encoded, base64), and every error the client lets out
 * scanned for every form of it, for each way the client gets a token: the config's `token`,
 * a kubeconfig's `token-file`, and the in-cluster service account's token file (read again
 * by the client, and rotated by the kubelet).
 */
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { KubeConfig } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import { FakeKubernetesApi } from '../testing/fakeKubernetesApi';
import {
  inClusterKubeConfigFor,
  kubeConfigFor,
} from '../testing/kubeConfigFor';
import { seedFakePlatform } from '../testing/seedFakePlatform';
import { ClusterCredentials } from './clusterCredentials';
import { createKubeConfig } from './createKubeConfig';
import { KubernetesApiClient, ResourceType } from './KubernetesApiClient';

jest.setTimeout(30_000);

// An API server address as a pod's environment gives it (KUBERNETES_SERVICE_HOST, _PORT).
const fake = new FakeKubernetesApi('https://10.96.0.1:6443');
seedFakePlatform(fake);
const server = setupServer(...fake.handlers());
registerMswTestHooks(server);

const promises: ResourceType = {
  group: 'platform.kratix.io',
  version: 'v1alpha1',
  plural: 'promises',
  namespaced: false,
};
const newToken = () => `eyJhbGciOi.${randomBytes(24).toString('base64url')}`;

/** Occurrences of a token in every form the fake quotes it in (and base64url). */
function leaks(texts: string[], token: string): number {
  const forms = [
    token,
    encodeURIComponent(token),
    Buffer.from(token).toString('base64'),
    Buffer.from(token).toString('base64url'),
  ];
  return texts
    .join('\n')
    .split('\n')
    .reduce(
      (n, text) =>
        n + forms.reduce((m, form) => m + text.split(form).length - 1, 0),
      0,
    );
}

/** Each kind of call the client makes, made to fail with the token quoted back. */
async function failingCalls(client: KubernetesApiClient): Promise<string[]> {
  const errors: string[] = [];
  const keep = (e: unknown) =>
    void errors.push(
      `${(e as Error).message}\n${(e as Error).stack}\n${JSON.stringify(e)}`,
    );
  const echo = { status: 500, times: 1, echoToken: true };
  fake.fail(echo);
  await client.list(promises).then(() => errors.push('list passed'), keep);
  fake.fail(echo);
  await client.get(promises, 'jenkins').then(() => errors.push('get'), keep);
  fake.fail(echo);
  await client
    .create(promises, {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'Promise',
      metadata: { name: 'echoed' },
    })
    .then(() => errors.push('create passed'), keep);
  fake.fail(echo);
  await client.podLog('default', 'p', 'c').then(() => errors.push('log'), keep);
  fake.fail({ ...echo, pathIncludes: 'watch=true' });
  await new Promise<void>((resolve, reject) => {
    client
      .watch(
        promises,
        '1',
        undefined,
        () => undefined,
        e => {
          if (e) keep(e);
          else errors.push('watch ended without an error');
          resolve();
        },
      )
      .catch(reject);
  });
  fake.clearFaults();
  return errors;
}

describe('cluster credentials in errors', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kratix-cluster-creds-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('control: the fake quotes the token back in every form the scan looks for', async () => {
    const token = newToken();
    fake.serviceAccount(token);
    fake.fail({ status: 500, times: 1, echoToken: true });
    const body = await (
      await fetch(`${fake.baseUrl}/apis/platform.kratix.io/v1alpha1/promises`, {
        headers: { Authorization: `Bearer ${token}` },
      })
    ).text();
    // Header, clear, URL-encoded and base64: four forms, the clear one twice.
    expect(leaks([body], token)).toBeGreaterThanOrEqual(4);
  });

  it('scrubs the config’s token from every call’s error', async () => {
    const token = newToken();
    const errors = await failingCalls(
      new KubernetesApiClient(kubeConfigFor(fake, token)),
    );
    expect(errors).toHaveLength(5);
    // Each call but the watch got the quoting body (client-node's watch reads no body).
    expect(errors.filter(e => e.includes('Bearer ***'))).toHaveLength(4);
    expect(leaks(errors, token)).toBe(0);
  });

  it('scrubs a kubeconfig’s token-file token', async () => {
    const token = newToken();
    fake.serviceAccount(token);
    await writeFile(join(dir, 'token'), token);
    await writeFile(
      join(dir, 'kubeconfig'),
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'c', cluster: { server: fake.baseUrl } }],
        users: [{ name: 'u', user: { 'token-file': join(dir, 'token') } }],
        contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
        'current-context': 'x',
      }),
    );
    const kubeConfig = createKubeConfig(
      { type: 'kubeconfig', path: join(dir, 'kubeconfig') } as any,
      'prod',
    );
    const errors = await failingCalls(new KubernetesApiClient(kubeConfig));
    expect(errors).toHaveLength(5);
    expect(leaks(errors, token)).toBe(0);
  });

  it('scrubs the in-cluster service account’s token, read from its file, before and after the kubelet rotates it', async () => {
    const first = newToken();
    fake.serviceAccount(first);
    const { kubeConfig, tokenFile } = await inClusterKubeConfigFor(
      fake,
      first,
      dir,
    );
    const client = new KubernetesApiClient(kubeConfig);
    // The client really authenticates with the file's token.
    expect((await client.list(promises)).items.length).toBeGreaterThan(0);
    const before = await failingCalls(client);
    expect(before).toHaveLength(5);
    // Rotated: the client still sends the token it read (it reads again after a minute).
    const second = newToken();
    fake.serviceAccount(second);
    await writeFile(tokenFile, second);
    const after = await failingCalls(client);
    // A new client reads the new token.
    const fresh = await failingCalls(new KubernetesApiClient(kubeConfig));
    const errors = [...before, ...after, ...fresh];
    // Each call but the watch got the quoting body (client-node's watch reads no body).
    expect(errors.filter(e => e.includes('Bearer ***'))).toHaveLength(12);
    expect(leaks(errors, first) + leaks(errors, second)).toBe(0);
  });

  it('counts a client key file and a token file’s every content as secrets', async () => {
    await writeFile(join(dir, 'key.pem'), '-----BEGIN KEY-----\nabc\n');
    await writeFile(join(dir, 'token'), 'token-one\n');
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [{ name: 'c', server: fake.baseUrl }],
      users: [
        { name: 'cert', keyFile: join(dir, 'key.pem') },
        {
          name: 'file',
          authProvider: {
            name: 'tokenFile',
            config: { tokenFile: join(dir, 'token') },
          },
        },
      ],
      contexts: [{ name: 'x', cluster: 'c', user: 'cert' }],
      currentContext: 'x',
    });
    const credentials = new ClusterCredentials(kubeConfig);
    await writeFile(join(dir, 'token'), 'token-two');
    expect(credentials.current()).toEqual([
      '-----BEGIN KEY-----\nabc\n',
      'token-one\n',
      'token-one',
      'token-two',
    ]);
  });
});
