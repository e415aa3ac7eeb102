import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKubeConfig } from './createKubeConfig';

describe('createKubeConfig', () => {
  it('builds a config from a URL, CA and token', () => {
    const kc = createKubeConfig(
      {
        type: 'url',
        url: 'https://k8s.example:6443',
        caData: 'Q0E=',
        token: 'secret-token',
        skipTLSVerify: false,
      },
      'prod',
    );
    expect(kc.getCurrentCluster()).toEqual(
      expect.objectContaining({
        server: 'https://k8s.example:6443',
        caData: 'Q0E=',
      }),
    );
    expect(kc.getCurrentUser()?.token).toBe('secret-token');
  });

  it('loads a kubeconfig file and selects the context, naming a missing one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubeconfig-'));
    const path = join(dir, 'config');
    await writeFile(
      path,
      `apiVersion: v1
kind: Config
clusters:
  - name: a
    cluster: {server: 'https://a.example'}
  - name: b
    cluster: {server: 'https://b.example'}
users:
  - name: u
    user: {token: t}
contexts:
  - name: ctx-a
    context: {cluster: a, user: u}
  - name: ctx-b
    context: {cluster: b, user: u}
current-context: ctx-a
`,
    );
    expect(
      createKubeConfig(
        { type: 'kubeconfig', path, context: 'ctx-b' },
        'p',
      ).getCurrentCluster()?.server,
    ).toBe('https://b.example');
    expect(() =>
      createKubeConfig({ type: 'kubeconfig', path, context: 'nope' }, 'p'),
    ).toThrow('context "nope"');
    await rm(dir, { recursive: true, force: true });
  });
});
