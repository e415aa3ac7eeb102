import { matchDestinationSelectors } from './matchDestinationSelectors';
import { LabelSelectorEntry, SchedulableDestination } from './types';

/**
 * The Destinations that may receive a work group with the given selectors, in input order.
 * @public
 */
export function matchingDestinations<T extends SchedulableDestination>(
  selectors: readonly LabelSelectorEntry[],
  destinations: readonly T[],
): T[] {
  return destinations.filter(destination =>
    matchDestinationSelectors(selectors, destination),
  );
}
