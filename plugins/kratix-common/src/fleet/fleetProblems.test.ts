/*
 * The fleet rows, from objects shaped as Kratix writes them at HEAD:
 * - lib/resourceutil/util.go MarkConfigureWorkflowAsFailed: ConfigureWorkflowCompleted False,
 *   reason ConfigureWorkflowFailed, "A Configure Pipeline has failed: <pipeline>";
 *   DeleteWorkflowFailed / DeleteWorkflowSuspended ("The delete workflow is suspended");
 *   MarkResourceRequestAsWorksMisplaced: WorksSucceeded False, reason WorksMisplaced,
 *   "Some works associated with this resource are misplaced: [<works>]".
 * - internal/controller/promise_controller.go: kratix.io/paused "true" pauses
 *   (PausedReconciliation); promiseWorksSucceededMisplacedCondition on Promises.
 * - internal/controller/destination_controller.go: Ready False with StateStoreWriteFailed
 *   ("Failed to write test documents to State Store: <err>"), StateStoreNotFound, ...
 * - internal/controller/state_store.go + shared.go: Ready False, status NotReady, reasons
 *   SecretNotFound ("Secret <name> not found in namespace <ns>"), ErrorInitialisingWriter.
 * - api/v1alpha1/workplacement_types.go SetWriteFailedCondition: Ready False "Failing",
 *   reason WorkloadsFailedWrite.
 * - internal/controller/healthrecord_controller.go: status.healthStatus {state, healthRecords}.
 */
import {
  Destination,
  KratixPromise,
  PromiseRevision,
  ResourceBinding,
  ResourceRequest,
  StateStore,
} from '../model';
import { Placement } from '../placements';
import { fleetProblems, FleetObjects } from './fleetProblems';
import { toFleetHealth } from './fleetHealth';

const T = '2026-11-20T10:02:11Z';

const promise = (
  name: string,
  extra: Partial<KratixPromise['metadata']> = {},
  status?: KratixPromise['status'],
): KratixPromise =>
  ({
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'Promise',
    metadata: { name, ...extra },
    spec: {
      workflows: {
        resource: {
          configure: [
            { kind: 'Pipeline', metadata: { name: 'instance-configure' } },
            { kind: 'Pipeline', metadata: { name: 'backup-configure' } },
          ],
        },
      },
    },
    ...(status && { status }),
  } as unknown as KratixPromise);

const request = (
  name: string,
  labels: Record<string, string> = {},
  status: ResourceRequest['status'] = {},
): ResourceRequest => ({
  apiVersion: 'marketplace.kratix.io/v1alpha1',
  kind: 'postgresql',
  metadata: { name, namespace: 'team-a', labels },
  status,
});

const objects = (extra: Partial<FleetObjects>): FleetObjects => ({
  platform: 'prod',
  promises: [promise('postgresql')],
  requests: [],
  destinations: [],
  stateStores: [],
  ...extra,
});

const rows = (o: FleetObjects) =>
  fleetProblems(o).map(p => [
    p.kind,
    p.subject.kind,
    p.subject.name,
    p.message,
  ]);

