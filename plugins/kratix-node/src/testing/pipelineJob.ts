import { KubernetesObject } from '@kratix-backstage/plugin-kratix-common';

/**
 * A pipeline Job as Kratix creates it for the configure workflow of request
 * team-checkout/ci of the jenkins Promise, finished or failed.
 * @public
 */
export function pipelineJob(
  name: string,
  state: 'done' | 'failed',
  start: string,
): KubernetesObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: 'team-checkout',
      labels: {
        'kratix.io/promise-name': 'jenkins',
        'kratix.io/resource-name': 'ci',
        'kratix.io/pipeline-name': 'instance-configure',
        'kratix.io/workflow-type': 'resource',
        'kratix.io/workflow-action': 'configure',
      },
    },
    status:
      state === 'done'
        ? {
            succeeded: 1,
            startTime: start,
            conditions: [{ type: 'Complete', status: 'True' }],
          }
        : {
            failed: 1,
            startTime: start,
            conditions: [
              {
                type: 'Failed',
                status: 'True',
                message: 'BackoffLimitExceeded',
              },
            ],
          },
  } as KubernetesObject;
}
