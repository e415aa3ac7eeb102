import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import { KratixPromise } from '@kratix-backstage/plugin-kratix-common';
import { FakeKubernetesApi } from '../testing/fakeKubernetesApi';
import { eventually, kubeConfigFor } from '../testing/kubeConfigFor';
import {
  registerPromiseApi,
  seedFakePlatform,
} from '../testing/seedFakePlatform';
import { mkdtemp, rm } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git } from '../gitops/git';
import { GitRequestWriter } from '../gitops/GitRequestWriter';
import { LocalGitRepository } from '../gitops/LocalGitRepository';
import { KubernetesApiClient } from '../kubernetes/KubernetesApiClient';
import { KubernetesKratixPlatform } from './KubernetesKratixPlatform';

// Real git repositories and test backends: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

describe('KubernetesKratixPlatform', () => {
  let fake: FakeKubernetesApi;
  let platform: KubernetesKratixPlatform;
  const server = setupServer();
  registerMswTestHooks(server);

  beforeEach(async () => {
    fake = new FakeKubernetesApi();
    seedFakePlatform(fake);
    server.use(...fake.handlers());
    platform = new KubernetesKratixPlatform({
      name: 'prod',
      client: new KubernetesApiClient(kubeConfigFor(fake)),
      backoff: { initialMs: 20, maxMs: 100 },
    });
    await platform.start();
  });

  afterEach(() => {
    platform.stop();
    fake.dropWatches();
  });

  it('serves every Kratix kind and every Promise API from its caches', async () => {
    expect(
      (await platform.listPromises()).map(p => p.metadata.name).sort(),
    ).toEqual(['jenkins', 'nginx-ingress', 'postgresql', 'redis', 'web-app']);
    expect(
      (await platform.listDestinations()).map(d => d.metadata.name).sort(),
    ).toEqual(['eks', 'legacy-worker', 'on-prem-edge', 'platform']);
    expect((await platform.listStateStores()).map(s => s.kind).sort()).toEqual([
      'BucketStateStore',
      'GitStateStore',
    ]);
    expect(
      (await platform.listRequests({ promise: 'postgresql' }))
        .map(r => r.metadata.name)
        .sort(),
    ).toEqual(['orders-db', 'payments-db', 'storefront-db']);
    expect(
      (await platform.listRequests({ namespace: 'team-search' }))
        .map(r => r.metadata.name)
        .sort(),
    ).toEqual(['cache', 'old-cache']);
    expect(await platform.listWorkPlacements()).toHaveLength(2);
    expect(await platform.listResourceBindings()).toHaveLength(1);
    expect(await platform.listHealthRecords()).toHaveLength(2);
    expect(platform.health()).toEqual(
      expect.objectContaining({ connected: true }),
    );
  });

  it('says where a request landed from its WorkPlacements', async () => {
    expect(
      await platform.listPlacements({ promise: 'jenkins', resource: 'ci' }),
    ).toEqual([
      expect.objectContaining({
        destination: 'eks',
        state: 'Ready',
        files: [
          'destinations/eks/resources/team-checkout/jenkins/ci/instance-configure/5058f/jenkins-instance.yaml',
        ],
        source: 'workplacement',
      }),
    ]);
    expect(await platform.listPlacements({ destination: 'worker-1' })).toEqual([
      expect.objectContaining({ promise: 'redis', state: 'Misplaced' }),
    ]);
  });

  // Kratix HEAD: the work creator labels a Work with its request's namespace when the Promise
  // runs pipelines in `workflows.config.pipelineNamespace` (lib/resourceutil/work.go
  // GetWorkLabels); the scheduler labels the WorkPlacement with its Work only
  // (internal/controller/scheduler.go) and getDir (workplacement_controller.go) lays files out
  // by the WorkPlacement's own namespace.
  it('joins a WorkPlacement in a pipeline namespace to its request through its Work (scheduler.go, GetWorkLabels, getDir)', async () => {
    const jenkins = fake
      .list('platform.kratix.io/v1alpha1', 'Promise')
      .find(p => p.metadata!.name === 'jenkins') as KratixPromise;
    fake.put({
      ...jenkins,
      spec: {
        ...jenkins.spec,
        workflows: {
          ...jenkins.spec.workflows,
          config: { pipelineNamespace: 'kratix-pipelines' },
        },
      },
    } as KratixPromise);
    fake.ensureNamespace('kratix-pipelines');
    fake.put({
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'Work',
      metadata: {
        name: 'jenkins-ci-team-checkout-instance-configure-1a2b3',
        namespace: 'kratix-pipelines',
        labels: {
          'kratix.io/promise-name': 'jenkins',
          'kratix.io/resource-name': 'ci',
          'kratix.io/resource-namespace': 'team-checkout',
          'kratix.io/pipeline-name': 'instance-configure',
          'kratix.io/work-type': 'resource',
        },
      },
      spec: { promiseName: 'jenkins', resourceName: 'ci', workloadGroups: [] },
    });
    fake.put({
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'WorkPlacement',
      metadata: {
        name: 'jenkins-ci-team-checkout-instance-configure-1a2b3.eks-5058f',
        namespace: 'kratix-pipelines',
        labels: {
          'kratix.io/work': 'jenkins-ci-team-checkout-instance-configure-1a2b3',
          'kratix.io/workload-group-id': '5058f4e9a5a6e2a4f6f1e2d3c4b5a697',
          'kratix.io/targetDestinationName': 'eks',
          'kratix.io/pipeline-name': 'instance-configure',
        },
      },
      spec: {
        targetDestinationName: 'eks',
        promiseName: 'jenkins',
        resourceName: 'ci',
        id: '5058f4e9a5a6e2a4f6f1e2d3c4b5a697',
        workloads: [{ filepath: 'jenkins.yaml', content: 'kind: Jenkins\n' }],
      },
    });
    await eventually(
      async () =>
        (
          await platform.listWorkPlacements()
        ).some(wp => wp.metadata.namespace === 'kratix-pipelines') &&
        !!(
          await platform.getPromise('jenkins')
        )?.spec.workflows?.config,
    );
    const placed = (
      await platform.listPlacements({
        promise: 'jenkins',
        resource: 'ci',
        namespace: 'team-checkout',
      })
    ).find(p => p.workPlacement?.namespace === 'kratix-pipelines');
    expect(placed).toEqual(
      expect.objectContaining({
        namespace: 'team-checkout',
        files: [
          'destinations/eks/resources/kratix-pipelines/jenkins/ci/instance-configure/5058f/jenkins.yaml',
        ],
      }),
    );
    // The Work is read once: a second read makes no call.
    const gets = fake.calls.get('GET') ?? 0;
    await platform.listPlacements({ promise: 'jenkins' });
    expect(fake.calls.get('GET') ?? 0).toBe(gets);
  });

  it('keeps Works and WorkPlacements without their documents, and reads the documents on demand', async () => {
    const encoded = (text: string) => gzipSync(text).toString('base64');
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\n';
    const service = 'apiVersion: v1\nkind: Service\n';
    fake.put({
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'Work',
      metadata: {
        name: 'ci-configure',
        namespace: 'team-checkout',
        managedFields: [{ manager: 'kratix' }],
      } as any,
      spec: {
        promiseName: 'jenkins',
        resourceName: 'ci',
        workloadGroups: [
          {
            id: 'group-1',
            directory: '.',
            workloads: [
              { filepath: 'deployment.yaml', content: encoded(deployment) },
              { filepath: 'service.yaml', content: encoded(service) },
            ],
          },
        ],
      },
    });
    fake.put({
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'WorkPlacement',
      metadata: { name: 'ci-configure.eks', namespace: 'team-checkout' },
      spec: {
        targetDestinationName: 'eks',
        promiseName: 'jenkins',
        resourceName: 'ci',
        workloads: [
          { filepath: 'deployment.yaml', content: encoded(deployment) },
        ],
      },
    });
    await eventually(async () =>
      (
        await platform.listWorkPlacements()
      ).some(wp => wp.metadata.name === 'ci-configure.eks'),
    );
    const work = (await platform.listWorks()).find(
      w => w.metadata.name === 'ci-configure',
    )!;
    expect(work.spec.workloadGroups).toEqual([
      {
        id: 'group-1',
        directory: '.',
        workloads: [
          { filepath: 'deployment.yaml' },
          { filepath: 'service.yaml' },
        ],
      },
    ]);
    expect(work.metadata).not.toHaveProperty('managedFields');
    // Nothing cached carries a document.
    const cached = JSON.stringify([
      await platform.listWorks(),
      await platform.listWorkPlacements(),
    ]);
    expect(cached).not.toContain('"content"');
    // Placements still name their files.
    expect(
      (await platform.listPlacements({ destination: 'eks' })).find(
        p => p.workPlacement?.name === 'ci-configure.eks',
      )?.files,
    ).toEqual([expect.stringMatching(/\/deployment\.yaml$/)]);

    const gets = fake.calls.get('GET') ?? 0;
    expect(
      await platform.readWorkloads('Work', 'team-checkout', 'ci-configure'),
    ).toEqual([
      { filepath: 'deployment.yaml', group: 'group-1', content: deployment },
      { filepath: 'service.yaml', group: 'group-1', content: service },
    ]);
    expect(
      await platform.readWorkloads(
        'WorkPlacement',
        'team-checkout',
        'ci-configure.eks',
      ),
    ).toEqual([{ filepath: 'deployment.yaml', content: deployment }]);
    expect(fake.calls.get('GET') ?? 0).toBe(gets + 2);
    await expect(
      platform.readWorkloads('Work', 'team-checkout', 'ghost'),
    ).rejects.toThrow('No Work team-checkout/ghost on platform prod');
  });

  it('makes no API-server call to answer reads', async () => {
    const before = fake.totalCalls();
    for (let i = 0; i < 20; i++) {
      await platform.listPromises();
      await platform.listRequests({ promise: 'jenkins' });
      await platform.listDestinations();
    }
    expect(fake.totalCalls()).toBe(before);
  });

  it('starts watching the requests of a Promise installed later', async () => {
    const vault: KratixPromise = {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'Promise',
      metadata: { name: 'vault' },
      spec: {
        api: {
          spec: {
            group: 'marketplace.kratix.io',
            names: { kind: 'vault', plural: 'vaults' },
            scope: 'Namespaced',
            versions: [{ name: 'v1', served: true, storage: true }],
          },
        },
      },
    };
    registerPromiseApi(fake, vault);
    fake.put(vault);
    await eventually(
      async () => (await platform.getPromise('vault')) !== undefined,
    );
    fake.put({
      apiVersion: 'marketplace.kratix.io/v1',
      kind: 'vault',
      metadata: { name: 'secrets', namespace: 'team-a' },
      spec: {},
    });
    await eventually(
      async () =>
        (await platform.listRequests({ promise: 'vault' })).length === 1,
    );
  });

  it('creates a request through the API, refuses to create it again, and updates it on request', async () => {
    const request = {
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      kind: 'jenkins',
      metadata: {
        name: 'release',
        namespace: 'team-payments',
        labels: { 'backstage.io/owner': 'group-payments' },
      },
      spec: { env: 'prod' },
    };
    const dry = await platform.submitRequest('jenkins', request, {
      dryRun: true,
    });
    expect(dry).toEqual(
      expect.objectContaining({ action: 'created', dryRun: true }),
    );
    expect((await platform.submitRequest('jenkins', request)).action).toBe(
      'created',
    );
    await eventually(
      async () =>
        (
          await platform.listRequests({
            promise: 'jenkins',
            namespace: 'team-payments',
          })
        ).length === 1,
    );
    await expect(
      platform.submitRequest('jenkins', { ...request, spec: { env: 'dev' } }),
    ).rejects.toThrow(
      'jenkins team-payments/release already exists on platform prod',
    );
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
    ).rejects.toThrow('does not exist on platform prod');
    await eventually(async () => {
      const [r] = await platform.listRequests({
        promise: 'jenkins',
        namespace: 'team-payments',
      });
      return r?.spec?.env === 'dev' && r.metadata.generation === 2;
    });
  });

  it('reports a 403 from the cluster and keeps its data', async () => {
    fake.fail({ status: 403, times: Infinity, pathIncludes: 'watch=true' });
    fake.dropWatches();
    await eventually(() => platform.health().connected === false);
    expect(platform.health().lastError).toContain('403');
    expect(await platform.listPromises()).toHaveLength(5);
    fake.clearFaults();
    await eventually(() => platform.health().connected, 5000);
  });

  it('commits requests instead of applying them in hybrid mode', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kratix-hybrid-'));
    await git(dir, ['init', '--quiet', '--initial-branch=main']);
    await git(dir, ['commit', '--quiet', '--allow-empty', '-m', 'root']);
    const hybrid = new KubernetesKratixPlatform({
      name: 'hybrid',
      client: new KubernetesApiClient(kubeConfigFor(fake)),
      requestWriter: new GitRequestWriter(new LocalGitRepository(dir)),
    });
    await hybrid.start();
    expect(hybrid.mode).toBe('hybrid');
    const creates = fake.calls.get('CREATE') ?? 0;
    const result = await hybrid.submitRequest('jenkins', {
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      kind: 'jenkins',
      metadata: { name: 'via-git', namespace: 'team-a' },
      spec: { env: 'dev' },
    });
    expect(result).toEqual(
      expect.objectContaining({
        action: 'created',
        path: 'requests/jenkins/team-a/via-git.yaml',
      }),
    );
    expect(fake.calls.get('CREATE') ?? 0).toBe(creates);
    expect(await git(dir, ['log', '-1', '--format=%s'])).toContain(
      'Request jenkins team-a/via-git',
    );
    hybrid.stop();
    await rm(dir, { recursive: true, force: true });
  });
});