describe('fleetProblems', () => {
  it('lists a failed configure pipeline with its condition and the pipeline’s message', () => {
    const failing = request('payments-db', {}, {
      conditions: [
        {
          type: 'ConfigureWorkflowCompleted',
          status: 'False',
          reason: 'ConfigureWorkflowFailed',
          message: 'A Configure Pipeline has failed: backup-configure',
          lastTransitionTime: T,
        },
      ],
      kratix: {
        workflows: {
          pipelines: [
            { name: 'instance-configure', phase: 'Succeeded' },
            {
              name: 'backup-configure',
              phase: 'Failed',
              message: 'Job has reached the specified backoff limit',
            },
          ],
        },
      },
    } as any);
    const [row] = fleetProblems(
      objects({ requests: [{ promise: 'postgresql', request: failing }] }),
    );
    expect(row).toEqual({
      platform: 'prod',
      kind: 'pipeline-failed',
      subject: {
        kind: 'Request',
        name: 'payments-db',
        namespace: 'team-a',
        promise: 'postgresql',
      },
      message:
        'A Configure Pipeline has failed: backup-configure (Job has reached the specified backoff limit)',
      since: T,
    });
  });

  it('reads a failure from the older counters too (workflowsFailed, pipelines in declared order)', () => {
    const old = request('orders', {}, {
      workflows: 2,
      workflowsSucceeded: 1,
      workflowsFailed: 1,
    } as any);
    expect(
      rows(objects({ requests: [{ promise: 'postgresql', request: old }] })),
    ).toEqual([
      [
        'pipeline-failed',
        'Request',
        'orders',
        'A Configure Pipeline has failed: backup-configure',
      ],
    ]);
  });

  it('does not call a running workflow failed (PipelinesInProgress)', () => {
    const running = request('busy', {}, {
      conditions: [
        {
          type: 'ConfigureWorkflowCompleted',
          status: 'False',
          reason: 'PipelinesInProgress',
          message: 'Pipelines are still in progress',
        },
      ],
    } as any);
    expect(
      fleetProblems(
        objects({ requests: [{ promise: 'postgresql', request: running }] }),
      ),
    ).toEqual([]);
  });

  it('lists a suspended pipeline with the reason it wrote, a paused request, and a failed delete', () => {
    const suspended = request(
      'sessions',
      { 'kratix.io/workflow-suspended': 'true' },
      {
        kratix: {
          workflows: {
            pipelines: [
              {
                name: 'approval',
                phase: 'Suspended',
                message: 'Waiting for manual approval',
                lastTransitionTime: T,
              },
            ],
          },
        },
      } as any,
    );
    const paused = request(
      'cache',
      { 'kratix.io/paused': 'true' },
      {
        conditions: [
          {
            type: 'Reconciled',
            status: 'Unknown',
            reason: 'PausedReconciliation',
            message: 'Paused',
            lastTransitionTime: T,
          },
        ],
      },
    );
    // Kratix pauses only for exactly "true" (promise_controller.go `v == "true"`).
    const notPaused = request('other', { 'kratix.io/paused': 'yes' });
    const deleting = request('old', {}, {
      conditions: [
        {
          type: 'DeleteWorkflowCompleted',
          status: 'False',
          reason: 'DeleteWorkflowFailed',
          message: 'The Delete Pipeline has failed',
        },
      ],
    } as any);
    const found = fleetProblems(
      objects({
        requests: [suspended, paused, notPaused, deleting].map(r => ({
          promise: 'postgresql',
          request: r,
        })),
      }),
    );
    expect(
      found.map(p => [p.kind, p.subject.name, p.message, p.since]),
    ).toEqual([
      [
        'pipeline-suspended',
        'sessions',
        'Pipeline approval suspended: Waiting for manual approval',
        T,
      ],
      [
        'paused',
        'cache',
        'Reconciliation paused (kratix.io/paused: "true")',
        T,
      ],
      ['pipeline-failed', 'old', 'The Delete Pipeline has failed', undefined],
    ]);
  });

  it('lists paused and suspended Promises and a Promise whose Works are misplaced', () => {
    const paused = promise('jenkins', {
      labels: { 'kratix.io/paused': 'true' },
    });
    const suspended = promise('redis', {
      labels: { 'kratix.io/workflow-suspended': 'true' },
    });
    const misplaced = promise('nginx', {}, {
      conditions: [
        {
          type: 'WorksSucceeded',
          status: 'False',
          reason: 'WorksMisplaced',
          message:
            'Some works associated with this promise are misplaced: [nginx-promise-configure]',
        },
      ],
    } as any);
    expect(rows(objects({ promises: [paused, suspended, misplaced] }))).toEqual(
      [
        [
          'paused',
          'Promise',
          'jenkins',
          'Reconciliation paused (kratix.io/paused: "true")',
        ],
        ['pipeline-suspended', 'Promise', 'redis', 'Workflow suspended'],
        [
          'works-misplaced',
          'Promise',
          'nginx',
          'Some works associated with this promise are misplaced: [nginx-promise-configure]',
        ],
      ],
    );
  });

  it('lists a request whose Works are misplaced (WorksMisplaced) and one unhealthy or degraded', () => {
    const misplaced = request('edge', {}, {
      conditions: [
        {
          type: 'WorksSucceeded',
          status: 'False',
          reason: 'WorksMisplaced',
          message:
            'Some works associated with this resource are misplaced: [edge-instance-5058f]',
          lastTransitionTime: T,
        },
      ],
    } as any);
    // WorksFailing is not misplacement.
    const failingWorks = request('other', {}, {
      conditions: [
        {
          type: 'WorksSucceeded',
          status: 'False',
          reason: 'WorksFailing',
          message: 'Some works associated with this resource failed: [x]',
        },
      ],
    } as any);
    const unhealthy = request(
      'sick',
      {},
      {
        healthStatus: {
          state: 'unhealthy',
          healthRecords: [
            {
              state: 'unhealthy',
              lastRun: 1790000100,
              source: { name: 'probe' },
            },
            {
              state: 'healthy',
              lastRun: 1790000200,
              source: { name: 'liveness' },
            },
          ],
        },
      },
    );
    const degraded = request(
      'slow',
      {},
      { healthStatus: { state: 'degraded' } },
    );
    const healthy = request('fine', {}, { healthStatus: { state: 'healthy' } });
    const found = fleetProblems(
      objects({
        requests: [misplaced, failingWorks, unhealthy, degraded, healthy].map(
          r => ({ promise: 'postgresql', request: r }),
        ),
      }),
    );
    expect(
      found.map(p => [p.kind, p.subject.name, p.message, p.since]),
    ).toEqual([
      [
        'works-misplaced',
        'edge',
        'Some works associated with this resource are misplaced: [edge-instance-5058f]',
        T,
      ],
      [
        'request-unhealthy',
        'sick',
        'Health state is unhealthy (probe)',
        new Date(1790000100 * 1000).toISOString(),
      ],
      ['request-unhealthy', 'slow', 'Health state is degraded', undefined],
    ]);
  });

  it('lists requests on a revision older than latest, from their ResourceBindings', () => {
    const revision = (version: string, latest: boolean): PromiseRevision => ({
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'PromiseRevision',
      metadata: {
        name: `postgresql-${version}`,
        labels: { 'kratix.io/promise-name': 'postgresql' },
      },
      spec: { promiseRef: { name: 'postgresql' }, version },
      status: { latest },
    });
    const binding = (
      name: string,
      version: string,
      applied: string,
    ): ResourceBinding => ({
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'ResourceBinding',
      metadata: {
        name: `${name}-postgresql`,
        namespace: 'team-a',
        labels: {
          'kratix.io/promise-name': 'postgresql',
          'kratix.io/resource-name': name,
        },
      },
      spec: {
        version,
        promiseRef: { name: 'postgresql' },
        resourceRef: { name, namespace: 'team-a' },
      },
      status: { lastAppliedVersion: applied },
    });
    const o = objects({
      revisions: [revision('v1', false), revision('v2', true)],
      bindings: [
        binding('pinned', 'v1', 'v1'),
        binding('floating', 'latest', 'v2'),
        // Floating, but its upgrade has not been applied yet: it still runs v1.
        binding('behind', 'latest', 'v1'),
      ],
    });
    expect(rows(o)).toEqual([
      [
        'older-revision',
        'Request',
        'behind',
        'On version v1 (floating); latest is v2',
      ],
      [
        'older-revision',
        'Request',
        'pinned',
        'On version v1 (pinned to v1); latest is v2',
      ],
    ]);
    // Without PromiseRevisions (older Kratix, gitops) nothing is counted.
    expect(rows({ ...o, revisions: undefined })).toEqual([]);
  });

  it('lists Destinations not ready, writer errors (test documents, failed WorkPlacements) and state stores in error', () => {
    const destination = (
      name: string,
      ready?: { status: 'True' | 'False'; reason: string; message: string },
    ): Destination =>
      ({
        apiVersion: 'platform.kratix.io/v1alpha1',
        kind: 'Destination',
        metadata: { name },
        spec: { stateStoreRef: { kind: 'GitStateStore', name: 'default' } },
        ...(ready && {
          status: {
            conditions: [{ type: 'Ready', lastTransitionTime: T, ...ready }],
          },
        }),
      } as Destination);
    const store = (
      kind: StateStore['kind'],
      name: string,
      status: 'Ready' | 'NotReady',
      reason: string,
      message: string,
    ): StateStore =>
      ({
        apiVersion: 'platform.kratix.io/v1alpha1',
        kind,
        metadata: { name },
        spec: {},
        status: {
          status,
          conditions: [
            {
              type: 'Ready',
              status: status === 'Ready' ? 'True' : 'False',
              reason,
              message,
            },
          ],
        },
      } as unknown as StateStore);
    const placement = (
      target: string,
      state: Placement['state'],
    ): Placement => ({
      destination: target,
      type: 'resource',
      promise: 'postgresql',
      namespace: 'team-a',
      resource: 'payments-db',
      location: `${target}/resources/x`,
      files: [],
      state,
      source: 'workplacement',
      workPlacement: {
        name: `payments-db.${target}-5058f`,
        namespace: 'team-a',
      },
    });
    const o = objects({
      destinations: [
        destination('eks', {
          status: 'True',
          reason: 'TestDocumentsWritten',
          message: 'Test documents written to State Store',
        }),
        destination('edge', {
          status: 'False',
          reason: 'StateStoreWriteFailed',
          message:
            'Failed to write test documents to State Store: bucket unreachable',
        }),
        destination('gke', {
          status: 'False',
          reason: 'StateStoreNotFound',
          message: 'GitStateStore/missing: not found',
        }),
        // No Ready condition yet: Kratix has not reconciled it, nothing to say.
        destination('new'),
      ],
      placements: [placement('eks', 'Failing'), placement('eks', 'Ready')],
      stateStores: [
        store(
          'GitStateStore',
          'default',
          'Ready',
          'StateStoreReady',
          'State store is ready',
        ),
        store(
          'BucketStateStore',
          'minio',
          'NotReady',
          'SecretNotFound',
          'Secret minio-credentials not found in namespace default',
        ),
      ],
    });
    expect(rows(o)).toEqual([
      [
        'destination-writer-error',
        'Destination',
        'eks',
        'Kratix could not write 1 WorkPlacement to its state store: payments-db.eks-5058f',
      ],
      [
        'destination-writer-error',
        'Destination',
        'edge',
        'StateStoreWriteFailed: Failed to write test documents to State Store: bucket unreachable',
      ],
      [
        'destination-not-ready',
        'Destination',
        'gke',
        'StateStoreNotFound: GitStateStore/missing: not found',
      ],
      [
        'state-store-error',
        'StateStore',
        'minio',
        'BucketStateStore: SecretNotFound: Secret minio-credentials not found in namespace default',
      ],
    ]);
  });

  it('lists Works the state store shows misplaced (gitops) once per request, unless Kratix said so already', () => {
    const storePlacement = (
      destination: string,
      resource: string,
    ): Placement => ({
      destination,
      type: 'resource',
      promise: 'postgresql',
      namespace: 'team-a',
      resource,
      location: `${destination}/resources/team-a/postgresql/${resource}/5058f`,
      files: [],
      state: 'Misplaced',
      source: 'state-store',
    });
    const reported = request('edge', {}, {
      conditions: [
        {
          type: 'WorksSucceeded',
          status: 'False',
          reason: 'WorksMisplaced',
          message:
            'Some works associated with this resource are misplaced: [w]',
        },
      ],
    } as any);
    expect(
      rows(
        objects({
          requests: [{ promise: 'postgresql', request: reported }],
          placements: [
            storePlacement('eks', 'orders'),
            storePlacement('gke', 'orders'),
            storePlacement('eks', 'edge'),
          ],
        }),
      ),
    ).toEqual([
      [
        'works-misplaced',
        'Request',
        'edge',
        'Some works associated with this resource are misplaced: [w]',
      ],
      [
        'works-misplaced',
        'Request',
        'orders',
        "Works misplaced on eks, gke: the Destination no longer matches the Promise's destinationSelectors",
      ],
    ]);
  });
});

