import { DRY_RUN_KEYS, KratixDryRun } from './dryRunObject';
import { parseDryRunSummary } from './parseDryRunSummary';
import { DryRunComponent, DryRunPreview } from './types';

/** A preview of a DryRun the platform serves. @public */
export type SupportedDryRunPreview = Extract<
  DryRunPreview,
  { supported: true }
>;

const PHASES: DryRunComponent['phase'][] = ['Pending', 'Succeeded', 'Failed'];

/**
 * What a DryRun says so far, from its status and the markdown of its summary Work (none
 * until Kratix writes it). As internal/controller/dryrun_controller.go sets them: no
 * `Completed` condition yet is pending; `Completed` False (PipelineFailed) is failed with its
 * message; `Completed` True is completed, and complete unless `ComponentsSucceeded` (set
 * only for compound requests) is False, whose message then says which components are
 * missing. Kratix writes no summary for a run without output, so a completed run may have
 * no pipelines.
 * @public
 */
export function dryRunPreviewOf(
  dryRun: KratixDryRun,
  summary?: string,
): SupportedDryRunPreview {
  const conditions = dryRun.status?.conditions ?? [];
  const completed = conditions.find(
    c => c.type === DRY_RUN_KEYS.completedCondition,
  );
  const components = conditions.find(
    c => c.type === DRY_RUN_KEYS.componentsSucceededCondition,
  );
  let state: SupportedDryRunPreview['state'] = 'pending';
  if (completed?.status === 'True') state = 'completed';
  else if (completed) state = 'failed';
  const statuses = dryRun.status?.components ?? [];
  const complete =
    state === 'completed' &&
    (components ? components.status === 'True' : statuses.length === 0);

  let message: string | undefined;
  if (state === 'failed') message = completed?.message;
  else if (state === 'completed' && !complete) message = components?.message;

  const parsed = summary
    ? parseDryRunSummary(summary)
    : { pipelines: [], components: [] };
  const sections = new Map(
    parsed.components.map(c => [`${c.promise}/${c.request}`, c]),
  );
  const fromStatus: DryRunComponent[] = statuses.map(s => {
    const key = `${s.promise}/${s.request}`;
    const section = sections.get(key);
    sections.delete(key);
    return {
      promise: s.promise,
      request: s.request,
      ...(s.namespace && { namespace: s.namespace }),
      dryRun: s.dryRun,
      phase: PHASES.includes(s.phase as DryRunComponent['phase'])
        ? (s.phase as DryRunComponent['phase'])
        : 'Pending',
      ...((s.message || section?.note) && {
        message: s.message || section?.note,
      }),
      pipelines: section?.pipelines ?? [],
    };
  });
  // A section the status does not list (it always should): shown with what the summary says.
  const onlyInSummary: DryRunComponent[] = [...sections.values()].map(c => ({
    promise: c.promise,
    request: c.request,
    dryRun: '',
    phase: c.failed || c.note ? 'Failed' : 'Succeeded',
    ...(c.note && { message: c.note }),
    pipelines: c.pipelines,
  }));

  return {
    supported: true,
    name: dryRun.metadata.name,
    namespace: dryRun.metadata.namespace ?? '',
    state,
    ...(message && { message }),
    complete,
    pipelines: parsed.pipelines,
    components: [...fromStatus, ...onlyInSummary],
    ...(summary !== undefined && { summary }),
  };
}
