import { Condition, KRATIX_LABELS, KubernetesObject, Pipeline } from '../model';
import {
  findCondition,
  readPipelinePhases,
  WorkflowStatusFields,
} from '../status';
import { FleetProblem, FleetSubject } from './types';

/** Kratix's reasons for a workflow that failed or waits (lib/resourceutil/util.go). */
const CONFIGURE_FAILED = 'ConfigureWorkflowFailed';
const DELETE_FAILED = 'DeleteWorkflowFailed';
const DELETE_SUSPENDED = 'DeleteWorkflowSuspended';
/** Kratix's reason on Reconciled/Available while the paused label is set (promise_controller.go, util.go). */
const PAUSED_REASON = 'PausedReconciliation';

/** A Promise or a request, as far as its workflows go. */
type WorkflowObject = KubernetesObject & {
  status?: WorkflowStatusFields & { conditions?: Condition[] };
};

/**
 * The workflow trouble of a Promise or a request: a failed configure or delete pipeline
 * (`ConfigureWorkflowCompleted`/`DeleteWorkflowCompleted` False with Kratix's failed reason,
 * or a pipeline whose phase is Failed), a suspended workflow (`kratix.io/workflow-suspended`,
 * a Suspended pipeline, `DeleteWorkflowSuspended`), and paused reconciliation
 * (`kratix.io/paused: "true"`, which Kratix checks for exactly "true").
 */
export function workflowProblems(
  platform: string,
  subject: FleetSubject,
  object: WorkflowObject,
  declared: Pipeline[],
): FleetProblem[] {
  const labels = object.metadata.labels ?? {};
  const conditions = object.status?.conditions;
  const workflow = readPipelinePhases(object.status, declared);
  const row = (
    kind: FleetProblem['kind'],
    message: string,
    since?: string,
  ): FleetProblem => ({
    platform,
    kind,
    subject,
    message,
    ...(since && { since }),
  });
  const out: FleetProblem[] = [];

  const configure = findCondition(conditions, 'ConfigureWorkflowCompleted');
  const failedPipeline = workflow.pipelines.find(p => p.phase === 'Failed');
  const configureFailed =
    configure?.status === 'False' && configure.reason === CONFIGURE_FAILED;
  if (configureFailed || workflow.failedPipeline) {
    const base =
      (configureFailed && configure?.message) ||
      `A Configure Pipeline has failed: ${workflow.failedPipeline}`;
    out.push(
      row(
        'pipeline-failed',
        failedPipeline?.message ? `${base} (${failedPipeline.message})` : base,
        (configureFailed && configure?.lastTransitionTime) ||
          failedPipeline?.lastTransitionTime,
      ),
    );
  }
  const deletion = findCondition(conditions, 'DeleteWorkflowCompleted');
  if (deletion?.status === 'False' && deletion.reason === DELETE_FAILED)
    out.push(
      row(
        'pipeline-failed',
        deletion.message || 'The Delete Pipeline has failed',
        deletion.lastTransitionTime,
      ),
    );

  const suspendedPipeline = workflow.pipelines.find(
    p => p.phase === 'Suspended',
  );
  if (suspendedPipeline || labels[KRATIX_LABELS.workflowSuspended] === 'true') {
    // The pipeline's own words (the reason it wrote when it suspended), where Kratix kept them.
    const words = suspendedPipeline?.message;
    const name = suspendedPipeline?.name ?? workflow.suspendedPipeline;
    out.push(
      row(
        'pipeline-suspended',
        [name ? `Pipeline ${name} suspended` : 'Workflow suspended', words]
          .filter(Boolean)
          .join(': '),
        suspendedPipeline?.lastTransitionTime,
      ),
    );
  } else if (
    deletion?.status === 'False' &&
    deletion.reason === DELETE_SUSPENDED
  ) {
    out.push(
      row(
        'pipeline-suspended',
        deletion.message || 'The delete workflow is suspended',
        deletion.lastTransitionTime,
      ),
    );
  }

  if (labels[KRATIX_LABELS.paused] === 'true') {
    const held = [
      findCondition(conditions, 'Reconciled'),
      findCondition(conditions, 'Available'),
    ].find(c => c?.reason === PAUSED_REASON);
    out.push(
      row(
        'paused',
        `Reconciliation paused (${KRATIX_LABELS.paused}: "true")`,
        held?.lastTransitionTime,
      ),
    );
  }
  return out;
}
