import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRequestStatus } from '@kratix-backstage/plugin-kratix-common';
import { GitOpsKratixPlatform } from '../platform/GitOpsKratixPlatform';
import { createEmbeddedRepository } from './createEmbeddedRepository';
import { EmbeddedKratix } from './EmbeddedKratix';
import { git } from './git';

// Real git repositories and test backends: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

describe('EmbeddedKratix', () => {
  let dataDir: string;
  let platform: GitOpsKratixPlatform;
  let directory: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-standin-'));
    directory = await createEmbeddedRepository({ dataDir, name: 'easyeaty' });
    platform = new GitOpsKratixPlatform({ name: 'easyeaty', directory, stateStorePaths: ['state'], maxAgeMs: 0 });
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  const jenkins = (name: string) => ({
    apiVersion: 'marketplace.kratix.io/v1alpha1',
    kind: 'jenkins',
    metadata: { name, namespace: 'team-a' },
    spec: { env: 'dev' },
  });

  it('writes a new request to one matching destination as Kratix lays it out', async () => {
    await platform.submitRequest('jenkins', jenkins('release'));
    const kratix = new EmbeddedKratix({ platform });
    await kratix.reconcile();
    const [placement] = await platform.listPlacements({ resource: 'release' });
    expect(['eks', 'gke']).toContain(placement.destination);
    expect(placement.files).toEqual([
      `state/${placement.destination}/resources/team-a/jenkins/release/instance-configure/5058f/jenkins-release.yaml`,
    ]);
    const [request] = await platform.listRequests({ namespace: 'team-a' });
    expect(readRequestStatus(request).phase).toBe('Ready');
    expect((await git(directory, ['log', '-1', '--format=%an: %s'])).trim()).toMatch(
      /^kratix: Update from: jenkins-release-instance-configure-[0-9a-f]{5}\.(eks|gke)-5058f$/,
    );
  });

  it('leaves requests that already landed alone and removes the documents of deleted requests', async () => {
    const kratix = new EmbeddedKratix({ platform });
    const before = await git(directory, ['rev-parse', 'HEAD']);
    await kratix.reconcile();
    expect(await git(directory, ['rev-parse', 'HEAD'])).toBe(before);
    await platform.manageRequest({ promise: 'jenkins', namespace: 'team-checkout', name: 'ci' }, 'delete');
    await kratix.reconcile();
    expect(await platform.listPlacements({ resource: 'ci' })).toEqual([]);
  });

  it('reconciles by itself after a commit', async () => {
    const kratix = new EmbeddedKratix({ platform, pipelineDelayMs: 10 });
    kratix.start();
    await platform.submitRequest('jenkins', jenkins('auto'));
    for (let i = 0; i < 100 && (await platform.listPlacements({ resource: 'auto' })).length === 0; i++) {
      await new Promise(r => setTimeout(r, 30));
    }
    expect(await platform.listPlacements({ resource: 'auto' })).toHaveLength(1);
    kratix.stop();
    platform.stop();
  });
});
