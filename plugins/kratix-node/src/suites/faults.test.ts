/*
 * yarn test:faults — faults injected into the platform's API server (msw fake) and into real
 * git repositories. For each: the backend's platform stays up, serves what it has (marked
 * stale), recovers without a restart, and no request is lost or written twice. Each fault
 * asserts what became of the requests submitted under it (every one landed, 0 lost,
 * 0 duplicated) and only then counts as survived; the last test prints the figures and
 * asserts them. To see the suite fail, `KRATIX_TEST_DROP_ONE_WRITE=1 yarn test:faults` turns
 * on a test-only switch in GitRequestWriter that silently drops one write.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm, statfs, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import { ResourceRequest } from '@kratix-backstage/plugin-kratix-common';
import { FakeKubernetesApi } from '../testing/FakeKubernetesApi';
import { eventually, kubeConfigFor } from '../testing/kubeConfigFor';
import { seedFakePlatform } from '../testing/seedFakePlatform';
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

/** What became of the requests submitted while one fault was injected. */
type Outcome = {
  submitted: number;
  landed: number;
  lost: number;
  duplicated: number;
};

const figures = {
  injected: 0,
  survived: 0,
  skipped: 0,
  submitted: 0,
  landed: 0,
  lost: 0,
  duplicated: 0,
};

/**
 * Adds one fault's outcome to the figures and asserts it: every request submitted landed,
 * exactly once. Only then does the fault count as survived.
 */
function survived(outcome: Outcome, faults = 1): void {
  figures.submitted += outcome.submitted;
  figures.landed += outcome.landed;
  figures.lost += outcome.lost;
  figures.duplicated += outcome.duplicated;
  expect(outcome).toEqual({
    submitted: outcome.submitted,
    landed: outcome.submitted,
    lost: 0,
    duplicated: 0,
  });
  figures.survived += faults;
}

// Whether this machine lets the suite mount a small tmpfs (root with CAP_SYS_ADMIN), decided
// before any test runs: where it cannot, the disk-full case is reported as skipped, never
// as passed, and under CI=true (CI runs as root) as failed.
const tmpfsProbe = (() => {
  const dir = mkdtempSync(join(tmpdir(), 'kratix-tmpfs-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], {
      stdio: 'pipe',
    });
    execFileSync('umount', [dir], { stdio: 'pipe' });
    return { ok: true as const };
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? '').trim();
    return { ok: false as const, why: stderr || (error as Error).message };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
})();
const inCI = process.env.CI === 'true';

const jenkins = (name: string, namespace = 'team-faults'): ResourceRequest => ({
  apiVersion: 'marketplace.kratix.io/v1alpha1',
  kind: 'jenkins',
  metadata: { name, namespace },
  spec: { env: 'dev' },
});

