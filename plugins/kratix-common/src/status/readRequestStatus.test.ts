import { KratixPromise, ResourceRequest } from '../model';
import { loadFixture } from '../__testUtils__/fixtures';
import { readRequestStatus } from './readRequestStatus';

const request = (file: string) => loadFixture<ResourceRequest>(file);

describe('readRequestStatus', () => {
  it('reads a reconciled request in the newer layout as Ready with exact pipeline phases', () => {
    const summary = readRequestStatus(request('request-jenkins-ready.yaml'));
    expect(summary.phase).toBe('Ready');
    expect(summary.reason).toBe('Reconciled');
    expect(summary.workflow.source).toBe('pipelines');
    expect(summary.workflow.pipelines).toEqual([
      expect.objectContaining({
        name: 'instance-configure',
        phase: 'Succeeded',
      }),
    ]);
    expect(summary.catchUp.updating).toBe(false);
    expect(summary.promiseVersion).toBe('v1.2.0');
    expect(summary.resourceBindingVersion).toBe('latest');
    expect(summary.lastSuccessfulConfigureTime).toBe('2026-10-03T08:01:37Z');
  });

  it('reads a 2024 request with no Reconciled condition from PipelineCompleted', () => {
    const summary = readRequestStatus(
      request('request-postgresql-legacy.yaml'),
    );
    expect(summary.phase).toBe('Ready');
    expect(summary.workflow.source).toBe('none');
    expect(summary.health).toEqual(
      expect.objectContaining({ state: 'healthy', source: 'healthRecord' }),
    );
    expect(summary.pipelineWritten.values).toEqual({
      connectionDetails: {
        host: 'orders-db.team-orders.svc',
        secret: 'orders-db-credentials',
      },
    });
  });

  it('names the failing pipeline and Kratix reason', () => {
    const summary = readRequestStatus(
      request('request-postgresql-failing.yaml'),
    );
    expect(summary.phase).toBe('Failing');
    expect(summary.reason).toBe('ConfigureWorkflowFailed');
    expect(summary.message).toBe(
      'A Configure Pipeline has failed: backup-configure',
    );
    expect(summary.workflow.failedPipeline).toBe('backup-configure');
    expect(summary.workflow.pipelines.map(p => p.phase)).toEqual([
      'Succeeded',
      'Failed',
    ]);
  });

  it('reads a suspended workflow with its retry details', () => {
    const summary = readRequestStatus(request('request-redis-suspended.yaml'));
    expect(summary.phase).toBe('Suspended');
    expect(summary.reason).toBe('WorkflowSuspended');
    expect(summary.message).toBe('Waiting for manual approval');
    expect(summary.workflow.pipelines[0]).toEqual(
      expect.objectContaining({
        phase: 'Suspended',
        attempts: 3,
        nextRetryAt: '2026-11-26T12:00:00Z',
      }),
    );
    expect(summary.catchUp.updating).toBe(true);
  });

  it('treats the suspended label alone as Suspended (label set before conditions)', () => {
    const r = request('request-jenkins-ready.yaml');
    r.metadata.labels = {
      ...r.metadata.labels,
      'kratix.io/workflow-suspended': 'true',
    };
    expect(readRequestStatus(r).phase).toBe('Suspended');
  });

  it('reads a paused request from the label and from the condition', () => {
    expect(readRequestStatus(request('request-redis-paused.yaml')).phase).toBe(
      'Paused',
    );
    const r = request('request-redis-paused.yaml');
    delete r.metadata.labels!['kratix.io/paused'];
    expect(readRequestStatus(r)).toEqual(
      expect.objectContaining({
        phase: 'Paused',
        reason: 'PausedReconciliation',
      }),
    );
  });

  it('reads a request being reconfigured as Pending and updating', () => {
    const summary = readRequestStatus(request('request-web-app-updating.yaml'));
    expect(summary.phase).toBe('Pending');
    expect(summary.reason).toBe('WorkflowPending');
    expect(summary.catchUp).toEqual({
      updating: true,
      neverObserved: false,
      generation: 3,
      observedGeneration: 2,
    });
    expect(summary.workflow.pipelines[0].phase).toBe('Running');
  });

  it('reads a deletion held by a failed delete pipeline', () => {
    const summary = readRequestStatus(request('request-redis-deleting.yaml'));
    expect(summary.phase).toBe('Deleting');
    expect(summary.deleteProblem).toEqual({
      reason: 'DeleteWorkflowFailed',
      message: 'The Delete Pipeline has failed: instance-delete',
    });
  });

  it('reads a deletion without problems', () => {
    const r = request('request-jenkins-ready.yaml');
    r.metadata.deletionTimestamp = '2026-11-26T10:00:00Z';
    expect(readRequestStatus(r)).toEqual(
      expect.objectContaining({
        phase: 'Deleting',
        message: 'Deletion in progress',
        deleteProblem: undefined,
      }),
    );
  });

  it('reads a request Kratix has not picked up yet as Pending', () => {
    const r = request('request-jenkins-ready.yaml');
    delete r.status;
    const summary = readRequestStatus(r);
    expect(summary.phase).toBe('Pending');
    expect(summary.catchUp.neverObserved).toBe(true);
    expect(summary.catchUp.updating).toBe(true);
  });

  it('infers phases from counters and declared pipelines on pre-2026 Kratix', () => {
    const promise = loadFixture<KratixPromise>('promise-jenkins.yaml');
    const r = request('request-postgresql-failing.yaml');
    delete (r.status as any).kratix;
    r.status!.conditions = [];
    const declared = [
      ...promise.spec.workflows!.resource!.configure!,
      {
        ...promise.spec.workflows!.resource!.configure![0],
        metadata: { name: 'backup-configure' },
      },
    ];
    const summary = readRequestStatus(r, declared);
    expect(summary.phase).toBe('Failing');
    expect(summary.workflow.source).toBe('counters');
    expect(summary.message).toBe(
      'A Configure Pipeline has failed: backup-configure',
    );
  });

  it('reads WorksSucceeded=False without Reconciled as Failing', () => {
    const r = request('request-postgresql-legacy.yaml');
    r.status!.conditions = [
      {
        type: 'ConfigureWorkflowCompleted',
        status: 'True',
        reason: 'PipelinesExecutedSuccessfully',
      },
      {
        type: 'WorksSucceeded',
        status: 'False',
        reason: 'WorksMisplaced',
        message: 'Works misplaced',
      },
    ];
    expect(readRequestStatus(r)).toEqual(
      expect.objectContaining({ phase: 'Failing', reason: 'WorksMisplaced' }),
    );
  });

  it('reads in-progress conditions without Reconciled as Pending', () => {
    const r = request('request-postgresql-legacy.yaml');
    r.status!.conditions = [
      {
        type: 'ConfigureWorkflowCompleted',
        status: 'False',
        reason: 'PipelinesInProgress',
        message: 'Pipelines are still in progress',
      },
    ];
    expect(readRequestStatus(r)).toEqual(
      expect.objectContaining({
        phase: 'Pending',
        reason: 'PipelinesInProgress',
      }),
    );
  });

  it('reads a message-only status (earliest Kratix)', () => {
    const r = request('request-postgresql-legacy.yaml');
    r.status = { message: 'Pending' };
    expect(readRequestStatus(r).phase).toBe('Pending');
    r.status = { message: 'Resource requested' };
    expect(readRequestStatus(r).phase).toBe('Ready');
  });
});
