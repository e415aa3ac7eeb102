import { Condition, KRATIX_LABELS, Pipeline, ResourceRequest } from '../model';
import { findCondition } from './conditions';
import { CatchUpState, readCatchUp } from './generation';
import { readPipelinePhases, WorkflowProgress } from './readPipelinePhases';
import { readRequestHealth, RequestHealth } from './readHealth';
import {
  PipelineWrittenStatus,
  readPipelineWrittenStatus,
} from './readPipelineWrittenStatus';

/** The phase of a resource request, as a person would name it. @public */
export type RequestPhase =
  | 'Ready'
  | 'Pending'
  | 'Failing'
  | 'Paused'
  | 'Suspended'
  | 'Deleting';

/** Everything the suite shows about a request's state, read from either status layout. @public */
export interface RequestStatusSummary {
  phase: RequestPhase;
  /** Kratix's reason for the phase (a condition reason), when it gave one. */
  reason?: string;
  /** Human-readable explanation, e.g. "A Configure Pipeline has failed: backup-configure". */
  message?: string;
  /** `status.message`, which pipelines may override. */
  statusMessage?: string;
  conditions: Condition[];
  workflow: WorkflowProgress;
  catchUp: CatchUpState;
  health: RequestHealth;
  pipelineWritten: PipelineWrittenStatus;
  promiseVersion?: string;
  resourceBindingVersion?: string;
  lastSuccessfulConfigureTime?: string;
  /** Set while deleting when the delete pipeline failed or suspended. */
  deleteProblem?: { reason?: string; message?: string };
}

function phaseFromReconciled(reconciled: Condition): RequestPhase {
  if (reconciled.status === 'True') return 'Ready';
  if (reconciled.status === 'False') return 'Failing';
  if (reconciled.reason === 'PausedReconciliation') return 'Paused';
  if (reconciled.reason === 'WorkflowSuspended') return 'Suspended';
  return 'Pending';
}

/**
 * Older Kratix wrote no `Reconciled` condition: decide from the workflow conditions
 * (`ConfigureWorkflowCompleted`, or the 2023-24 `PipelineCompleted`), `WorksSucceeded`,
 * the failure counter and finally the message.
 */
function phaseWithoutReconciled(
  request: ResourceRequest,
  workflow: WorkflowProgress,
): { phase: RequestPhase; reason?: string; message?: string } {
  const conditions = request.status?.conditions;
  const configure =
    findCondition(conditions, 'ConfigureWorkflowCompleted') ??
    findCondition(conditions, 'PipelineCompleted');
  const works = findCondition(conditions, 'WorksSucceeded');
  if (
    configure?.reason === 'ConfigureWorkflowFailed' ||
    (workflow.failed ?? 0) > 0
  ) {
    return {
      phase: 'Failing',
      reason: 'ConfigureWorkflowFailed',
      message: configure?.message,
    };
  }
  if (works?.status === 'False') {
    return { phase: 'Failing', reason: works.reason, message: works.message };
  }
  if (configure?.status === 'True' && works?.status !== 'Unknown') {
    return {
      phase: 'Ready',
      reason: configure.reason,
      message: configure.message,
    };
  }
  if (configure || works) {
    const pending = configure?.status !== 'True' ? configure : works;
    return {
      phase: 'Pending',
      reason: pending?.reason,
      message: pending?.message,
    };
  }
  if (request.status?.message === 'Resource requested') {
    return { phase: 'Ready', message: request.status.message };
  }
  return { phase: 'Pending', message: request.status?.message };
}

/**
 * Reads a request's phase and everything around it, accepting both the older (`status.X`)
 * and newer (`status.kratix.X`) layouts. Labels win over conditions for Paused and
 * Suspended because Kratix sets the label before the condition catches up.
 * @public
 */
export function readRequestStatus(
  request: ResourceRequest,
  declaredPipelines: Pipeline[] = [],
): RequestStatusSummary {
  const status = request.status;
  const conditions = status?.conditions ?? [];
  const labels = request.metadata.labels ?? {};
  const workflow = readPipelinePhases(status, declaredPipelines);
  const reconciled = findCondition(conditions, 'Reconciled');

  let phase: RequestPhase;
  let reason: string | undefined;
  let message: string | undefined;
  if (reconciled) {
    phase = phaseFromReconciled(reconciled);
    reason = reconciled.reason;
    message = reconciled.message;
  } else {
    ({ phase, reason, message } = phaseWithoutReconciled(request, workflow));
  }

  // A Failing phase is more useful with the condition that names the failed pipeline.
  if (phase === 'Failing') {
    const configure = findCondition(conditions, 'ConfigureWorkflowCompleted');
    const works = findCondition(conditions, 'WorksSucceeded');
    const cause = [configure, works].find(c => c?.status === 'False');
    if (cause?.message) message = cause.message;
    else if (workflow.failedPipeline)
      message = `A Configure Pipeline has failed: ${workflow.failedPipeline}`;
  }

  if (
    workflow.suspendedPipeline ||
    labels[KRATIX_LABELS.workflowSuspended] === 'true'
  ) {
    phase = 'Suspended';
    const suspended = workflow.pipelines.find(p => p.phase === 'Suspended');
    reason = reason === 'WorkflowSuspended' ? reason : 'WorkflowSuspended';
    message = suspended?.message ?? message ?? 'Suspended';
  }
  if (labels[KRATIX_LABELS.paused] === 'true') {
    phase = 'Paused';
    reason = 'PausedReconciliation';
    message = 'Paused';
  }

  let deleteProblem: RequestStatusSummary['deleteProblem'];
  if (request.metadata.deletionTimestamp) {
    phase = 'Deleting';
    const del = findCondition(conditions, 'DeleteWorkflowCompleted');
    if (del && del.status !== 'True') {
      deleteProblem = { reason: del.reason, message: del.message };
      reason = del.reason;
      message = del.message;
    } else {
      reason = undefined;
      message = 'Deletion in progress';
    }
  }

  return {
    phase,
    reason,
    message,
    statusMessage: status?.message,
    conditions,
    workflow,
    catchUp: readCatchUp(request),
    health: readRequestHealth(status),
    pipelineWritten: readPipelineWrittenStatus(status),
    promiseVersion: status?.promiseVersion,
    resourceBindingVersion: status?.resourceBindingVersion,
    lastSuccessfulConfigureTime:
      status?.kratix?.workflows?.lastSuccessfulConfigureWorkflowTime ??
      status?.lastSuccessfulConfigureWorkflowTime,
    deleteProblem,
  };
}