describe('faults in the platform cluster', () => {
  let fake: FakeKubernetesApi;
  let platform: KubernetesKratixPlatform;
  let logger: ReturnType<typeof mockServices.logger.mock>;

  beforeEach(async () => {
    fake = new FakeKubernetesApi();
    seedFakePlatform(fake);
    // The namespace the suite's requests go to (creating in a missing one is a 404).
    fake.ensureNamespace('team-faults');
    server.use(...fake.handlers());
    logger = mockServices.logger.mock();
    platform = new KubernetesKratixPlatform({
      name: 'prod',
      client: new KubernetesApiClient(kubeConfigFor(fake), { timeoutMs: 200 }),
      backoff: { initialMs: 20, maxMs: 100 },
      logger,
    });
    await platform.start();
  });
  afterEach(() => {
    platform.stop();
    fake.dropWatches();
    fake.clearFaults();
  });

  /** What the API server holds of the named requests: each must be there exactly once. */
  const onCluster = (names: string[]): Outcome => {
    const stored = fake
      .list('marketplace.kratix.io/v1alpha1', 'jenkins')
      .filter(r => r.metadata.namespace === 'team-faults')
      .map(r => r.metadata.name);
    const copies = names.map(n => stored.filter(s => s === n).length);
    return {
      submitted: names.length,
      landed: copies.filter(c => c > 0).length,
      lost: copies.filter(c => c === 0).length,
      duplicated: copies.filter(c => c > 1).length,
    };
  };
  const teamFaults = async () =>
    (
      await platform.listRequests({
        promise: 'jenkins',
        namespace: 'team-faults',
      })
    ).map(r => r.metadata.name);

  it.each([
    [
      'API server 500 on watches',
      { status: 500, times: Infinity, pathIncludes: 'watch=true' },
    ],
    ['API server 503 on everything', { status: 503, times: Infinity }],
    [
      'API server 403 on watches',
      { status: 403, times: Infinity, pathIncludes: 'watch=true' },
    ],
    [
      'API server hanging (timeouts)',
      { status: 0, delayMs: 1000, times: Infinity },
    ],
  ] as const)(
    '%s: serves stale data, recovers, loses nothing',
    async (name, fault) => {
      figures.injected++;
      // A Kubernetes name starts and ends with an alphanumeric character.
      const slug = name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '');
      fake.fail({ ...fault });
      fake.dropWatches();
      await eventually(() => !platform.health().connected, 3000);
      // Still serving what it had, marked stale through health.
      expect(await platform.listPromises()).toHaveLength(5);
      fake.put(jenkins(`changed-during-${slug}`));
      fake.clearFaults();
      await eventually(
        async () => (await teamFaults()).includes(`changed-during-${slug}`),
        8000,
      );
      await eventually(() => platform.health().connected, 8000);
      await platform.submitRequest('jenkins', jenkins(`after-${slug}`));
      const outcome = onCluster([`after-${slug}`]);
      // And the platform's own view catches up with what the cluster holds.
      await eventually(
        async () =>
          (await teamFaults()).sort().join() ===
          [`after-${slug}`, `changed-during-${slug}`].sort().join(),
        8000,
      );
      survived(outcome);
    },
  );

  it('dropped watches and 410 Gone: relists and misses nothing', async () => {
    figures.injected += 2;
    const jenkinsLists = () =>
      fake.audit.filter(e => e.verb === 'list' && e.resource === 'jenkins')
        .length;
    const lists = jenkinsLists();
    fake.dropWatches();
    // Added while no watch is open, then the history is compacted: every watch resumed from
    // its resourceVersion gets 410 Gone, and the platform must list jenkins requests again
    // to see 'while-dropped' (the audit log and the cache's log line below show it did).
    fake.put(jenkins('while-dropped'));
    fake.compact();
    fake.put(jenkins('after-compaction'));
    await eventually(
      async () =>
        (await teamFaults()).sort().join() === 'after-compaction,while-dropped',
      5000,
    );
    expect(jenkinsLists()).toBeGreaterThan(lists);
    expect(logger.info).toHaveBeenCalledWith(
      'Watch of jenkins expired (410 Gone); listing again',
    );
    survived({ submitted: 0, landed: 0, lost: 0, duplicated: 0 }, 2);
  });

  it('a write refused by the cluster is reported, not lost silently, and lands on retry', async () => {
    figures.injected++;
    fake.fail({ status: 503, times: 1, method: 'POST' });
    await expect(
      platform.submitRequest('jenkins', jenkins('retried')),
    ).rejects.toThrow('503');
    await platform.submitRequest('jenkins', jenkins('retried'));
    survived(onCluster(['retried']));
  });
});

