import {
  JobLike,
  pipelineRunFromJob,
  sortPipelineRuns,
} from './pipelineRunFromJob';

const job = (
  labels: Record<string, string>,
  status: JobLike['status'],
  name = 'kratix-jenkins-ci-instance-configure-1a2b3',
): JobLike => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: {
    name,
    namespace: 'team-checkout',
    labels,
    creationTimestamp: '2026-10-03T08:00:00Z',
  },
  status,
});

const current = {
  'kratix.io/promise-name': 'jenkins',
  'kratix.io/resource-name': 'ci',
  'kratix.io/pipeline-name': 'instance-configure',
  'kratix.io/workflow-type': 'resource',
  'kratix.io/workflow-action': 'configure',
  'app.kubernetes.io/managed-by': 'Kratix',
};

describe('pipelineRunFromJob', () => {
  it('reads a finished run with current labels', () => {
    expect(
      pipelineRunFromJob(
        job(current, {
          succeeded: 1,
          startTime: 'a',
          completionTime: 'b',
          conditions: [{ type: 'Complete', status: 'True' }],
        }),
      ),
    ).toEqual({
      name: 'kratix-jenkins-ci-instance-configure-1a2b3',
      namespace: 'team-checkout',
      promise: 'jenkins',
      resource: 'ci',
      pipeline: 'instance-configure',
      type: 'resource',
      action: 'configure',
      state: 'Succeeded',
      startTime: 'a',
      completionTime: 'b',
      message: undefined,
    });
  });

  it('reads older work-type/work-action labels and failures', () => {
    const run = pipelineRunFromJob(
      job(
        {
          'kratix.io/promise-name': 'redis',
          'kratix.io/pipeline-name': 'promise-configure',
          'kratix.io/work-type': 'promise',
          'kratix.io/work-action': 'configure',
        },
        {
          failed: 5,
          conditions: [
            {
              type: 'Failed',
              status: 'True',
              reason: 'BackoffLimitExceeded',
              message: 'Job has reached the specified backoff limit',
            },
          ],
        },
      ),
    );
    expect(run).toEqual(
      expect.objectContaining({
        type: 'promise',
        resource: undefined,
        state: 'Failed',
        message: 'Job has reached the specified backoff limit',
      }),
    );
  });

  it('reads running and pending runs, newest first', () => {
    const running = pipelineRunFromJob(
      job(current, { active: 1, startTime: '2026-11-02T00:00:00Z' }, 'b'),
    );
    const pending = pipelineRunFromJob(
      job({ ...current, 'kratix.io/workflow-action': 'delete' }, {}, 'a'),
    );
    expect(running.state).toBe('Running');
    expect(pending).toEqual(
      expect.objectContaining({ state: 'Pending', action: 'delete' }),
    );
    expect(sortPipelineRuns([pending, running]).map(r => r.name)).toEqual([
      'b',
      'a',
    ]);
  });
});
