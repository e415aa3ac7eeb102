import { KRATIX_LABELS, KubernetesObject } from '../model';

/** One run of a Kratix pipeline (a Job on the platform cluster). @public */
export interface PipelineRun {
  name: string;
  namespace: string;
  promise: string;
  /** The request it ran for; absent for Promise workflows. */
  resource?: string;
  /**
   * The request's own namespace where Kratix names it (`kratix.io/resource-namespace`, set
   * when the Promise runs pipelines in `workflows.config.pipelineNamespace`).
   */
  requestNamespace?: string;
  pipeline: string;
  type: 'resource' | 'promise';
  action: 'configure' | 'delete';
  state: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  startTime?: string;
  completionTime?: string;
  /** The Job's failure message when it failed (for example the backoff limit). */
  message?: string;
  /**
   * Gitops mode, where no Job can be seen: the state-store commit that delivered the run's
   * documents (the run is read from the store's git history).
   */
  commit?: string;
}

/** The parts of a batch/v1 Job the suite reads. @public */
export interface JobLike extends KubernetesObject {
  status?: {
    active?: number;
    succeeded?: number;
    failed?: number;
    startTime?: string;
    completionTime?: string;
    conditions?: Array<{
      type: string;
      status: string;
      reason?: string;
      message?: string;
    }>;
  };
}

/**
 * Reads a pipeline Job into a run. Kratix labels Jobs with `kratix.io/workflow-type` and
 * `kratix.io/workflow-action`; older Kratix used `kratix.io/work-type`/`work-action`.
 * @public
 */
export function pipelineRunFromJob(job: JobLike): PipelineRun {
  const labels = job.metadata.labels ?? {};
  const type =
    (labels[KRATIX_LABELS.workflowType] ?? labels[KRATIX_LABELS.workType]) ===
    'promise'
      ? 'promise'
      : 'resource';
  const action =
    (labels[KRATIX_LABELS.workflowAction] ??
      labels[KRATIX_LABELS.workAction]) === 'delete'
      ? 'delete'
      : 'configure';
  const conditions = job.status?.conditions ?? [];
  const failed = conditions.find(
    c => c.type === 'Failed' && c.status === 'True',
  );
  const complete = conditions.find(
    c => c.type === 'Complete' && c.status === 'True',
  );
  let state: PipelineRun['state'] = 'Pending';
  if (failed) state = 'Failed';
  else if (complete || (job.status?.succeeded ?? 0) > 0) state = 'Succeeded';
  else if ((job.status?.active ?? 0) > 0) state = 'Running';
  return {
    name: job.metadata.name,
    namespace: job.metadata.namespace ?? '',
    promise: labels[KRATIX_LABELS.promiseName] ?? '',
    resource:
      type === 'resource' ? labels[KRATIX_LABELS.resourceName] : undefined,
    ...(labels[KRATIX_LABELS.resourceNamespace]
      ? { requestNamespace: labels[KRATIX_LABELS.resourceNamespace] }
      : {}),
    pipeline: labels[KRATIX_LABELS.pipelineName] ?? '',
    type,
    action,
    state,
    startTime: job.status?.startTime ?? job.metadata.creationTimestamp,
    completionTime: job.status?.completionTime,
    message: failed?.message ?? failed?.reason,
  };
}

/** Newest first, by start time. @public */
export function sortPipelineRuns(runs: PipelineRun[]): PipelineRun[] {
  return [...runs].sort((a, b) =>
    (b.startTime ?? '').localeCompare(a.startTime ?? ''),
  );
}
