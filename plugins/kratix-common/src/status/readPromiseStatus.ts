import { Condition, KRATIX_LABELS, KratixPromise } from '../model';
import { findCondition } from './conditions';
import { CatchUpState, readCatchUp } from './generation';
import { readPipelinePhases, WorkflowProgress } from './readPipelinePhases';

/** Whether a Promise can serve requests, plus the held states a UI must distinguish. @public */
export type PromiseAvailability =
  | 'Available'
  | 'Unavailable'
  | 'Paused'
  | 'Suspended'
  | 'Unknown';

/** One required Promise and whether the requirement is met. @public */
export interface RequirementState {
  name: string;
  version?: string;
  /** Kratix's words, e.g. "Requirement not installed at the specified version". */
  state: string;
  installed: boolean;
}

/** Everything the suite shows about a Promise's state, read from either layout. @public */
export interface PromiseStatusSummary {
  availability: PromiseAvailability;
  reason?: string;
  message?: string;
  /** `status.message` set by the configure workflow ("Pending", "Promise configured"). */
  statusMessage?: string;
  version?: string;
  kind?: string;
  apiVersion?: string;
  lastAvailableTime?: string;
  conditions: Condition[];
  requirements: RequirementState[];
  requiredBy: Array<{
    name: string;
    version?: string;
    requiredVersion?: string;
  }>;
  workflow: WorkflowProgress;
  catchUp: CatchUpState;
}

const INSTALLED = 'Requirement installed';

/**
 * Reads a Promise's status from `status.kratix.X ?? status.X`, with the `Available`
 * condition deciding when the string status is absent, and the pause/suspend labels
 * taking precedence because Kratix sets them before the conditions follow.
 * @public
 */
export function readPromiseStatus(
  promise: KratixPromise,
): PromiseStatusSummary {
  const status = promise.status;
  const kratix = status?.kratix;
  const conditions = status?.conditions ?? [];
  const labels = promise.metadata.labels ?? {};
  const available = findCondition(conditions, 'Available');
  const workflow = readPipelinePhases(
    status,
    promise.spec?.workflows?.promise?.configure ?? [],
  );

  const raw = kratix?.status ?? status?.status;
  let availability: PromiseAvailability = 'Unknown';
  if (raw === 'Available' || raw === 'Unavailable') availability = raw;
  else if (available?.status === 'True') availability = 'Available';
  else if (available?.status === 'False') availability = 'Unavailable';

  let reason = available?.reason;
  let message = available?.message;
  if (availability === 'Unavailable') {
    // Prefer the condition that says why: a failed pipeline or a missing requirement.
    const cause = [
      'ConfigureWorkflowCompleted',
      'RequirementsFulfilled',
      'WorksSucceeded',
    ]
      .map(t => findCondition(conditions, t))
      .find(c => c?.status === 'False');
    if (cause) {
      reason = cause.reason;
      message = cause.message;
    }
  }
  if (
    labels[KRATIX_LABELS.workflowSuspended] === 'true' ||
    available?.reason === 'WorkflowSuspended' ||
    workflow.suspendedPipeline
  ) {
    availability = 'Suspended';
    reason = 'WorkflowSuspended';
    message =
      workflow.pipelines.find(p => p.phase === 'Suspended')?.message ??
      'Suspended';
  }
  if (
    labels[KRATIX_LABELS.paused] === 'true' ||
    available?.reason === 'PausedReconciliation'
  ) {
    availability = 'Paused';
    reason = 'PausedReconciliation';
    message = 'Paused';
  }

  const declared = promise.spec?.requiredPromises ?? [];
  const reported = status?.requiredPromises ?? [];
  const requirements: RequirementState[] = declared.map(req => {
    const seen = reported.find(r => r.name === req.name);
    const state = seen?.state ?? 'Requirement state unknown';
    return {
      name: req.name,
      version: req.version ?? seen?.version,
      state,
      installed: state === INSTALLED,
    };
  });
  for (const r of reported) {
    if (!requirements.some(x => x.name === r.name)) {
      const state = r.state ?? 'Requirement state unknown';
      requirements.push({
        name: r.name,
        version: r.version,
        state,
        installed: state === INSTALLED,
      });
    }
  }

  return {
    availability,
    reason,
    message,
    statusMessage: status?.message,
    version:
      kratix?.version ??
      status?.version ??
      labels[KRATIX_LABELS.promiseVersion],
    kind: kratix?.kind ?? status?.kind,
    apiVersion: kratix?.apiVersion ?? status?.apiVersion,
    lastAvailableTime: kratix?.lastAvailableTime ?? status?.lastAvailableTime,
    conditions,
    requirements,
    requiredBy: (status?.requiredBy ?? []).map(r => ({
      name: r.promise.name,
      version: r.promise.version,
      requiredVersion: r.requiredVersion,
    })),
    workflow,
    catchUp: readCatchUp(promise),
  };
}
