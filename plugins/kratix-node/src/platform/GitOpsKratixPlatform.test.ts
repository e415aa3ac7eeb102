import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  readDestinationReadiness,
  readPromiseStatus,
  readRequestStatus,
  ResourceRequest,
} from '@kratix-backstage/plugin-kratix-common';
import { createEmbeddedRepository } from '../embedded/createEmbeddedRepository';
import { git } from '../embedded/git';
import { GitOpsKratixPlatform } from './GitOpsKratixPlatform';

// Real git repositories and test backends: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

describe('GitOpsKratixPlatform', () => {
  let dataDir: string;
  let directory: string;
  let platform: GitOpsKratixPlatform;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-gitops-'));
    directory = await createEmbeddedRepository({ dataDir, name: 'easyeaty' });
    platform = new GitOpsKratixPlatform({
      name: 'easyeaty',
      directory,
      stateStorePaths: ['state'],
      maxAgeMs: 0,
    });
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('reads the seeded Promises, clusters and state store, not the state store documents', async () => {
    expect((await platform.listPromises()).map(p => p.metadata.name).sort()).toEqual([
      'jenkins',
      'nginx',
      'postgresql',
      'web-app',
    ]);
    expect((await platform.listDestinations()).map(d => d.metadata.name).sort()).toEqual([
      'eks',
      'gke',
      'on-prem-edge',
      'platform',
    ]);
    expect((await platform.listStateStores()).map(s => s.metadata.name)).toEqual(['default']);
    expect(platform.health()).toEqual(expect.objectContaining({ connected: true }));
  });

  it('reads where documents landed from the state store', async () => {
    const ci = await platform.listPlacements({ promise: 'jenkins', resource: 'ci' });
    expect(ci).toEqual([
      expect.objectContaining({
        destination: 'eks',
        namespace: 'team-checkout',
        pipeline: 'instance-configure',
        files: ['state/eks/resources/team-checkout/jenkins/ci/instance-configure/5058f/jenkins-instance.yaml'],
        source: 'state-store',
      }),
    ]);
    const workerResources = await platform.listPlacements({ type: 'dependency', destination: 'gke' });
    expect(workerResources.map(p => p.promise).sort()).toEqual(['jenkins', 'nginx', 'postgresql']);
    expect(await platform.listPlacements({ destination: 'on-prem-edge' })).toEqual([
      expect.objectContaining({ promise: 'nginx', type: 'dependency' }),
    ]);
  });

  it('derives status from the state store where no cluster writes it', async () => {
    for (const promise of await platform.listPromises()) {
      expect([promise.metadata.name, readPromiseStatus(promise).availability]).toEqual([promise.metadata.name, 'Available']);
    }
    for (const destination of await platform.listDestinations()) {
      expect([destination.metadata.name, readDestinationReadiness(destination).ready]).toEqual([destination.metadata.name, true]);
    }
    const phases = (await platform.listRequests()).map(r => `${r.metadata.name}:${readRequestStatus(r).phase}`).sort();
    expect(phases).toEqual(['ci:Ready', 'orders-db:Ready', 'storefront:Ready']);
    await platform.submitRequest('jenkins', {
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      kind: 'jenkins',
      metadata: { name: 'fresh', namespace: 'team-new' },
      spec: { env: 'dev' },
    });
    const [fresh] = await platform.listRequests({ namespace: 'team-new' });
    expect(readRequestStatus(fresh)).toEqual(expect.objectContaining({ phase: 'Pending', reason: 'AwaitingStateStore' }));
  });

  it('assigns requests to the Promise whose API they use, and filters them', async () => {
    const all = await platform.listRequests();
    expect(all.map(r => `${r.metadata.namespace}/${r.metadata.name}`).sort()).toEqual([
      'team-checkout/ci',
      'team-checkout/storefront',
      'team-orders/orders-db',
    ]);
    expect((await platform.listRequests({ promise: 'postgresql' })).map(r => r.metadata.name)).toEqual([
      'orders-db',
    ]);
    expect(await platform.listRequests({ promise: 'jenkins', namespace: 'team-orders' })).toEqual([]);
  });

  it('commits a new request and reads it back', async () => {
    const request: ResourceRequest = {
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      kind: 'jenkins',
      metadata: { name: 'release', namespace: 'team-payments' },
      spec: { env: 'prod' },
    };
    const dry = await platform.submitRequest('jenkins', request, { dryRun: true });
    expect(dry).toEqual(expect.objectContaining({ action: 'created', dryRun: true }));
    expect(dry.commit).toBeUndefined();
    expect(await git(directory, ['status', '--porcelain'])).toBe('');

    const result = await platform.submitRequest('jenkins', request);
    expect(result).toEqual(
      expect.objectContaining({ action: 'created', path: 'requests/jenkins/team-payments/release.yaml' }),
    );
    expect(await git(directory, ['log', '-1', '--format=%H %s'])).toContain(
      `${result.commit} Request jenkins team-payments/release (Promise jenkins)`,
    );
    expect((await platform.listRequests({ promise: 'jenkins' })).map(r => r.metadata.name)).toContain('release');

    // Create never turns into update: a second create of the name is refused, and nothing changes.
    const head = await git(directory, ['rev-parse', 'HEAD']);
    await expect(platform.submitRequest('jenkins', { ...request, spec: { env: 'dev' } })).rejects.toThrow('already exists');
    await expect(platform.submitRequest('jenkins', request, { dryRun: true })).rejects.toThrow('already exists');
    expect(await git(directory, ['rev-parse', 'HEAD'])).toBe(head);
    expect((await platform.submitRequest('jenkins', request, { operation: 'update' })).action).toBe('unchanged');
    const updated = await platform.submitRequest('jenkins', { ...request, spec: { env: 'dev' } }, { operation: 'update' });
    expect(updated.action).toBe('updated');
    await expect(
      platform.submitRequest('jenkins', { ...request, metadata: { name: 'ghost', namespace: 'team-payments' } }, { operation: 'update' }),
    ).rejects.toThrow('create it first');
  });

  it('keeps every one of many concurrent requests, one commit each', async () => {
    const before = Number((await git(directory, ['rev-list', '--count', 'HEAD'])).trim());
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        platform.submitRequest('jenkins', {
          apiVersion: 'marketplace.kratix.io/v1alpha1',
          kind: 'jenkins',
          metadata: { name: `ci-${i}`, namespace: 'team-load' },
          spec: { env: 'dev' },
        }),
      ),
    );
    const after = Number((await git(directory, ['rev-list', '--count', 'HEAD'])).trim());
    expect(after - before).toBe(10);
    expect(await platform.listRequests({ namespace: 'team-load' })).toHaveLength(10);
  });

  it('skips unparseable files and keeps serving the rest', async () => {
    await writeFile(join(directory, 'platform', 'broken.yaml'), 'kind: [unclosed');
    expect(await platform.listPromises()).toHaveLength(4);
  });

  it('reports an unreadable repository in its health', async () => {
    const missing = new GitOpsKratixPlatform({ name: 'gone', directory: join(dataDir, 'nope') });
    await expect(missing.listPromises()).rejects.toThrow();
    expect(missing.health()).toEqual(expect.objectContaining({ connected: false, lastError: expect.any(String) }));
  });

  it('keeps an existing repository on restart', async () => {
    await platform.submitRequest('jenkins', {
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      kind: 'jenkins',
      metadata: { name: 'kept', namespace: 'team-a' },
      spec: { env: 'dev' },
    });
    const again = await createEmbeddedRepository({ dataDir, name: 'easyeaty' });
    expect(again).toBe(directory);
    const reread = new GitOpsKratixPlatform({ name: 'easyeaty', directory: again, stateStorePaths: ['state'] });
    expect((await reread.listRequests({ namespace: 'team-a' })).map(r => r.metadata.name)).toEqual(['kept']);
  });
});
