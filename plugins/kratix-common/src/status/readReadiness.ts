import {
  Condition,
  Destination,
  LegacyCluster,
  StateStore,
  Work,
  WorkPlacement,
  KRATIX_LABELS,
} from '../model';
import { findCondition } from './conditions';

/** Ready / not ready with Kratix's reason and message, since readiness can be wrong. @public */
export interface Readiness {
  ready: boolean | 'Unknown';
  /** A short word a UI can show: Ready, NotReady, Pending, Misplaced, Failing, Unknown. */
  state: string;
  reason?: string;
  message?: string;
}

function fromReadyCondition(conditions: Condition[] | undefined): Readiness {
  const ready = findCondition(conditions, 'Ready');
  if (!ready) return { ready: 'Unknown', state: 'Unknown' };
  if (ready.status === 'True')
    return {
      ready: true,
      state: 'Ready',
      reason: ready.reason,
      message: ready.message,
    };
  if (ready.status === 'False')
    return {
      ready: false,
      state: 'NotReady',
      reason: ready.reason,
      message: ready.message,
    };
  return {
    ready: 'Unknown',
    state: 'Unknown',
    reason: ready.reason,
    message: ready.message,
  };
}

/** Reads a Destination's `Ready` condition; legacy Clusters have no status at all. @public */
export function readDestinationReadiness(
  destination: Destination | LegacyCluster,
): Readiness {
  if (destination.kind === 'Cluster') {
    return {
      ready: 'Unknown',
      state: 'Unknown',
      message: 'Legacy Cluster objects report no status',
    };
  }
  return fromReadyCondition(destination.status?.conditions);
}

/** Reads a state store's `status.status` and `Ready` condition. @public */
export function readStateStoreReadiness(store: StateStore): Readiness {
  const fromCondition = fromReadyCondition(store.status?.conditions);
  const word = store.status?.status;
  if (word === 'Ready' || word === 'NotReady') {
    return { ...fromCondition, ready: word === 'Ready', state: word };
  }
  return fromCondition;
}

/**
 * Reads a Work or WorkPlacement: the `Ready` condition's message is the state Kratix
 * prints (Ready, Pending, Misplaced, Failing). Ready only means "written to the state
 * store", never "applied on the cluster".
 * @public
 */
export function readWorkReadiness(obj: Work | WorkPlacement): Readiness {
  const ready = findCondition(obj.status?.conditions, 'Ready');
  const misplaced = obj.metadata.labels?.[KRATIX_LABELS.misplaced] === 'true';
  if (!ready)
    return { ready: 'Unknown', state: misplaced ? 'Misplaced' : 'Pending' };
  let word = misplaced ? 'Misplaced' : 'Pending';
  if (ready.status === 'True') word = 'Ready';
  // Kratix writes the state word itself as the Ready condition's message.
  if (
    ready.message &&
    ['Ready', 'Pending', 'Misplaced', 'Failing'].includes(ready.message)
  )
    word = ready.message;
  return {
    ready: ready.status === 'True',
    state: word,
    reason: ready.reason,
    message: ready.message,
  };
}
