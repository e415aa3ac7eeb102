import { mkdir, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import {
  KratixPromise,
  promiseRevisionViews,
} from '@kratix-backstage/plugin-kratix-common';
import { git } from '../gitops/git';
import { RepositoryHistoryReader } from './RepositoryHistory';
import { promiseRevisionsFromHistory } from './promiseRevisionsFromHistory';

const promiseAt = (version: string, image: string): KratixPromise =>
  ({
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'Promise',
    metadata: {
      name: 'redis',
      labels: { 'kratix.io/promise-version': version },
    },
    spec: {
      workflows: {
        resource: {
          configure: [
            {
              apiVersion: 'platform.kratix.io/v1alpha1',
              kind: 'Pipeline',
              metadata: { name: 'instance' },
              spec: { containers: [{ name: 'c', image }] },
            },
          ],
        },
      },
    },
  } as KratixPromise);

// Kratix keeps one PromiseRevision per version until the Promise is deleted
// (internal/controller/promise_controller.go: CreateOrUpdate of NewPromiseRevision per
// version; revisions go with the Promise), latest being the version applied now.
describe('promiseRevisionsFromHistory (a real git repository)', () => {
  let dir: string;
  const path = 'promises/redis.yaml';
  const commit = async (promise: KratixPromise | undefined, when: string) => {
    if (promise) await writeFile(join(dir, path), stringify(promise));
    else await unlink(join(dir, path));
    await git(dir, ['add', '-A']);
    await git(dir, ['commit', '-q', '-m', 'change'], {
      env: { GIT_COMMITTER_DATE: when, GIT_AUTHOR_DATE: when },
    });
  };
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kratix-revisions-'));
    await git(dir, ['init', '-q', '-b', 'main']);
    await git(dir, ['commit', '-q', '--allow-empty', '-m', 'start']);
    await mkdir(join(dir, 'promises'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('holds one revision per version since the Promise was last created, the current one latest', async () => {
    await commit(promiseAt('v0.0.1', 'img:0'), '2026-01-01T00:00:00Z');
    // Deleted: Kratix deletes its revisions with it.
    await commit(undefined, '2026-01-15T00:00:00Z');
    await commit(promiseAt('v0.1.0', 'img:1'), '2026-02-01T00:00:00Z');
    // A second commit at v0.1.0: the revision follows the Promise's spec at that version.
    await commit(promiseAt('v0.1.0', 'img:1b'), '2026-02-10T00:00:00Z');
    await commit(promiseAt('v0.2.0', 'img:2'), '2026-03-01T00:00:00Z');
    const history = await new RepositoryHistoryReader(dir).read();
    const revisions = await promiseRevisionsFromHistory(
      history,
      promiseAt('v0.2.0', 'img:2'),
      path,
    );
    const views = promiseRevisionViews('redis', revisions);
    expect(views.map(v => [v.version, v.latest, v.createdAt])).toEqual([
      ['v0.2.0', true, '2026-03-01T00:00:00Z'],
      ['v0.1.0', false, '2026-02-01T00:00:00Z'],
    ]);
    const v1 = revisions.find(r => r.spec.version === 'v0.1.0')!;
    expect(
      (v1.spec.promiseSpec as any).workflows.resource.configure[0].spec
        .containers[0].image,
    ).toBe('img:1b');
  });
});
