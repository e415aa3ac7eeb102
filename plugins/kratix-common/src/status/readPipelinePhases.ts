import { KratixWorkflowsStatus, Pipeline, PipelinePhase } from '../model';

/** One pipeline of a workflow with its phase as far as the status tells. @public */
export interface PipelineProgress {
  name: string;
  /** `Unknown` when the status (older Kratix) carries no per-pipeline phase. */
  phase: PipelinePhase | 'Unknown';
  message?: string;
  nextRetryAt?: string;
  attempts?: number;
  lastTransitionTime?: string;
}

/** Status fields the pipeline reader looks at, shared by Promises and requests. @public */
export interface WorkflowStatusFields {
  workflows?: number;
  workflowsSucceeded?: number;
  workflowsFailed?: number;
  kratix?: { workflows?: KratixWorkflowsStatus };
}

/** Summary of a configure workflow run. @public */
export interface WorkflowProgress {
  pipelines: PipelineProgress[];
  total?: number;
  succeeded?: number;
  failed?: number;
  /** Name of the first failed pipeline, when known. */
  failedPipeline?: string;
  /** Name of the suspended pipeline, when known. */
  suspendedPipeline?: string;
  /** Whether phases came from `status.kratix.workflows.pipelines` (exact) or counters. */
  source: 'pipelines' | 'counters' | 'none';
}

/**
 * Reads per-pipeline phases: exact from `status.kratix.workflows.pipelines` (2026+),
 * otherwise inferred from the `workflows/workflowsSucceeded/workflowsFailed` counters and
 * the pipeline names declared on the Promise (pipelines run in order, and a failure stops
 * the rest, so the first `succeeded` are Succeeded and the next one Failed).
 * @public
 */
export function readPipelinePhases(
  status: WorkflowStatusFields | undefined,
  declared: Pipeline[] = [],
): WorkflowProgress {
  const exact = status?.kratix?.workflows?.pipelines;
  const total = status?.workflows;
  const succeeded = status?.workflowsSucceeded;
  const failed = status?.workflowsFailed;
  if (exact && exact.length > 0) {
    const pipelines = exact.map(
      p => ({ ...p, phase: p.phase ?? 'Unknown' } as PipelineProgress),
    );
    return {
      pipelines,
      total: total ?? pipelines.length,
      succeeded:
        succeeded ?? pipelines.filter(p => p.phase === 'Succeeded').length,
      failed: failed ?? pipelines.filter(p => p.phase === 'Failed').length,
      failedPipeline: pipelines.find(p => p.phase === 'Failed')?.name,
      suspendedPipeline: pipelines.find(p => p.phase === 'Suspended')?.name,
      source: 'pipelines',
    };
  }
  const names = declared.map(p => p.metadata.name);
  if (total === undefined && succeeded === undefined) {
    return {
      pipelines: names.map(name => ({ name, phase: 'Unknown' })),
      source: 'none',
    };
  }
  const ok = succeeded ?? 0;
  const bad = failed ?? 0;
  const pipelines: PipelineProgress[] = names.map((name, index) => {
    if (index < ok) return { name, phase: 'Succeeded' };
    if (index === ok && bad > 0) return { name, phase: 'Failed' };
    return { name, phase: bad > 0 ? 'Unknown' : 'Pending' };
  });
  return {
    pipelines,
    total: total ?? names.length,
    succeeded: ok,
    failed: bad,
    failedPipeline: bad > 0 ? names[ok] : undefined,
    source: 'counters',
  };
}
