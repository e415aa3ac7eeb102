import { ObjectMeta } from '../model';

/** Whether the platform has not yet reconciled the latest spec. @public */
export interface CatchUpState {
  /** True while `metadata.generation > status.observedGeneration`. */
  updating: boolean;
  /** True when Kratix has written no status at all yet. */
  neverObserved: boolean;
  generation?: number;
  observedGeneration?: number;
}

/**
 * Reads "the platform has not caught up": the object's spec changed (generation grew)
 * and Kratix has not yet finished reconciling it. An object with no status at all has
 * not been picked up yet, so it is updating; older Kratix wrote status without
 * `observedGeneration`, and there nothing can be compared, so it is not.
 * @public
 */
export function readCatchUp(obj: {
  metadata: Pick<ObjectMeta, 'generation'>;
  status?: { observedGeneration?: number };
}): CatchUpState {
  const generation = obj.metadata.generation;
  const observedGeneration = obj.status?.observedGeneration;
  const neverObserved = !obj.status || Object.keys(obj.status).length === 0;
  let updating = neverObserved;
  if (generation !== undefined && observedGeneration !== undefined) {
    updating = generation > observedGeneration;
  }
  return { updating, neverObserved, generation, observedGeneration };
}
