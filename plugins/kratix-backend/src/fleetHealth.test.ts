/*
 * Health across the fleet (issue #22, item 5) through REST and kratix:fleet-health, behind
 * the real permission framework: only platform admins (kratix.promise.install on the
 * platform, as the admin tab asks) see a platform's rows.
 *
 * The seeded objects are shaped as Kratix writes them (kratix-common fixtures, and below):
 * - payments-db: ConfigureWorkflowCompleted False, ConfigureWorkflowFailed, "A Configure
 *   Pipeline has failed: backup-configure" (lib/resourceutil/util.go MarkConfigureWorkflowAsFailed);
 * - sessions: kratix.io/workflow-suspended "true" and a Suspended pipeline with the reason it
 *   wrote (api/v1alpha1/promise_types.go, status.kratix.workflows.pipelines);
 * - cache: kratix.io/paused "true" (dynamic_resource_request_controller.go, PausedReconciliation);
 * - ci: status.healthStatus.state degraded (internal/controller/healthrecord_controller.go);
 * - on-prem-edge: Ready False, StateStoreWriteFailed (internal/controller/destination_controller.go);
 * - minio: Ready False, SecretNotFound (internal/controller/state_store.go);
 * - redis (Promise): ConfigureWorkflowFailed;
 * - sessions bound to redis v0.1.0 while v0.2.0 is latest (versionBindingFixtures);
 * - added here: WorksSucceeded False WorksMisplaced on storefront-db
 *   (util.go MarkResourceRequestAsWorksMisplaced), and a Destination gke whose state store is
 *   missing (destination_controller.go: StateStoreNotFound, "<kind>/<name>: not found").
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  createEmbeddedRepository,
  GitOpsKratixPlatform,
  KubernetesApiClient,
  KubernetesKratixPlatform,
} from '@kratix-backstage/plugin-kratix-node';
import {
  eventually,
  FakeKubernetesApi,
  kubeConfigFor,
} from '@kratix-backstage/plugin-kratix-node/testUtils';

import {
  fakePlatformBehindPolicy,
  seedWithVersionHistory,
} from './__testUtils__/fakeKubernetesPlatform';
import {
  SeenAuditEvent,
  startPolicyBackend,
} from './__testUtils__/startPolicyBackend';
import { GITOPS_FLEET_NOTE } from './service/fleetHealth';

jest.setTimeout(60_000);

const ADMINS = ['group:default/platform-team'];
const as = (user: string) =>
  mockCredentials.user.header(`user:default/${user}`);
const ACTIONS = '/api/kratix/.backstage/actions/v1/actions';
const fleet = (server: Server, user: string, platform?: string) =>
  request(server)
    .get('/api/kratix/fleet-health')
    .query(platform ? { platform } : {})
    .set('Authorization', as(user));
const invoke = (server: Server, user: string, input: object) =>
  request(server)
    .post(`${ACTIONS}/${encodeURIComponent('kratix:fleet-health')}/invoke`)
    .set('Authorization', as(user))
    .send(input);

const rows = (body: any) =>
  body.items.map((i: any) => [
    i.kind,
    i.subject.kind,
    [i.subject.promise, i.subject.namespace, i.subject.name]
      .filter(Boolean)
      .join('/'),
    i.message,
  ]);

function seed(fake: FakeKubernetesApi) {
  seedWithVersionHistory(fake);
  const storefrontDb = fake
    .list('marketplace.kratix.io/v1alpha2', 'postgresql')
    .find(r => r.metadata.name === 'storefront-db') as any;
  fake.put({
    ...storefrontDb,
    status: {
      ...storefrontDb.status,
      conditions: [
        ...(storefrontDb.status?.conditions ?? []),
        {
          type: 'WorksSucceeded',
          status: 'False',
          reason: 'WorksMisplaced',
          message:
            'Some works associated with this resource are misplaced: [storefront-db-instance-configure-5058f]',
          lastTransitionTime: '2026-11-30T09:00:00Z',
        },
      ],
    },
  });
  fake.put({
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'Destination',
    metadata: { name: 'gke', labels: { environment: 'dev' } },
    spec: {
      path: 'gke',
      stateStoreRef: { kind: 'GitStateStore', name: 'gone' },
    },
    status: {
      conditions: [
        {
          type: 'Ready',
          status: 'False',
          reason: 'StateStoreNotFound',
          message: 'GitStateStore/gone: not found',
          lastTransitionTime: '2026-11-30T08:00:00Z',
        },
      ],
    },
  });
}

describe('fleet health on a kubernetes platform (fake API server)', () => {
  const kube = fakePlatformBehindPolicy({ seed });

  const ALL_ROWS = [
    [
      'pipeline-failed',
      'Promise',
      'redis',
      'A Configure Pipeline has failed: promise-configure (container redis-operator exited with code 1)',
    ],
    [
      'pipeline-failed',
      'Request',
      'postgresql/team-payments/payments-db',
      'A Configure Pipeline has failed: backup-configure (Job has reached the specified backoff limit)',
    ],
    [
      'pipeline-failed',
      'Request',
      'redis/team-search/old-cache',
      'The Delete Pipeline has failed: instance-delete',
    ],
    [
      'pipeline-suspended',
      'Request',
      'redis/team-checkout/sessions',
      'Pipeline approval suspended: Waiting for manual approval',
    ],
    [
      'paused',
      'Request',
      'redis/team-search/cache',
      'Reconciliation paused (kratix.io/paused: "true")',
    ],
    [
      'older-revision',
      'Request',
      'redis/team-checkout/sessions',
      'On version v0.1.0 (pinned to v0.1.0); latest is v0.2.0',
    ],
    [
      'request-unhealthy',
      'Request',
      'jenkins/team-checkout/ci',
      'Health state is degraded (ci-agents)',
    ],
    [
      'destination-not-ready',
      'Destination',
      'gke',
      'StateStoreNotFound: GitStateStore/gone: not found',
    ],
    [
      'destination-writer-error',
      'Destination',
      'on-prem-edge',
      'StateStoreWriteFailed: failed to write test documents: bucket unreachable',
    ],
    [
      'works-misplaced',
      'Request',
      'postgresql/team-checkout/storefront-db',
      'Some works associated with this resource are misplaced: [storefront-db-instance-configure-5058f]',
    ],
    [
      'state-store-error',
      'StateStore',
      'minio',
      'BucketStateStore: SecretNotFound: secret default/minio-credentials not found',
    ],
  ];

  it('shows a platform admin every problem, one row per thing to fix, through REST and the action alike', async () => {
    const res = await fleet(kube.server, 'ops');
    expect(res.status).toBe(200);
    expect(rows(res.body)).toEqual(ALL_ROWS);
    expect(res.body.items[1]).toEqual({
      platform: 'prod',
      kind: 'pipeline-failed',
      subject: {
        kind: 'Request',
        name: 'payments-db',
        namespace: 'team-payments',
        promise: 'postgresql',
      },
      message:
        'A Configure Pipeline has failed: backup-configure (Job has reached the specified backoff limit)',
      // The failed pipeline's lastTransitionTime (its condition carries none in the fixture).
      since: '2026-11-20T10:02:11Z',
    });
    expect(res.body.counts).toEqual({
      'pipeline-failed': 3,
      'pipeline-suspended': 1,
      paused: 1,
      'older-revision': 1,
      'request-unhealthy': 1,
      'destination-not-ready': 1,
      'destination-writer-error': 1,
      'works-misplaced': 1,
      'state-store-error': 1,
    });
    expect(res.body.notes).toEqual([]);
    expect(res.body.errors).toEqual([]);
    expect((await fleet(kube.server, 'ops', 'prod')).body).toEqual(res.body);

    const action = await invoke(kube.server, 'ops', { platform: 'prod' });
    expect(action.status).toBe(200);
    expect(action.body.output).toEqual(res.body);
  });

  it('follows the platform: a resumed request and a ready Destination leave the view', async () => {
    const cache = kube.fake
      .list('marketplace.kratix.io/v1alpha1', 'redis')
      .find(r => r.metadata.name === 'cache') as any;
    const { ['kratix.io/paused']: _paused, ...labels } = cache.metadata.labels;
    kube.fake.put({ ...cache, metadata: { ...cache.metadata, labels } });
    const gke = kube.fake
      .list('platform.kratix.io/v1alpha1', 'Destination')
      .find(d => d.metadata.name === 'gke') as any;
    kube.fake.put({
      ...gke,
      status: {
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'TestDocumentsWritten',
            message: 'Test documents written to State Store',
          },
        ],
      },
    });
    await eventually(async () => {
      const body = (await fleet(kube.server, 'ops')).body;
      return (
        body.counts.paused === 0 && body.counts['destination-not-ready'] === 0
      );
    });
    expect(rows((await fleet(kube.server, 'ops')).body)).toEqual(
      ALL_ROWS.filter(
        r => r[2] !== 'redis/team-search/cache' && r[2] !== 'gke',
      ),
    );
  });

  it('shows a non-admin nothing, and refuses them a named platform (403), through REST and the action', async () => {
    const res = await fleet(kube.server, 'alice');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
    expect(Object.values(res.body.counts)).toEqual(Array(9).fill(0));
    const named = await fleet(kube.server, 'alice', 'prod');
    expect(named.status).toBe(403);
    expect(named.body.error.message).toContain('kratix.promise.install');
    expect((await invoke(kube.server, 'alice', {})).body.output.items).toEqual(
      [],
    );
    const action = await invoke(kube.server, 'alice', { platform: 'prod' });
    expect(action.status).toBe(403);
    expect(action.body.error.message).toContain('kratix.promise.install');
    expect((await fleet(kube.server, 'ops', 'nowhere')).status).toBe(404);
  });

  it('puts a platform it cannot read in errors, still answering for the others', async () => {
    // An API server that refuses connections: nothing listens there, and msw lets it through.
    const down = new KubernetesKratixPlatform({
      name: 'down',
      admins: ADMINS,
      client: new KubernetesApiClient(
        kubeConfigFor(new FakeKubernetesApi('https://127.0.0.1:9')),
      ),
      backoff: { initialMs: 20, maxMs: 100 },
    });
    await down.start();
    try {
      const both = await startPolicyBackend([kube.platform, down], kube.audit);
      const res = await fleet(both, 'ops');
      expect(res.status).toBe(200);
      expect(rows(res.body)).toEqual(ALL_ROWS);
      expect(res.body.errors).toEqual([
        {
          platform: 'down',
          message: expect.stringMatching(/^Platform down unreachable: /),
        },
      ]);
    } finally {
      down.stop();
    }
  });
});

describe('fleet health on a gitops platform (a real repository)', () => {
  let dataDir: string;
  let server: Server;
  const audit: SeenAuditEvent[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-fleet-health-'));
    const directory = await createEmbeddedRepository({
      dataDir,
      name: 'easyeaty',
    });
    const easyeaty = new GitOpsKratixPlatform({
      name: 'easyeaty',
      admins: ADMINS,
      directory,
      stateStorePaths: ['state'],
      maxAgeMs: 0,
    });
    server = await startPolicyBackend([easyeaty], audit);
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('says what git cannot show, and lists what it can: a request pinned to an older version, one paused in its document', async () => {
    const before = await fleet(server, 'ops');
    expect(before.status).toBe(200);
    expect(before.body.notes).toEqual([
      { platform: 'easyeaty', message: GITOPS_FLEET_NOTE },
    ]);
    expect(before.body.errors).toEqual([]);
    // The demo pins orders-db to postgresql v1.0.0 by a ResourceBinding committed to the
    // repository, while v1.1.0 is the Promise's latest: git shows that much.
    expect(rows(before.body)).toEqual([
      [
        'older-revision',
        'Request',
        'postgresql/team-orders/orders-db',
        'On version v1.0.0 (pinned to v1.0.0); latest is v1.1.0',
      ],
    ]);

    const paused = await request(server)
      .post(`${ACTIONS}/${encodeURIComponent('kratix:manage-request')}/invoke`)
      .set('Authorization', as('ops'))
      .send({
        platform: 'easyeaty',
        promise: 'jenkins',
        namespace: 'team-checkout',
        name: 'ci',
        action: 'pause',
      });
    expect(paused.status).toBe(200);
    const after = await fleet(server, 'ops');
    expect(rows(after.body).filter((r: string[]) => r[0] === 'paused')).toEqual(
      [
        [
          'paused',
          'Request',
          'jenkins/team-checkout/ci',
          'Reconciliation paused (kratix.io/paused: "true")',
        ],
      ],
    );
    expect(after.body.counts.paused).toBe(1);
    expect((await invoke(server, 'ops', {})).body.output).toEqual(after.body);
  });

  it('shows a non-admin nothing and refuses them the platform', async () => {
    expect((await fleet(server, 'bob')).body.items).toEqual([]);
    expect((await fleet(server, 'bob', 'easyeaty')).status).toBe(403);
    expect((await invoke(server, 'bob', { platform: 'easyeaty' })).status).toBe(
      403,
    );
  });
});
