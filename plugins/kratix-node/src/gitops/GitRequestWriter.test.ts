import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { git } from './git';
import { GitRequestWriter } from './GitRequestWriter';
import { LocalGitRepository } from './LocalGitRepository';

// Real git repositories and test backends: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

describe('GitRequestWriter.manage', () => {
  let dir: string;
  let writer: GitRequestWriter;
  const ref = { promise: 'jenkins', namespace: 'team-a', name: 'ci' };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kratix-manage-'));
    await git(dir, ['init', '--quiet', '--initial-branch=main']);
    await git(dir, ['commit', '--quiet', '--allow-empty', '-m', 'root']);
    writer = new GitRequestWriter(new LocalGitRepository(dir));
    await writer.submit('jenkins', {
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      kind: 'jenkins',
      metadata: {
        name: 'ci',
        namespace: 'team-a',
        labels: { 'backstage.io/owner': 'group-a' },
      },
      spec: { env: 'dev' },
    });
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const document = async () =>
    parse(await git(dir, ['show', 'HEAD:requests/jenkins/team-a/ci.yaml']));

  it('commits label changes into the request document', async () => {
    await writer.manage(ref, 'pause');
    expect((await document()).metadata.labels).toEqual({
      'backstage.io/owner': 'group-a',
      'kratix.io/paused': 'true',
    });
    expect(await git(dir, ['log', '-1', '--format=%s'])).toContain(
      'Pause team-a/ci',
    );
    await writer.manage(ref, 'resume');
    expect((await document()).metadata.labels).toEqual({
      'backstage.io/owner': 'group-a',
    });
    await writer.manage(ref, 'rerun');
    expect(
      (await document()).metadata.labels['kratix.io/manual-reconciliation'],
    ).toBe('true');
  });

  it('deletes by removing the document', async () => {
    const result = await writer.manage(ref, 'delete');
    expect(result.message).toBe('Asked Kratix to delete team-a/ci');
    await expect(
      git(dir, ['show', 'HEAD:requests/jenkins/team-a/ci.yaml']),
    ).rejects.toThrow();
  });

  it('refuses upgrades and unknown requests with the reason', async () => {
    await expect(writer.manage(ref, 'upgrade')).rejects.toThrow(
      'ResourceBinding',
    );
    await expect(
      writer.manage({ ...ref, name: 'ghost' }, 'pause'),
    ).rejects.toThrow('not in the requests repository');
  });
});