describe('toFleetHealth', () => {
  it('counts every kind, zero included, and lists the worst kinds first', () => {
    const health = toFleetHealth(
      [
        {
          platform: 'b',
          kind: 'state-store-error',
          subject: { kind: 'StateStore', name: 'minio' },
          message: 'x',
        },
        {
          platform: 'b',
          kind: 'pipeline-failed',
          subject: { kind: 'Promise', name: 'redis' },
          message: 'y',
        },
        {
          platform: 'a',
          kind: 'pipeline-failed',
          subject: { kind: 'Promise', name: 'redis' },
          message: 'z',
        },
      ],
      [{ platform: 'git', message: 'no status' }],
    );
    expect(health.items.map(i => [i.platform, i.kind])).toEqual([
      ['a', 'pipeline-failed'],
      ['b', 'pipeline-failed'],
      ['b', 'state-store-error'],
    ]);
    expect(health.counts).toEqual({
      'pipeline-failed': 2,
      'pipeline-suspended': 0,
      paused: 0,
      'older-revision': 0,
      'request-unhealthy': 0,
      'destination-not-ready': 0,
      'destination-writer-error': 0,
      'works-misplaced': 0,
      'state-store-error': 1,
    });
    expect(health.notes).toEqual([{ platform: 'git', message: 'no status' }]);
    expect(health.errors).toEqual([]);
  });
});
