import {
  Destination,
  KRATIX_LABELS,
  LegacyCluster,
  StateStore,
  WorkPlacement,
} from '../model';
import { readWorkReadiness } from '../status';
import { joinStorePath, placementLocation } from '../stateStoreLayout';
import { Placement } from './Placement';

/**
 * Turns a WorkPlacement (kubernetes mode) into a placement with the state-store paths of
 * its files, computed from its Destination's path and filepath mode and its store's path.
 * The group folder comes from the WorkPlacement's group id, so directory-scheduled groups
 * land where Kratix put them.
 *
 * A WorkPlacement does not name its request's namespace: Kratix labels it with its Work,
 * workload group, Destination and pipeline only (internal/controller/scheduler.go,
 * applyWorkplacementsForTargetDestinations), and lays its files out under its own namespace
 * (workplacement_controller.go, getDir). Where a Promise runs its pipelines in
 * `workflows.config.pipelineNamespace`, that is the pipeline namespace, and the request's
 * namespace is on the Work (`kratix.io/resource-namespace`): pass `requestNamespace`, read from
 * the Work, to join the placement to its request.
 * @public
 */
export function placementFromWorkPlacement(
  wp: WorkPlacement,
  destination: Destination | LegacyCluster | undefined,
  store: StateStore | undefined,
  requestNamespace?: string,
): Placement {
  const labels = wp.metadata.labels ?? {};
  const resource = wp.spec.resourceName || undefined;
  const pipeline = labels[KRATIX_LABELS.pipelineName] || undefined;
  const mode =
    destination?.kind === 'Destination' ? destination.spec.filepath : undefined;
  const parts = {
    storePath: store?.spec.path,
    destinationPath: destination?.spec?.path ?? wp.spec.targetDestinationName,
    promise: wp.spec.promiseName ?? labels[KRATIX_LABELS.promiseName] ?? '',
    // The state store is laid out by the WorkPlacement's own namespace.
    namespace: wp.metadata.namespace,
    resource,
    pipeline,
  };
  let location = placementLocation(parts, mode).path;
  const id5 = (wp.spec.id ?? labels[KRATIX_LABELS.workloadGroupId] ?? '').slice(
    0,
    5,
  );
  if ((mode?.mode ?? 'nestedByMetadata') === 'nestedByMetadata' && id5) {
    // The group folder is the first five characters of the group id (md5 of its directory).
    location = location.replace(/[0-9a-f]{5}$/, id5);
  }
  const readiness = readWorkReadiness(wp);
  const flat = location.endsWith('.yaml');
  return {
    destination: wp.spec.targetDestinationName,
    type: resource ? 'resource' : 'dependency',
    promise: parts.promise,
    namespace: resource ? requestNamespace || wp.metadata.namespace : undefined,
    resource,
    pipeline,
    location,
    files: flat
      ? [location]
      : (wp.spec.workloads ?? []).map(w => joinStorePath(location, w.filepath)),
    state: (['Ready', 'Pending', 'Misplaced', 'Failing'].includes(
      readiness.state,
    )
      ? readiness.state
      : 'Pending') as Placement['state'],
    source: 'workplacement',
    commit: wp.status?.versionID || undefined,
    workPlacement: { name: wp.metadata.name, namespace: wp.metadata.namespace },
  };
}
