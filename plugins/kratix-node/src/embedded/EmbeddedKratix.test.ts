import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Destination,
  KratixPromise,
  parentOf,
  readPromiseStatus,
  readRequestStatus,
  ResourceRequest,
} from '@kratix-backstage/plugin-kratix-common';
import { GitOpsKratixPlatform } from '../platform/GitOpsKratixPlatform';
import { KnownPipelineRuns } from '../platform/KnownPipelineRuns';
import { createEmbeddedRepository } from './createEmbeddedRepository';
import { EmbeddedKratix } from './EmbeddedKratix';
import { git } from '../gitops/git';

// Real git repositories and test backends: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

describe('EmbeddedKratix', () => {
  let dataDir: string;
  let platform: GitOpsKratixPlatform;
  let directory: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-standin-'));
    directory = await createEmbeddedRepository({ dataDir, name: 'easyeaty' });
    platform = new GitOpsKratixPlatform({
      name: 'easyeaty',
      directory,
      stateStorePaths: ['state'],
      maxAgeMs: 0,
      knownRuns: new KnownPipelineRuns(),
    });
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
    expect(
      (await git(directory, ['log', '-1', '--format=%an: %s'])).trim(),
    ).toMatch(
      /^kratix: Update from: jenkins-release-instance-configure-[0-9a-f]{5}\.(eks|gke)-5058f$/,
    );
  });

  it('leaves requests that already landed alone and removes the documents of deleted requests', async () => {
    const kratix = new EmbeddedKratix({ platform });
    const before = await git(directory, ['rev-parse', 'HEAD']);
    await kratix.reconcile();
    expect(await git(directory, ['rev-parse', 'HEAD'])).toBe(before);
    await platform.manageRequest(
      { promise: 'jenkins', namespace: 'team-checkout', name: 'ci' },
      'delete',
    );
    await kratix.reconcile();
    expect(await platform.listPlacements({ resource: 'ci' })).toEqual([]);
  });

  it('reconciles by itself after a commit', async () => {
    const kratix = new EmbeddedKratix({ platform, pipelineDelayMs: 10 });
    kratix.start();
    await platform.submitRequest('jenkins', jenkins('auto'));
    // Polls with the suite's 20 s patience: a fixed 3 s budget failed on a loaded CI machine.
    await eventually(
      async () =>
        (await platform.listPlacements({ resource: 'auto' })).length > 0,
    );
    expect(await platform.listPlacements({ resource: 'auto' })).toHaveLength(1);
    await kratix.stop();
    platform.stop();
  });
  const webApp = (name: string, spec: Record<string, unknown>) => ({
    apiVersion: 'platform.easyeaty.io/v1',
    kind: 'WebApp',
    metadata: {
      name,
      namespace: 'team-shop',
      labels: { 'backstage.io/owner': 'group-team-shop' },
    },
    spec,
  });

  /** Polls until the check passes (or about 20 s went by), returning how long it took. */
  async function eventually(check: () => Promise<boolean>): Promise<number> {
    const started = Date.now();
    while (!(await check())) {
      if (Date.now() - started > 20_000) throw new Error('Timed out');
      await new Promise(r => setTimeout(r, 50));
    }
    return Date.now() - started;
  }

  const subRequestsOf = async (name: string) =>
    (await platform.listRequests({ namespace: 'team-shop' })).filter(
      r => parentOf(r)?.name === name,
    );

  it('emits a composite request’s sub-requests to the platform destination, then fulfils them', async () => {
    await platform.submitRequest(
      'web-app',
      webApp('shop', {
        image: 'ghcr.io/easyeaty/shop:1.0.0',
        database: { enabled: true, size: 'medium' },
      }),
    );
    const kratix = new EmbeddedKratix({ platform });
    await kratix.reconcile();
    const [compose] = await platform.listPlacements({ resource: 'shop' });
    expect(compose).toEqual(
      expect.objectContaining({
        destination: 'platform',
        promise: 'web-app',
        pipeline: 'compose',
        files: expect.arrayContaining([
          'state/platform/resources/team-shop/web-app/shop/compose/5058f/requests.yaml',
        ]),
      }),
    );
    const subRequests = await subRequestsOf('shop');
    expect(
      subRequests.map(r => ({
        kind: r.kind,
        apiVersion: r.apiVersion,
        name: r.metadata.name,
        spec: r.spec,
        owner: r.metadata.labels?.['backstage.io/owner'],
        parent: parentOf(r),
        phase: readRequestStatus(r).phase,
        reason: readRequestStatus(r).reason,
      })),
    ).toEqual([
      {
        kind: 'jenkins',
        apiVersion: 'marketplace.kratix.io/v1alpha1',
        name: 'shop-ci',
        spec: { env: 'dev' },
        owner: 'group-team-shop',
        parent: { promise: 'web-app', name: 'shop', namespace: 'team-shop' },
        phase: 'Pending',
        reason: 'AwaitingStateStoreDocuments',
      },
      {
        kind: 'postgresql',
        apiVersion: 'marketplace.kratix.io/v1alpha2',
        name: 'shop-db',
        spec: { teamId: 'shop', size: 'medium' },
        owner: 'group-team-shop',
        parent: { promise: 'web-app', name: 'shop', namespace: 'team-shop' },
        phase: 'Pending',
        reason: 'AwaitingStateStoreDocuments',
      },
    ]);
    // They are requests of their Promises like any other.
    expect(
      (await platform.listRequests({ promise: 'postgresql' })).map(
        r => r.metadata.name,
      ),
    ).toContain('shop-db');

    // The next pass treats them as requests, and the pass after that has nothing to do.
    await kratix.reconcile();
    expect(
      (await subRequestsOf('shop')).map(
        r => `${r.metadata.name}:${readRequestStatus(r).phase}`,
      ),
    ).toEqual(['shop-ci:Ready', 'shop-db:Ready']);
    expect(
      (await platform.listPlacements({ resource: 'shop-db' })).map(
        p => p.destination,
      ),
    ).toEqual([expect.stringMatching(/^(eks|gke)$/)]);
    const head = await git(directory, ['rev-parse', 'HEAD']);
    await kratix.reconcile();
    expect(await git(directory, ['rev-parse', 'HEAD'])).toBe(head);

    // Deleting the composite removes its documents, so its sub-requests go, then theirs.
    await platform.manageRequest(
      { promise: 'web-app', namespace: 'team-shop', name: 'shop' },
      'delete',
    );
    await kratix.reconcile();
    expect(await subRequestsOf('shop')).toEqual([]);
    await kratix.reconcile();
    for (const resource of ['shop', 'shop-ci', 'shop-db'])
      expect(await platform.listPlacements({ resource })).toEqual([]);
    // Four passes of the stand-in, each a few git calls: more than the default on a loaded machine.
  }, 90_000);

  it('shows a composite’s sub-requests within seconds of the stand-in’s commit, and fulfils them', async () => {
    const kratix = new EmbeddedKratix({ platform, pipelineDelayMs: 10 });
    kratix.start();
    try {
      await platform.submitRequest(
        'web-app',
        webApp('auto', { image: 'ghcr.io/easyeaty/auto:1.0.0' }),
      );
      await eventually(async () => (await subRequestsOf('auto')).length > 0);
      const composed = (await platform.listPlacements({ resource: 'auto' }))[0]
        .commit!;
      const composedAt = Date.parse(
        (await git(directory, ['show', '-s', '--format=%cI', composed])).trim(),
      );
      // Read back from the stand-in's commit, not from any cache of it.
      expect(Date.now() - composedAt).toBeLessThan(10_000);
      expect(
        (await subRequestsOf('auto')).map(r => r.metadata.name).sort(),
      ).toEqual(['auto-ci', 'auto-db']);
      await eventually(async () =>
        (
          await subRequestsOf('auto')
        ).every(r => readRequestStatus(r).phase === 'Ready'),
      );
    } finally {
      await kratix.stop();
      platform.stop();
    }
  });

  it('reads an updated request as updating until new documents land, then Ready', async () => {
    const kratix = new EmbeddedKratix({ platform });
    const ci = async () =>
      (await platform.listRequests({ promise: 'jenkins' })).find(
        r => r.metadata.name === 'ci',
      )!;
    expect(readRequestStatus(await ci()).phase).toBe('Ready');
    const update: ResourceRequest = {
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      kind: 'jenkins',
      metadata: {
        name: 'ci',
        namespace: 'team-checkout',
        labels: { 'backstage.io/owner': 'group-team-checkout' },
      },
      spec: { env: 'dev', agents: 3 },
    };
    await platform.submitRequest('jenkins', update, { operation: 'update' });
    const updating = readRequestStatus(await ci());
    expect(updating).toEqual(
      expect.objectContaining({
        phase: 'Pending',
        reason: 'StateStoreDocumentsOutdated',
        message: expect.stringContaining('Derived from the state store'),
      }),
    );
    expect(updating.catchUp.updating).toBe(true);

    await kratix.reconcile();
    const ready = readRequestStatus(await ci());
    expect(ready).toEqual(
      expect.objectContaining({
        phase: 'Ready',
        reason: 'StateStoreDocumentsFound',
      }),
    );
    expect(ready.catchUp.updating).toBe(false);
    // Kratix replaces the whole folder: the seed's earlier output is gone.
    const [placement] = await platform.listPlacements({ resource: 'ci' });
    expect(placement.destination).toBe('eks');
    expect(placement.files).toEqual([
      'state/eks/resources/team-checkout/jenkins/ci/instance-configure/5058f/jenkins-ci.yaml',
    ]);

    // An update the pipeline renders the same way: Kratix's git writer commits nothing
    // (lib/writers/git.go commitAndPush), yet the run happened and the request is current.
    const head = await git(directory, ['rev-parse', 'HEAD']);
    await platform.submitRequest(
      'jenkins',
      { ...update, spec: { env: 'dev', agents: 5 } },
      { operation: 'update' },
    );
    const afterUpdate = await git(directory, ['rev-parse', 'HEAD']);
    expect(afterUpdate).not.toBe(head);
    expect(readRequestStatus(await ci()).reason).toBe(
      'StateStoreDocumentsOutdated',
    );
    await kratix.reconcile();
    expect(await git(directory, ['rev-parse', 'HEAD'])).toBe(afterUpdate);
    const unchanged = readRequestStatus(await ci());
    expect(unchanged).toEqual(
      expect.objectContaining({
        phase: 'Ready',
        reason: 'StateStoreDocumentsUnchanged',
      }),
    );
    const runs = await platform.listPipelineRuns({
      promise: 'jenkins',
      resource: 'ci',
    });
    expect(runs[0]).toEqual(
      expect.objectContaining({ state: 'Succeeded', commit: undefined }),
    );
    expect(unchanged.lastSuccessfulConfigureTime).toBe(runs[0].completionTime);

    // Label changes (pause, resume) are no update of the spec, so no re-render is awaited.
    for (const action of ['pause', 'resume'] as const) {
      await platform.manageRequest(
        { promise: 'jenkins', namespace: 'team-checkout', name: 'ci' },
        action,
      );
    }
    expect(readRequestStatus(await ci()).phase).toBe('Ready');
  });

  it('writes the canary files Kratix writes when it registers a Destination, in every file mode (destination_controller.go getCanaryWorkloads)', async () => {
    const kratix = new EmbeddedKratix({ platform });
    await kratix.reconcile();
    for (const [name, mode] of [
      ['nested', 'nestedByMetadata'],
      ['flat', 'none'],
    ] as const) {
      await platform.registerDestination({
        apiVersion: 'platform.kratix.io/v1alpha1',
        kind: 'Destination',
        metadata: { name },
        spec: {
          path: name,
          stateStoreRef: { kind: 'GitStateStore', name: 'default' },
          filepath: { mode },
        },
      });
    }
    const unknown = (await platform.listDestinations()).find(
      d => d.metadata.name === 'nested',
    )!;
    expect((unknown as Destination).status?.conditions?.[0]?.status).toBe(
      'Unknown',
    );
    await kratix.reconcile();
    const files = (
      await git(directory, ['ls-files', 'state/nested', 'state/flat'])
    )
      .trim()
      .split('\n')
      .filter(f => f.includes('kratix-canary'))
      .sort();
    expect(files).toEqual([
      'state/flat/kratix-canary-configmap.yaml',
      'state/flat/kratix-canary-namespace.yaml',
      'state/nested/dependencies/kratix-canary-namespace.yaml',
      'state/nested/resources/kratix-canary-configmap.yaml',
    ]);
    const ready = (await platform.listDestinations()).find(
      d => d.metadata.name === 'nested',
    )!;
    expect((ready as Destination).status?.conditions?.[0]?.status).toBe('True');
    const head = await git(directory, ['rev-parse', 'HEAD']);
    await kratix.reconcile();
    expect(await git(directory, ['rev-parse', 'HEAD'])).toBe(head);
  });

  it('writes a newly installed Promise’s dependencies to every matching Destination, never a dry-run one', async () => {
    const preview: Destination = {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'Destination',
      metadata: {
        name: 'preview',
        labels: { environment: 'dev', 'kratix.io/dry-run': 'true' },
      },
      spec: {
        path: 'preview',
        stateStoreRef: { kind: 'GitStateStore', name: 'default' },
      },
    };
    await platform.registerDestination(preview);
    const redis: KratixPromise = {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'Promise',
      metadata: {
        name: 'redis',
        labels: { 'kratix.io/promise-version': 'v0.1.0' },
      },
      spec: {
        destinationSelectors: [{ matchLabels: { environment: 'dev' } }],
        dependencies: [
          {
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: { name: 'redis-operator' },
          },
        ],
      },
    };
    await platform.installPromise(redis);
    // No Promise workflow: Kratix makes it Available at once, without waiting for its
    // dependencies to be written (the Promise reconciler, controllers/promise_controller.go).
    const before = (await platform.listPromises()).find(
      p => p.metadata.name === 'redis',
    )!;
    expect(readPromiseStatus(before).availability).toBe('Available');

    const kratix = new EmbeddedKratix({ platform });
    await kratix.reconcile();
    const placements = await platform.listPlacements({ promise: 'redis' });
    expect(placements.map(p => [p.destination, p.type, p.files])).toEqual([
      [
        'eks',
        'dependency',
        ['state/eks/dependencies/redis/5058f/static/redis-dependencies.yaml'],
      ],
      [
        'gke',
        'dependency',
        ['state/gke/dependencies/redis/5058f/static/redis-dependencies.yaml'],
      ],
    ]);
    const after = (await platform.listPromises()).find(
      p => p.metadata.name === 'redis',
    )!;
    expect(readPromiseStatus(after).availability).toBe('Available');

    // Requests land on matching Destinations too, never on the dry-run one.
    await platform.submitRequest('jenkins', jenkins('not-preview'));
    await kratix.reconcile();
    expect(await platform.listPlacements({ destination: 'preview' })).toEqual(
      [],
    );
    const head = await git(directory, ['rev-parse', 'HEAD']);
    await kratix.reconcile();
    expect(await git(directory, ['rev-parse', 'HEAD'])).toBe(head);
  });
});
