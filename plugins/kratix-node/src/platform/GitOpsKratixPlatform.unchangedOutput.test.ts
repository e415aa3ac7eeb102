import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { readRequestStatus } from '@kratix-backstage/plugin-kratix-common';
import { createEmbeddedRepository } from '../embedded/createEmbeddedRepository';
import { git } from '../gitops/git';
import { GitOpsKratixPlatform } from './GitOpsKratixPlatform';

// Real git repositories: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

/**
 * Kratix's git writer makes no commit when a pipeline's documents did not change
 * (lib/writers/git.go commitAndPush: "no changes to be committed"), so in gitops mode an
 * update whose output is the same leaves no trace: it must not read as outdated forever.
 */
describe('GitOpsKratixPlatform when an update changes no document (commitAndPush)', () => {
  let dataDir: string;
  let directory: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-gitops-unchanged-'));
    directory = await createEmbeddedRepository({ dataDir, name: 'easyeaty' });
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('awaits the pipeline for the settle time after a change, then takes the documents as current', async () => {
    const path = 'requests/jenkins/team-checkout/ci.yaml';
    const ci = parse(await readFile(join(directory, path), 'utf8'));
    await writeFile(
      join(directory, path),
      stringify({ ...ci, spec: { ...ci.spec, agents: 9 } }),
    );
    await git(directory, ['commit', '--quiet', '-am', 'ci: nine agents']);
    const platformWith = (pipelineSettleMs: number) =>
      new GitOpsKratixPlatform({
        name: 'easyeaty',
        directory,
        stateStorePaths: ['state'],
        maxAgeMs: 0,
        pipelineSettleMs,
      });
    const statusWith = async (settleMs: number) =>
      readRequestStatus(
        (
          await platformWith(settleMs).listRequests({ promise: 'jenkins' })
        ).find(r => r.metadata.name === 'ci')!,
      );
    expect(await statusWith(60 * 60 * 1000)).toEqual(
      expect.objectContaining({
        phase: 'Pending',
        reason: 'StateStoreDocumentsOutdated',
      }),
    );
    expect(await statusWith(0)).toEqual(
      expect.objectContaining({
        phase: 'Ready',
        reason: 'StateStoreDocumentsUnchanged',
      }),
    );
  });
});
