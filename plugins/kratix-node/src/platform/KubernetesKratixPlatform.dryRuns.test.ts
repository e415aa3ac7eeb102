/*
 * Kratix's DryRun on a kubernetes platform, against the fake API server with Kratix's DryRun
 * controller played by fakeDryRunController (internal/controller/dryrun_controller.go at
 * Kratix HEAD ae170e22; Kratix v0.125.0 has no DryRun CRD).
 */
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import { KubernetesObject } from '@kratix-backstage/plugin-kratix-common';
import { FakeKubernetesApi } from '../testing/fakeKubernetesApi';
import {
  compressWorkload,
  fakeDryRunController,
} from '../testing/fakeDryRunController';
import { kubeConfigFor } from '../testing/kubeConfigFor';
import { seedFakePlatform } from '../testing/seedFakePlatform';
import { KubernetesApiClient } from '../kubernetes/KubernetesApiClient';
import { KubernetesKratixPlatform } from './KubernetesKratixPlatform';

jest.setTimeout(30_000);

const DRY_RUNS = 'platform.kratix.io/v1alpha1';
const ci = { promise: 'jenkins', namespace: 'team-checkout', name: 'ci' };
const hoursAgo = (h: number) =>
  new Date(Date.now() - h * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('KubernetesKratixPlatform DryRuns', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  let fake: FakeKubernetesApi;
  let platform: KubernetesKratixPlatform;

  const startPlatform = async (
    fakeOptions: { dryRuns?: boolean } = {},
    platformOptions: { actAsUser?: boolean } = {},
  ) => {
    fake = new FakeKubernetesApi(undefined, fakeOptions);
    seedFakePlatform(fake);
    // The live request's Work, with a document the dry run changes.
    const live = fake
      .list(DRY_RUNS, 'Work')
      .find(w => w.metadata.name === 'jenkins-ci-instance-configure-a81b2')!;
    (live as any).spec.workloadGroups[0].workloads[0].content =
      compressWorkload('kind: Jenkins\nspec:\n  agents: 2\n');
    fake.put(live);
    server.use(...fake.handlers());
    platform = new KubernetesKratixPlatform({
      name: 'prod',
      client: new KubernetesApiClient(kubeConfigFor(fake, 'sa-token')),
      backoff: { initialMs: 20, maxMs: 100 },
      ...platformOptions,
    });
    await platform.start();
  };
  afterEach(() => {
    platform?.stop();
    fake?.dropWatches();
  });

  it('says whether the API server serves DryRuns, asking discovery once a minute at most', async () => {
    await startPlatform();
    const before = fake.calls.get('DISCOVERY') ?? 0;
    expect(await platform.dryRunSupport()).toEqual({ supported: true });
    await platform.dryRunSupport();
    expect((fake.calls.get('DISCOVERY') ?? 0) - before).toBe(1);

    await startPlatform({ dryRuns: false });
    const answer = await platform.dryRunSupport();
    expect(answer.supported).toBe(false);
    expect(answer).toMatchObject({
      reason: expect.stringContaining('dryruns.platform.kratix.io'),
    });
    await expect(
      platform.startDryRun(ci, { env: 'dev' }, { requester: 'user:default/a' }),
    ).rejects.toMatchObject({ name: 'ConflictError' });
    expect(() => fake.list(DRY_RUNS, 'DryRun')).toThrow();
  });

  it("creates a DryRun of the request, deletes the suite's DryRuns older than an hour, and reads back Kratix's summary", async () => {
    await startPlatform();
    const old = (name: string, created: string, managed: boolean) =>
      ({
        apiVersion: DRY_RUNS,
        kind: 'DryRun',
        metadata: {
          name,
          namespace: 'team-payments',
          creationTimestamp: created,
          labels: managed
            ? { 'app.kubernetes.io/managed-by': 'kratix-backstage' }
            : {},
        },
        spec: {
          promiseRef: { name: 'jenkins' },
          resourceRequestRef: { name: 'x' },
          resource: {},
        },
        status: { conditions: [{ type: 'Completed', status: 'True' }] },
      } as unknown as KubernetesObject);
    fake.put(old('backstage-x-old11', hoursAgo(2), true));
    fake.put(old('backstage-x-new11', hoursAgo(0.5), true));
    fake.put(old('someone-elses', hoursAgo(5), false));

    const started = await platform.startDryRun(
      ci,
      { env: 'dev', agents: 3 },
      { requester: 'user:default/alice' },
    );
    expect(started.preview).toMatchObject({
      supported: true,
      namespace: 'team-checkout',
      state: 'pending',
      complete: false,
    });
    expect(started.preview.name).toMatch(/^backstage-ci-[a-z0-9]{5}$/);
    expect(started.requester).toBe('user:default/alice');
    expect(
      fake
        .list(DRY_RUNS, 'DryRun')
        .map(d => d.metadata.name)
        .sort(),
    ).toEqual(
      [started.preview.name, 'backstage-x-new11', 'someone-elses'].sort(),
    );
    const created = fake
      .list(DRY_RUNS, 'DryRun')
      .find(d => d.metadata.name === started.preview.name)!;
    expect(created.metadata.labels).toEqual({
      'app.kubernetes.io/managed-by': 'kratix-backstage',
    });
    expect(created.metadata.annotations).toEqual({
      'kratix-backstage.io/requested-by': 'user:default/alice',
    });
    expect((created as any).spec).toEqual({
      promiseRef: { name: 'jenkins' },
      resourceRequestRef: { name: 'ci', namespace: 'team-checkout' },
      resource: { env: 'dev', agents: 3 },
    });

    const controller = fakeDryRunController(fake, () => ({
      'instance-configure': {
        files: {
          'jenkins-instance.yaml': 'kind: Jenkins\nspec:\n  agents: 3\n',
          'service.yaml': 'kind: Service\n',
        },
      },
    }));
    expect(controller.reconcile()).toBe(1);
    const read = await platform.readDryRun(
      'team-checkout',
      started.preview.name,
    );
    // The summary as writeSummary and dryRunRenderDiff print it.
    expect(read?.preview.summary).toBe(
      '# Kratix Dry Run Summary\n\n' +
        '## Pipeline: `instance-configure`\n\n' +
        '**1 added · 1 modified · 0 removed**\n' +
        '\n---\n\n## ➕ Added: `service.yaml`\n\n```yaml\nkind: Service\n```\n' +
        '\n---\n\n## ✏️ Modified: `jenkins-instance.yaml`\n\n```diff\n' +
        '--- a/jenkins-instance.yaml\n+++ b/jenkins-instance.yaml\n' +
        ' kind: Jenkins\n spec:\n-  agents: 2\n+  agents: 3\n```\n',
    );
    expect(read?.preview).toMatchObject({
      state: 'completed',
      complete: true,
      pipelines: [
        {
          pipeline: 'instance-configure',
          added: 1,
          modified: 1,
          removed: 0,
          files: [
            { path: 'service.yaml', change: 'added', text: 'kind: Service' },
            {
              path: 'jenkins-instance.yaml',
              change: 'modified',
              text: '--- a/jenkins-instance.yaml\n+++ b/jenkins-instance.yaml\n kind: Jenkins\n spec:\n-  agents: 2\n+  agents: 3',
            },
          ],
        },
      ],
    });
    // Kratix's ephemeral request is on the cluster, but nobody's request.
    expect(
      fake
        .list('marketplace.kratix.io/v1alpha1', 'jenkins')
        .filter(r => r.metadata.name.startsWith('kratix-dry-run-')),
    ).toHaveLength(1);
    expect(
      (await platform.listRequests({ promise: 'jenkins' })).filter(r =>
        r.metadata.name.startsWith('kratix-dry-run-'),
      ),
    ).toEqual([]);
    expect(await platform.readDryRun('team-checkout', 'nothing')).toBe(
      undefined,
    );
  });

  it('creates the DryRun as the signed-in user where the platform acts as them', async () => {
    await startPlatform({}, { actAsUser: true });
    fake.grant('alice-token', { user: 'alice' });
    await expect(
      platform.startDryRun(ci, {}, { requester: 'user:default/alice' }),
    ).rejects.toMatchObject({ name: 'AuthenticationError' });
    await platform.startDryRun(
      ci,
      {},
      { requester: 'user:default/alice', asUser: { token: 'alice-token' } },
    );
    expect(
      fake.audit.filter(e => e.resource === 'dryruns' && e.verb === 'create'),
    ).toEqual([expect.objectContaining({ user: 'alice', code: 201 })]);
  });
});
