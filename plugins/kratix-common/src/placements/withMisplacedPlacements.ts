import { Destination, KratixPromise, LegacyCluster } from '../model';
import {
  isDryRun,
  matchDestinationSelectors,
  readPromiseSelectors,
} from '../selectors';
import { Placement } from './Placement';

/** The folder of the default workload group (`.`), the first five of md5("."). */
const DEFAULT_GROUP = /\/5058f$/;
const DEFAULT_GROUP_NAME = /-5058f$/;

/**
 * Marks placements read from a state store as Misplaced where their Destination no longer
 * matches their Promise's `destinationSelectors`: Kratix keeps such a WorkPlacement, updates
 * it in place and labels it misplaced rather than moving it (internal/controller/scheduler.go
 * reconcileWorkloadGroup, updateWorkPlacement). Only the default workload group is judged
 * (a directory's own selectors ignore the Promise's); selectors a pipeline added in its
 * destination-selectors.yaml cannot be read from the store, so a placement that breaks only
 * those is not marked.
 * @public
 */
export function withMisplacedPlacements(
  placements: Placement[],
  promises: KratixPromise[],
  destinations: Array<Destination | LegacyCluster>,
): Placement[] {
  const promiseByName = new Map(promises.map(p => [p.metadata.name, p]));
  const destinationByName = new Map(
    destinations.map(d => [d.metadata.name, d]),
  );
  return placements.map(placement => {
    const promise = promiseByName.get(placement.promise);
    const destination = destinationByName.get(placement.destination);
    if (
      placement.source !== 'state-store' ||
      !promise ||
      !destination ||
      isDryRun(destination) ||
      // A nested folder names its group, as a WorkPlacement's name ends with it (scheduler.go).
      !(placement.workPlacement
        ? DEFAULT_GROUP_NAME.test(placement.workPlacement.name)
        : DEFAULT_GROUP.test(placement.location))
    )
      return placement;
    return matchDestinationSelectors(readPromiseSelectors(promise), destination)
      ? placement
      : { ...placement, state: 'Misplaced' };
  });
}
