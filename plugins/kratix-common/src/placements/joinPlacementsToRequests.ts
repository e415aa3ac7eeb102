import { Placement } from './Placement';
import { WorkPlacementCandidates, workNamespaceOf } from './workPlacementOwner';

/**
 * Placements read from a state store's paths name the namespace of the WorkPlacement that
 * wrote them (internal/controller/workplacement_controller.go getDir), which is the Promise's
 * `workflows.config.pipelineNamespace` where it sets one. Such placements are given to the
 * requests of that Promise and name that run their Works there, in their own namespace; a
 * placement no request claims keeps the namespace of its path.
 * @public
 */
export function joinPlacementsToRequests(
  placements: Placement[],
  candidates: WorkPlacementCandidates,
): Placement[] {
  const promises = new Map(candidates.promises.map(p => [p.metadata.name, p]));
  return placements.flatMap(placement => {
    const pipelineNamespace = promises.get(placement.promise)?.spec?.workflows
      ?.config?.pipelineNamespace;
    if (
      placement.type !== 'resource' ||
      !pipelineNamespace ||
      placement.namespace !== pipelineNamespace
    )
      return [placement];
    const owners = candidates.requests.filter(
      ({ promise, request }) =>
        promise === placement.promise &&
        request.metadata.name === placement.resource &&
        workNamespaceOf(
          promises.get(promise),
          request.metadata.namespace ?? 'default',
        ) === placement.namespace,
    );
    if (owners.length === 0) return [placement];
    return owners.map(({ request }) => ({
      ...placement,
      namespace: request.metadata.namespace,
    }));
  });
}
