/*
 * yarn bench:write — 100 concurrent resource requests into one local platform repository,
 * through the suite's serialised writer, side by side with a clone-per-request baseline
 * (clone, commit, push, and on a rejected push fetch, rebase and push again).
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import { createEmbeddedRepository } from '../src/embedded/createEmbeddedRepository';
import { git } from '../src/embedded/git';
import { GitOpsKratixPlatform } from '../src/platform/GitOpsKratixPlatform';

const REQUESTS = 100;
const BASELINE_CONCURRENCY = 8;

const request = (i: number) => ({
  apiVersion: 'marketplace.kratix.io/v1alpha1',
  kind: 'jenkins',
  metadata: { name: `ci-${i}`, namespace: `team-${i % 10}` },
  spec: { env: 'dev', agents: 1 + (i % 5) },
});
const pathOf = (i: number) => `requests/jenkins/team-${i % 10}/ci-${i}.yaml`;

async function countLanded(repoDir: string, ref: string): Promise<{ commits: number; files: Set<string>; dupes: number }> {
  const subjects = (await git(repoDir, ['log', '--format=%s', ref])).trim().split('\n');
  const requestCommits = subjects.filter(s => s.startsWith('Request jenkins'));
  const files = new Set(
    (await git(repoDir, ['ls-tree', '-r', '--name-only', ref])).split('\n').filter(f => f.startsWith('requests/jenkins/team-')),
  );
  const names = requestCommits.map(s => s.split(' ')[2]);
  return { commits: requestCommits.length, files, dupes: names.length - new Set(names).size };
}

async function suite(root: string) {
  const directory = await createEmbeddedRepository({ dataDir: root, name: 'suite' });
  const platform = new GitOpsKratixPlatform({ name: 'suite', directory, stateStorePaths: ['state'] });
  const start = performance.now();
  const results = await Promise.allSettled(Array.from({ length: REQUESTS }, (_, i) => platform.submitRequest('jenkins', request(i))));
  const seconds = (performance.now() - start) / 1000;
  const landed = await countLanded(directory, 'HEAD');
  return { seconds, failed: results.filter(r => r.status === 'rejected').length, ...landed };
}

async function baseline(root: string) {
  const seed = await createEmbeddedRepository({ dataDir: root, name: 'seed' });
  const remote = join(root, 'remote.git');
  await git(root, ['clone', '--quiet', '--bare', seed, remote]);
  let next = 0;
  let failed = 0;
  const one = async (i: number) => {
    const work = await mkdtemp(join(root, 'clone-'));
    await git(root, ['clone', '--quiet', remote, work]);
    const file = join(work, pathOf(i));
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(file, stringify(request(i)));
    await git(work, ['add', '--all']);
    await git(work, ['commit', '--quiet', '-m', `Request jenkins team-${i % 10}/ci-${i} (Promise jenkins)`]);
    for (let attempt = 0; ; attempt++) {
      try {
        await git(work, ['push', '--quiet', 'origin', 'HEAD:main']);
        break;
      } catch (error) {
        if (attempt >= 20) throw error;
        await git(work, ['pull', '--quiet', '--rebase', 'origin', 'main']);
      }
    }
    await rm(work, { recursive: true, force: true });
  };
  const start = performance.now();
  await Promise.all(
    Array.from({ length: BASELINE_CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        const i = next++;
        await one(i).catch(() => {
          failed++;
        });
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const landed = await countLanded(remote, 'main');
  return { seconds, failed, ...landed };
}

async function main() {
  const root = await mkdtemp(join(tmpdir(), 'kratix-bench-write-'));
  try {
    const ours = await suite(join(root, 'suite'));
    const base = await baseline(join(root, 'baseline'));
    const lost = (r: { files: Set<string> }) => Array.from({ length: REQUESTS }, (_, i) => pathOf(i)).filter(p => !r.files.has(p)).length;
    const rows: Array<[string, string, string]> = [
      ['requests submitted', String(REQUESTS), String(REQUESTS)],
      ['commits landed', String(ours.commits), String(base.commits)],
      ['lost', String(lost(ours)), String(lost(base))],
      ['duplicated', String(ours.dupes), String(base.dupes)],
      ['failed submissions', String(ours.failed), String(base.failed)],
      ['wall time (s)', ours.seconds.toFixed(2), base.seconds.toFixed(2)],
      ['requests per second', (REQUESTS / ours.seconds).toFixed(1), (REQUESTS / base.seconds).toFixed(1)],
    ];
    console.log(`\nbench:write  ${REQUESTS} concurrent requests into one local repository`);
    console.log(`${'measure'.padEnd(24)}${'serialised writer'.padStart(20)}${`clone per request (x${BASELINE_CONCURRENCY})`.padStart(28)}`);
    for (const [name, a, b] of rows) console.log(`${name.padEnd(24)}${a.padStart(20)}${b.padStart(28)}`);
    const rate = REQUESTS / ours.seconds;
    const speedup = base.seconds / ours.seconds;
    console.log(`speed-up: ${speedup.toFixed(1)}x`);
    const targets = [
      [`${REQUESTS} commits, 0 lost, 0 duplicated`, ours.commits === REQUESTS && lost(ours) === 0 && ours.dupes === 0],
      ['>= 10 requests/s', rate >= 10],
      ['>= 5x the baseline', speedup >= 5],
    ] as const;
    for (const [name, ok] of targets) console.log(`${ok ? 'met   ' : 'MISSED'} ${name}`);
    process.exitCode = targets.every(([, ok]) => ok) ? 0 : 1;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
