import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  parentOf,
  readDestinationReadiness,
  readPromiseStatus,
  readRequestStatus,
  ResourceRequest,
} from '@kratix-backstage/plugin-kratix-common';
import { stringify } from 'yaml';
import { createEmbeddedRepository } from '../embedded/createEmbeddedRepository';
import { git } from '../gitops/git';
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
    expect(
      (await platform.listPromises()).map(p => p.metadata.name).sort(),
    ).toEqual(['jenkins', 'nginx', 'postgresql', 'web-app']);
    expect(
      (await platform.listDestinations()).map(d => d.metadata.name).sort(),
    ).toEqual(['eks', 'gke', 'on-prem-edge', 'platform']);
    expect(
      (await platform.listStateStores()).map(s => s.metadata.name),
    ).toEqual(['default']);
    expect(platform.health()).toEqual(
      expect.objectContaining({ connected: true }),
    );
  });

  it('reads where documents landed from the state store', async () => {
    const ci = await platform.listPlacements({
      promise: 'jenkins',
      resource: 'ci',
    });
    expect(ci).toEqual([
      expect.objectContaining({
        destination: 'eks',
        namespace: 'team-checkout',
        pipeline: 'instance-configure',
        files: [
          'state/eks/resources/team-checkout/jenkins/ci/instance-configure/5058f/jenkins-instance.yaml',
        ],
        source: 'state-store',
      }),
    ]);
    const workerResources = await platform.listPlacements({
      type: 'dependency',
      destination: 'gke',
    });
    expect(workerResources.map(p => p.promise).sort()).toEqual([
      'jenkins',
      'nginx',
      'postgresql',
    ]);
    expect(
      await platform.listPlacements({ destination: 'on-prem-edge' }),
    ).toEqual([
      expect.objectContaining({ promise: 'nginx', type: 'dependency' }),
    ]);
  });

  it('derives status from the state store where no cluster writes it', async () => {
    for (const promise of await platform.listPromises()) {
      expect([
        promise.metadata.name,
        readPromiseStatus(promise).availability,
      ]).toEqual([promise.metadata.name, 'Available']);
    }
    for (const destination of await platform.listDestinations()) {
      expect([
        destination.metadata.name,
        readDestinationReadiness(destination).ready,
      ]).toEqual([destination.metadata.name, true]);
    }
    const phases = (await platform.listRequests())
      .map(r => `${r.metadata.name}:${readRequestStatus(r).phase}`)
      .sort();
    expect(phases).toEqual([
      'ci:Ready',
      'orders-db:Ready',
      'reports-db:Ready',
      'storefront-ci:Ready',
      'storefront-db:Ready',
      'storefront:Ready',
    ]);
    await platform.submitRequest('jenkins', {
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      kind: 'jenkins',
      metadata: { name: 'fresh', namespace: 'team-new' },
      spec: { env: 'dev' },
    });
    const [fresh] = await platform.listRequests({ namespace: 'team-new' });
    expect(readRequestStatus(fresh)).toEqual(
      expect.objectContaining({
        phase: 'Pending',
        reason: 'AwaitingStateStoreDocuments',
        message: expect.stringContaining('Derived from the state store'),
      }),
    );
  });

  it('assigns requests to the Promise whose API they use, and filters them', async () => {
    const all = await platform.listRequests();
    expect(
      all.map(r => `${r.metadata.namespace}/${r.metadata.name}`).sort(),
    ).toEqual([
      'team-checkout/ci',
      'team-checkout/storefront',
      'team-checkout/storefront-ci',
      'team-checkout/storefront-db',
      'team-orders/orders-db',
      'team-orders/reports-db',
    ]);
    expect(
      (await platform.listRequests({ promise: 'postgresql' })).map(
        r => r.metadata.name,
      ),
    ).toEqual(['orders-db', 'reports-db', 'storefront-db']);
    expect(
      await platform.listRequests({
        promise: 'jenkins',
        namespace: 'team-orders',
      }),
    ).toEqual([]);
  });

  it('commits a new request and reads it back', async () => {
    const request: ResourceRequest = {
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      kind: 'jenkins',
      metadata: { name: 'release', namespace: 'team-payments' },
      spec: { env: 'prod' },
    };
    const dry = await platform.submitRequest('jenkins', request, {
      dryRun: true,
    });
    expect(dry).toEqual(
      expect.objectContaining({ action: 'created', dryRun: true }),
    );
    expect(dry.commit).toBeUndefined();
    expect(await git(directory, ['status', '--porcelain'])).toBe('');

    const result = await platform.submitRequest('jenkins', request);
    expect(result).toEqual(
      expect.objectContaining({
        action: 'created',
        path: 'requests/jenkins/team-payments/release.yaml',
      }),
    );
    expect(await git(directory, ['log', '-1', '--format=%H %s'])).toContain(
      `${result.commit} Request jenkins team-payments/release (Promise jenkins)`,
    );
    expect(
      (await platform.listRequests({ promise: 'jenkins' })).map(
        r => r.metadata.name,
      ),
    ).toContain('release');

    // Create never turns into update: a second create of the name is refused, and nothing changes.
    const head = await git(directory, ['rev-parse', 'HEAD']);
    await expect(
      platform.submitRequest('jenkins', { ...request, spec: { env: 'dev' } }),
    ).rejects.toThrow('already exists');
    await expect(
      platform.submitRequest('jenkins', request, { dryRun: true }),
    ).rejects.toThrow('already exists');
    expect(await git(directory, ['rev-parse', 'HEAD'])).toBe(head);
    expect(
      (
        await platform.submitRequest('jenkins', request, {
          operation: 'update',
        })
      ).action,
    ).toBe('unchanged');
    const updated = await platform.submitRequest(
      'jenkins',
      { ...request, spec: { env: 'dev' } },
      { operation: 'update' },
    );
    expect(updated.action).toBe('updated');
    await expect(
      platform.submitRequest(
        'jenkins',
        { ...request, metadata: { name: 'ghost', namespace: 'team-payments' } },
        { operation: 'update' },
      ),
    ).rejects.toThrow('create it first');
  });

  it('keeps every one of many concurrent requests, one commit each', async () => {
    const before = Number(
      (await git(directory, ['rev-list', '--count', 'HEAD'])).trim(),
    );
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
    const after = Number(
      (await git(directory, ['rev-list', '--count', 'HEAD'])).trim(),
    );
    expect(after - before).toBe(10);
    expect(
      await platform.listRequests({ namespace: 'team-load' }),
    ).toHaveLength(10);
  });

  it("names the commit, and the pull request that merged it, that last changed a request's file", async () => {
    const request: ResourceRequest = {
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      kind: 'jenkins',
      metadata: { name: 'origin', namespace: 'team-a' },
      spec: { env: 'dev' },
    };
    const ref = { promise: 'jenkins', namespace: 'team-a', name: 'origin' };
    const created = await platform.submitRequest('jenkins', request);
    const first = await platform.getRequestOrigin(ref);
    expect(first).toEqual(
      expect.objectContaining({
        commit: created.commit,
        path: 'requests/jenkins/team-a/origin.yaml',
        subject: 'Request jenkins team-a/origin (Promise jenkins)',
      }),
    );
    // Added by that commit: the file's creation time is the commit's.
    expect(first?.created).toBe(first?.time);
    expect(first?.pullRequest).toBeUndefined();
    // A merge from the git host changes the file again.
    const merged = await platform.repository.commit(
      [
        {
          path: 'requests/jenkins/team-a/origin.yaml',
          content: stringify({ ...request, spec: { env: 'prod' } }),
        },
      ],
      'Merge pull request #42 from team-a/origin-prod',
      { name: 'Ada', email: 'ada@easyeaty.example' },
    );
    platform.invalidate();
    const second = await platform.getRequestOrigin(ref);
    expect(second).toEqual(
      expect.objectContaining({
        commit: merged.sha,
        author: 'Ada',
        pullRequest: { number: 42 },
        created: first?.created,
      }),
    );
    const [detail] = await platform.listRequests({ namespace: 'team-a' });
    expect(detail.metadata.name).toBe('origin');
    // Sub-requests and unknown requests have no file of their own.
    expect(
      await platform.getRequestOrigin({ ...ref, name: 'missing' }),
    ).toBeUndefined();
  });

  it('skips unparseable files and keeps serving the rest', async () => {
    await writeFile(
      join(directory, 'platform', 'broken.yaml'),
      'kind: [unclosed',
    );
    expect(await platform.listPromises()).toHaveLength(4);
  });

  it('reports an unreadable repository in its health', async () => {
    const missing = new GitOpsKratixPlatform({
      name: 'gone',
      directory: join(dataDir, 'nope'),
    });
    await expect(missing.listPromises()).rejects.toThrow();
    expect(missing.health()).toEqual(
      expect.objectContaining({
        connected: false,
        lastError: expect.any(String),
      }),
    );
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
    const reread = new GitOpsKratixPlatform({
      name: 'easyeaty',
      directory: again,
      stateStorePaths: ['state'],
    });
    expect(
      (await reread.listRequests({ namespace: 'team-a' })).map(
        r => r.metadata.name,
      ),
    ).toEqual(['kept']);
  });
  it('reads the requests a composite’s pipeline wrote to the platform destination as sub-requests', async () => {
    const sub = (await platform.listRequests({ namespace: 'team-checkout' }))
      .filter(r => parentOf(r))
      .map(r => [r.kind, r.metadata.name, parentOf(r)]);
    const storefront = {
      promise: 'web-app',
      name: 'storefront',
      namespace: 'team-checkout',
    };
    expect(sub).toEqual([
      ['jenkins', 'storefront-ci', storefront],
      ['postgresql', 'storefront-db', storefront],
    ]);
    // Kratix's newer parent-* labels are read too; documents of no known API are not requests.
    const folder =
      'state/platform/resources/team-a/web-app/site/compose/5058f/requests.yaml';
    await platform.repository.commit(
      [
        {
          path: folder,
          content: [
            {
              apiVersion: 'marketplace.kratix.io/v1alpha1',
              kind: 'jenkins',
              metadata: {
                name: 'site-ci',
                namespace: 'team-a',
                labels: {
                  'kratix.io/parent-promise-name': 'web-app',
                  'kratix.io/parent-resource-name': 'site',
                  'kratix.io/parent-resource-namespace': 'team-a',
                },
              },
              spec: { env: 'dev' },
            },
            {
              apiVersion: 'v1',
              kind: 'ConfigMap',
              metadata: { name: 'not-a-request', namespace: 'team-a' },
            },
          ]
            .map(d => stringify(d))
            .join('---\n'),
        },
      ],
      'Update from: web-app-site-compose-12345.platform-5058f',
      { name: 'kratix', email: 'kratix@kratix.io' },
    );
    const [site] = await platform.listRequests({ namespace: 'team-a' });
    expect([site.metadata.name, parentOf(site)]).toEqual([
      'site-ci',
      { promise: 'web-app', name: 'site', namespace: 'team-a' },
    ]);
    expect(readRequestStatus(site).reason).toBe('AwaitingStateStoreDocuments');
  });

  it('refuses to manage a sub-request directly, naming its parent, and writes nothing', async () => {
    const head = await git(directory, ['rev-parse', 'HEAD']);
    await expect(
      platform.manageRequest(
        {
          promise: 'jenkins',
          namespace: 'team-checkout',
          name: 'storefront-ci',
        },
        'delete',
      ),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining('web-app team-checkout/storefront'),
    });
    expect(await git(directory, ['rev-parse', 'HEAD'])).toBe(head);
  });

  it('tells from the history whether documents were written for the current spec', async () => {
    const request: ResourceRequest = {
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      kind: 'jenkins',
      metadata: { name: 'fresh', namespace: 'team-a' },
      spec: { env: 'dev' },
    };
    const read = async () =>
      readRequestStatus(
        (await platform.listRequests({ namespace: 'team-a' }))[0],
      );
    const kratixWrites = (content: string) =>
      platform.repository.commit(
        [
          {
            path: 'state/gke/resources/team-a/jenkins/fresh/instance-configure/5058f/jenkins.yaml',
            content,
          },
        ],
        'Update from: jenkins-fresh-instance-configure-12345.gke-5058f',
        { name: 'kratix', email: 'kratix@kratix.io' },
      );
    await platform.submitRequest('jenkins', request);
    expect((await read()).reason).toBe('AwaitingStateStoreDocuments');
    const written = await kratixWrites('kind: Jenkins # env dev\n');
    expect(await read()).toEqual(
      expect.objectContaining({
        phase: 'Ready',
        reason: 'StateStoreDocumentsFound',
        message: expect.stringContaining(written.sha.slice(0, 7)),
      }),
    );
    await platform.submitRequest(
      'jenkins',
      { ...request, spec: { env: 'prod' } },
      { operation: 'update' },
    );
    const updating = await read();
    expect(updating).toEqual(
      expect.objectContaining({
        phase: 'Pending',
        reason: 'StateStoreDocumentsOutdated',
        message: expect.stringContaining('Derived from the state store'),
      }),
    );
    expect(updating.catchUp).toEqual(
      expect.objectContaining({
        updating: true,
        generation: 2,
        observedGeneration: 1,
      }),
    );
    await kratixWrites('kind: Jenkins # env prod\n');
    expect(await read()).toEqual(
      expect.objectContaining({
        phase: 'Ready',
        reason: 'StateStoreDocumentsFound',
        catchUp: expect.objectContaining({ updating: false }),
      }),
    );
  });

  it('lists pipeline runs from the state store history, one per delivering commit', async () => {
    // The seed's first commit wrote ci's documents (its second upgrades postgresql).
    const seed = (
      await git(directory, ['rev-list', '--max-parents=0', 'HEAD'])
    ).trim();
    const seededAt = (
      await git(directory, ['show', '-s', '--format=%cI', seed])
    ).trim();
    const [ci] = await platform.listRequests({
      promise: 'jenkins',
      namespace: 'team-checkout',
    });
    const jenkins = await platform.getPromise('jenkins');
    const status = readRequestStatus(
      ci,
      jenkins!.spec.workflows!.resource!.configure,
    );
    expect(status.phase).toBe('Ready');
    expect(status.workflow.pipelines).toEqual([
      expect.objectContaining({
        name: 'instance-configure',
        phase: 'Succeeded',
        lastTransitionTime: seededAt,
      }),
    ]);
    expect(status.lastSuccessfulConfigureTime).toBe(seededAt);
    expect(
      await platform.listPipelineRuns({
        promise: 'jenkins',
        namespace: 'team-checkout',
        resource: 'ci',
      }),
    ).toEqual([
      expect.objectContaining({
        name: `jenkins-ci-instance-configure-${seed.slice(0, 7)}`,
        namespace: 'team-checkout',
        promise: 'jenkins',
        resource: 'ci',
        pipeline: 'instance-configure',
        type: 'resource',
        action: 'configure',
        state: 'Succeeded',
        startTime: seededAt,
        completionTime: seededAt,
        commit: seed,
      }),
    ]);
    expect((await platform.listPlacements({ resource: 'ci' }))[0].commit).toBe(
      seed,
    );

    // A later delivery is a later run, listed first; a Promise's pipeline is one run however
    // many Destinations it wrote to.
    const again = await platform.repository.commit(
      [
        {
          path: 'state/eks/resources/team-checkout/jenkins/ci/instance-configure/5058f/jenkins-instance.yaml',
          content: 'kind: Jenkins # again\n',
        },
      ],
      'Update from: jenkins-ci-instance-configure-a81b2.eks-5058f',
      { name: 'kratix', email: 'kratix@kratix.io' },
    );
    const runs = await platform.listPipelineRuns({ promise: 'jenkins' });
    expect(runs.map(r => [r.type, r.resource, r.commit])).toEqual([
      ['resource', 'ci', again.sha],
      ['promise', undefined, seed],
      ['resource', 'ci', seed],
      ['resource', 'storefront-ci', seed],
    ]);
    expect(
      await platform.findPipelineRun(
        'team-checkout',
        `jenkins-ci-instance-configure-${again.sha.slice(0, 7)}`,
      ),
    ).toEqual(expect.objectContaining({ commit: again.sha }));
  });
});