describe('faults in git', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'kratix-faults-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  async function bareRemote() {
    const seed = await createEmbeddedRepository({
      dataDir: root,
      name: 'seed',
    });
    const remote = join(root, 'remote.git');
    await git(root, ['clone', '--quiet', '--bare', seed, remote]);
    return remote;
  }
  /** What a ref holds of the named requests: each file present, each committed once. */
  const inGit = async (
    repo: string,
    ref: string,
    names: string[],
  ): Promise<Outcome> => {
    const files = (
      await git(repo, ['ls-tree', '-r', '--name-only', ref])
    ).split('\n');
    const subjects = (await git(repo, ['log', '--format=%s', ref])).split('\n');
    const outcome = {
      submitted: names.length,
      landed: 0,
      lost: 0,
      duplicated: 0,
    };
    for (const name of names) {
      const present = files.includes(
        `requests/jenkins/team-faults/${name}.yaml`,
      );
      const commits = subjects.filter(s =>
        s.includes(`team-faults/${name} `),
      ).length;
      if (present) outcome.landed++;
      else outcome.lost++;
      if (commits > 1) outcome.duplicated++;
    }
    return outcome;
  };

  it('push rejected by a concurrent writer: rebased and pushed, each request once', async () => {
    figures.injected++;
    const remote = await bareRemote();
    const a = new GitRequestWriter(
      new LocalGitRepository(join(root, 'a'), { url: remote, branch: 'main' }),
    );
    const b = new GitRequestWriter(
      new LocalGitRepository(join(root, 'b'), { url: remote, branch: 'main' }),
    );
    const names = Array.from({ length: 10 }, (_, i) => `race-${i}`);
    await Promise.all(
      names.map((n, i) => (i % 2 ? a : b).submit('jenkins', jenkins(n))),
    );
    survived(await inGit(remote, 'main', names));
    // Ten concurrent pushes that keep losing races: slow on a loaded 2-core machine.
  }, 60_000);

  it('remote unreachable: the submission fails loudly, and lands once the remote is back', async () => {
    figures.injected++;
    const remote = await bareRemote();
    const repo = new LocalGitRepository(join(root, 'w'), {
      url: `${remote}-moved`,
      branch: 'main',
    });
    const writer = new GitRequestWriter(repo);
    await expect(
      writer.submit('jenkins', jenkins('offline')),
    ).rejects.toThrow();
    await git(join(root, 'w'), ['remote', 'set-url', 'origin', remote]);
    (repo.remote as { url: string }).url = remote;
    await writer.submit('jenkins', jenkins('offline'));
    survived(await inGit(remote, 'main', ['offline']));
  });

  it('backend restarted in the middle of a commit: the stale lock is cleared and writes go on', async () => {
    figures.injected++;
    const directory = await createEmbeddedRepository({
      dataDir: root,
      name: 'local',
    });
    // What a process stopped mid-commit leaves behind.
    await writeFile(join(directory, '.git', 'index.lock'), '');
    const restarted = new GitOpsKratixPlatform({
      name: 'local',
      directory,
      stateStorePaths: ['state'],
    });
    await restarted.submitRequest('jenkins', jenkins('after-restart'));
    survived(await inGit(directory, 'HEAD', ['after-restart']));
  });

  // Skipped where the suite cannot mount a tmpfs (outside CI), never passed; under CI=true
  // it runs, and fails saying why.
  if (!tmpfsProbe.ok && !inCI) {
    figures.skipped++;
    // eslint-disable-next-line no-console
    console.log(
      `faults: disk-full case skipped (cannot mount a small tmpfs: ${tmpfsProbe.why}); under CI=true it fails`,
    );
    it.skip('disk full on the local repository (needs a tmpfs)', () => {});
    return;
  }
  it('disk full on the local repository: the write fails, leaves nothing, and lands once space is back', async () => {
    figures.injected++;
    if (!tmpfsProbe.ok)
      throw new Error(
        `cannot mount a small tmpfs (${tmpfsProbe.why}); CI runs this suite as root so that it can`,
      );
    const disk = join(root, 'disk');
    await mkdir(disk);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', disk], {
      stdio: 'pipe',
    });
    try {
      const directory = await createEmbeddedRepository({
        dataDir: disk,
        name: 'local',
      });
      const platform = new GitOpsKratixPlatform({
        name: 'local',
        directory,
        stateStorePaths: ['state'],
      });
      const { bavail, bsize } = await statfs(disk);
      await writeFile(
        join(disk, 'filler'),
        Buffer.alloc(Math.max(0, bavail * bsize - 1024)),
      );
      await expect(
        platform.submitRequest('jenkins', jenkins('disk-full')),
      ).rejects.toThrow();
      await rm(join(disk, 'filler'));
      // Even git status writes its index, so the tree is inspected once space is back.
      expect((await git(directory, ['status', '--porcelain'])).trim()).toBe('');
      const result = await platform.submitRequest(
        'jenkins',
        jenkins('disk-full'),
      );
      expect(result.action).toBe('created');
      survived(await inGit(directory, 'HEAD', ['disk-full']));
    } finally {
      execFileSync('umount', ['-l', disk], { stdio: 'pipe' });
    }
  });
});

// Runs last (jest runs a file's tests in order): the figures the suite prints, asserted.
// A fault that failed above never reached survived(), so this fails with it.
it('every injected fault survived, and no request was lost or written twice', () => {
  const line = `faults: ${figures.injected} injected, ${figures.survived} survived, ${figures.skipped} skipped; requests: ${figures.submitted} submitted, ${figures.landed} landed, ${figures.lost} lost, ${figures.duplicated} duplicated`;
  // eslint-disable-next-line no-console
  console.log(line);
  expect(figures.injected).toBeGreaterThan(0);
  expect(figures).toEqual({
    ...figures,
    survived: figures.injected,
    landed: figures.submitted,
    lost: 0,
    duplicated: 0,
  });
});
