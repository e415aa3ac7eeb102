/*
 * A Promise's workflow control by platform mode: kubernetes patches the Promise's labels on
 * the cluster; hybrid commits them into the Promise's document where the suite installs it
 * (`promises/<name>.yaml`), leaving the cluster to the repository's sync; a Promise the
 * repository does not declare is refused (409) rather than patched behind git's back.
 * kratix.io/paused: "true" is what Kratix's Promise controller reads
 * (internal/controller/promise_controller.go:105,176 at Kratix HEAD).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import { parse } from 'yaml';
import { KratixPromise } from '@kratix-backstage/plugin-kratix-common';
import { git } from '../gitops/git';
import { GitRequestWriter } from '../gitops/GitRequestWriter';
import { LocalGitRepository } from '../gitops/LocalGitRepository';
import { KubernetesApiClient } from '../kubernetes/KubernetesApiClient';
import { createBareRemote } from '../testing/bareRemote';
import { FakeKubernetesApi } from '../testing/fakeKubernetesApi';
import { kubeConfigFor } from '../testing/kubeConfigFor';
import { seedFakePlatform } from '../testing/seedFakePlatform';
import { KubernetesKratixPlatform } from './KubernetesKratixPlatform';

jest.setTimeout(60_000);

describe('managePromise', () => {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledFrame: 'bypass' } as any));
  afterAll(() => server.close());
  let root: string;
  let fake: FakeKubernetesApi;
  let platform: KubernetesKratixPlatform | undefined;

  const clusterPromise = (name: string) =>
    fake
      .list('platform.kratix.io/v1alpha1', 'Promise')
      .find(p => p.metadata.name === name) as KratixPromise;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'kratix-manage-promise-'));
    fake = new FakeKubernetesApi();
    seedFakePlatform(fake);
    server.resetHandlers(...fake.handlers());
  });
  afterEach(async () => {
    platform?.stop();
    fake.dropWatches();
    await rm(root, { recursive: true, force: true });
  });

  it('kubernetes: patches the label on the Promise, and answers 404 for an unknown one', async () => {
    platform = new KubernetesKratixPlatform({
      name: 'prod',
      client: new KubernetesApiClient(kubeConfigFor(fake)),
    });
    await platform.start();
    await platform.managePromise('jenkins', 'pause');
    expect(
      clusterPromise('jenkins').metadata.labels?.['kratix.io/paused'],
    ).toBe('true');
    await platform.managePromise('jenkins', 'resume');
    expect(
      clusterPromise('jenkins').metadata.labels?.['kratix.io/paused'],
    ).toBeUndefined();
    await expect(platform.managePromise('nothing', 'pause')).rejects.toThrow(
      expect.objectContaining({ name: 'NotFoundError' }),
    );
  });

  it('hybrid: commits the label into the installed Promise document, and refuses one git does not declare', async () => {
    const remote = await createBareRemote(root);
    platform = new KubernetesKratixPlatform({
      name: 'prod',
      client: new KubernetesApiClient(kubeConfigFor(fake)),
      requestWriter: new GitRequestWriter(
        new LocalGitRepository(join(root, 'clone'), {
          url: remote,
          branch: 'main',
        }),
      ),
    });
    await platform.start();
    const { status: _status, ...jenkins } = clusterPromise('jenkins');
    await platform.installPromise(jenkins as KratixPromise);

    const result = await platform.managePromise('jenkins', 'pause', {
      author: { name: 'Ops', email: 'ops@example.com' },
    });
    expect(result.commit).toMatch(/^[0-9a-f]{40}$/);
    const committed = parse(
      await git(remote, ['show', 'main:promises/jenkins.yaml']),
    );
    expect(committed.metadata.labels).toEqual({
      ...jenkins.metadata.labels,
      'kratix.io/paused': 'true',
    });
    expect(committed.spec).toEqual(jenkins.spec);
    expect(
      (await git(remote, ['log', '-1', '--format=%s %an', 'main'])).trim(),
    ).toBe('Pause Promise jenkins Ops');
    // The cluster is the repository's to change.
    expect(
      clusterPromise('jenkins').metadata.labels?.['kratix.io/paused'],
    ).toBeUndefined();

    await expect(platform.managePromise('web-app', 'pause')).rejects.toThrow(
      expect.objectContaining({ name: 'ConflictError' }),
    );
  });
});
