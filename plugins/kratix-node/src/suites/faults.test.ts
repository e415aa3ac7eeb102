/*
 * yarn test:faults — faults injected into the platform's API server (msw fake) and into real
 * git repositories. For each: the backend's platform stays up, serves what it has (marked
 * stale), recovers without a restart, and no request is lost or written twice. Prints the
 * figures at the end.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, statfs, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import { ResourceRequest } from '@kratix-backstage/plugin-kratix-common';
import { FakeKubernetesApi } from '../__testUtils__/FakeKubernetesApi';
import { eventually, kubeConfigFor } from '../__testUtils__/kubeConfigFor';
import { seedFakePlatform } from '../__testUtils__/seedFakePlatform';
import { createEmbeddedRepository } from '../embedded/createEmbeddedRepository';
import { git } from '../embedded/git';
import { GitRequestWriter } from '../gitops/GitRequestWriter';
import { LocalGitRepository } from '../gitops/LocalGitRepository';
import { KubernetesApiClient } from '../kubernetes/KubernetesApiClient';
import { GitOpsKratixPlatform } from '../platform/GitOpsKratixPlatform';
import { KubernetesKratixPlatform } from '../platform/KubernetesKratixPlatform';

// Real git repositories and test backends: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

const server = setupServer();
registerMswTestHooks(server);

const figures = { injected: 0, survived: 0, submitted: 0, landed: 0, lost: 0, duplicated: 0 };
afterAll(() => {
  // eslint-disable-next-line no-console
  console.log(
    `faults: ${figures.injected} injected, ${figures.survived} survived; requests: ${figures.submitted} submitted, ${figures.landed} landed, ${figures.lost} lost, ${figures.duplicated} duplicated`,
  );
});

const jenkins = (name: string, namespace = 'team-faults'): ResourceRequest => ({
  apiVersion: 'marketplace.kratix.io/v1alpha1',
  kind: 'jenkins',
  metadata: { name, namespace },
  spec: { env: 'dev' },
});

describe('faults in the platform cluster', () => {
  let fake: FakeKubernetesApi;
  let platform: KubernetesKratixPlatform;

  beforeEach(async () => {
    fake = new FakeKubernetesApi();
    seedFakePlatform(fake);
    server.use(...fake.handlers());
    platform = new KubernetesKratixPlatform({
      name: 'prod',
      client: new KubernetesApiClient(kubeConfigFor(fake), { timeoutMs: 200 }),
      backoff: { initialMs: 20, maxMs: 100 },
    });
    await platform.start();
  });
  afterEach(() => {
    platform.stop();
    fake.dropWatches();
    fake.clearFaults();
  });

  it.each([
    ['API server 500 on watches', { status: 500, times: Infinity, pathIncludes: 'watch=true' }],
    ['API server 503 on everything', { status: 503, times: Infinity }],
    ['API server 403 on watches', { status: 403, times: Infinity, pathIncludes: 'watch=true' }],
    ['API server hanging (timeouts)', { status: 0, delayMs: 1000, times: Infinity }],
  ] as const)('%s: serves stale data, recovers, loses nothing', async (_name, fault) => {
    figures.injected++;
    fake.fail({ ...fault });
    fake.dropWatches();
    await eventually(() => !platform.health().connected, 3000);
    // Still serving what it had, marked stale through health.
    expect(await platform.listPromises()).toHaveLength(5);
    fake.put(jenkins(`changed-during-fault-${figures.injected}`));
    fake.clearFaults();
    await eventually(async () => (await platform.listRequests({ promise: 'jenkins', namespace: 'team-faults' })).length === 1, 8000);
    await eventually(() => platform.health().connected, 8000);
    figures.submitted++;
    await platform.submitRequest('jenkins', jenkins(`after-${figures.injected}`));
    await eventually(async () => (await platform.listRequests({ promise: 'jenkins', namespace: 'team-faults' })).length === 2);
    figures.landed++;
    figures.survived++;
  });

  it('dropped watches and 410 Gone: relists and misses nothing', async () => {
    figures.injected += 2;
    fake.dropWatches();
    fake.put(jenkins('while-dropped'));
    fake.compact();
    fake.put(jenkins('after-compaction'));
    await eventually(async () => (await platform.listRequests({ namespace: 'team-faults' })).length === 2, 5000);
    figures.survived += 2;
  });

  it('a write refused by the cluster is reported, not lost silently, and lands on retry', async () => {
    figures.injected++;
    figures.submitted++;
    fake.fail({ status: 503, times: 1, method: 'POST' });
    await expect(platform.submitRequest('jenkins', jenkins('retried'))).rejects.toThrow('503');
    await platform.submitRequest('jenkins', jenkins('retried'));
    const stored = fake.list('marketplace.kratix.io/v1alpha1', 'jenkins').filter(r => r.metadata.name === 'retried');
    expect(stored).toHaveLength(1);
    figures.landed++;
    figures.survived++;
  });
});

describe('faults in git', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'kratix-faults-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  async function bareRemote() {
    const seed = await createEmbeddedRepository({ dataDir: root, name: 'seed' });
    const remote = join(root, 'remote.git');
    await git(root, ['clone', '--quiet', '--bare', seed, remote]);
    return remote;
  }
  const landedOnce = async (repo: string, ref: string, names: string[]) => {
    const files = (await git(repo, ['ls-tree', '-r', '--name-only', ref])).split('\n');
    const subjects = (await git(repo, ['log', '--format=%s', ref])).split('\n');
    for (const name of names) {
      const present = files.includes(`requests/jenkins/team-faults/${name}.yaml`);
      const commits = subjects.filter(s => s.includes(`team-faults/${name} `)).length;
      if (!present) figures.lost++;
      else figures.landed++;
      if (commits > 1) figures.duplicated++;
    }
  };

  it('push rejected by a concurrent writer: rebased and pushed, each request once', async () => {
    figures.injected++;
    const remote = await bareRemote();
    const a = new GitRequestWriter(new LocalGitRepository(join(root, 'a'), { url: remote, branch: 'main' }));
    const b = new GitRequestWriter(new LocalGitRepository(join(root, 'b'), { url: remote, branch: 'main' }));
    const names = Array.from({ length: 10 }, (_, i) => `race-${i}`);
    figures.submitted += names.length;
    await Promise.all(names.map((n, i) => (i % 2 ? a : b).submit('jenkins', jenkins(n))));
    await landedOnce(remote, 'main', names);
    figures.survived++;
  });

  it('remote unreachable: the submission fails loudly, and lands once the remote is back', async () => {
    figures.injected++;
    const remote = await bareRemote();
    const repo = new LocalGitRepository(join(root, 'w'), { url: `${remote}-moved`, branch: 'main' });
    const writer = new GitRequestWriter(repo);
    figures.submitted++;
    await expect(writer.submit('jenkins', jenkins('offline'))).rejects.toThrow();
    await git(join(root, 'w'), ['remote', 'set-url', 'origin', remote]);
    (repo.remote as { url: string }).url = remote;
    await writer.submit('jenkins', jenkins('offline'));
    await landedOnce(remote, 'main', ['offline']);
    figures.survived++;
  });

  it('backend restarted in the middle of a commit: the stale lock is cleared and writes go on', async () => {
    figures.injected++;
    const directory = await createEmbeddedRepository({ dataDir: root, name: 'local' });
    // What a process stopped mid-commit leaves behind.
    await writeFile(join(directory, '.git', 'index.lock'), '');
    const restarted = new GitOpsKratixPlatform({ name: 'local', directory, stateStorePaths: ['state'] });
    figures.submitted++;
    await restarted.submitRequest('jenkins', jenkins('after-restart'));
    await landedOnce(directory, 'HEAD', ['after-restart']);
    figures.survived++;
  });

  it('disk full on the local repository: the write fails, leaves nothing, and lands once space is back', async () => {
    const disk = join(root, 'disk');
    await mkdir(disk);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', disk], { stdio: 'pipe' });
    } catch {
      // eslint-disable-next-line no-console
      console.log('faults: disk-full case skipped (needs root to mount a small tmpfs)');
      return;
    }
    try {
      figures.injected++;
      const directory = await createEmbeddedRepository({ dataDir: disk, name: 'local' });
      const platform = new GitOpsKratixPlatform({ name: 'local', directory, stateStorePaths: ['state'] });
      const { bavail, bsize } = await statfs(disk);
      await writeFile(join(disk, 'filler'), Buffer.alloc(Math.max(0, bavail * bsize - 1024)));
      figures.submitted++;
      await expect(platform.submitRequest('jenkins', jenkins('disk-full'))).rejects.toThrow();
      await rm(join(disk, 'filler'));
      // Even git status writes its index, so the tree is inspected once space is back.
      expect((await git(directory, ['status', '--porcelain'])).trim()).toBe('');
      const result = await platform.submitRequest('jenkins', jenkins('disk-full'));
      expect(result.action).toBe('created');
      await landedOnce(directory, 'HEAD', ['disk-full']);
      figures.survived++;
    } finally {
      execFileSync('umount', ['-l', disk], { stdio: 'pipe' });
    }
  });
});
