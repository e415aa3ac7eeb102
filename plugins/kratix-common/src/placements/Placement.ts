import { StateStoreRef } from '../model';

/**
 * Documents Kratix wrote for one Promise or request onto one Destination: the answer to
 * "where did it land" and "what is on this cluster".
 * @public
 */
export interface Placement {
  destination: string;
  /** `dependency`: a Promise's worker resources; `resource`: a request's workloads. */
  type: 'dependency' | 'resource';
  promise: string;
  namespace?: string;
  resource?: string;
  pipeline?: string;
  /** Folder (or aggregated file) in the state store that holds the documents. */
  location: string;
  /** Paths of the documents, relative to the state store's root. */
  files: string[];
  /** Ready (written), Pending, Misplaced or Failing, as the WorkPlacement says; Written from the store. */
  state: 'Ready' | 'Pending' | 'Misplaced' | 'Failing' | 'Written';
  /** Where the suite learned it: a WorkPlacement on the cluster, or the state store's files. */
  source: 'workplacement' | 'state-store';
  /** Commit of the last write, when the store is git. */
  commit?: string;
  /**
   * Committer time of `commit`, set (gitops) when the commit is in the history of a
   * GitStateStore outside the platform repository, which the platform's own history does
   * not hold.
   */
  committedAt?: string;
  /**
   * Set (gitops) on placements read from a state store outside the platform repository (a
   * GitStateStore with a repository of its own, or a BucketStateStore): the store whose
   * files and `commit` these are. Their files are read through that store, never looked up
   * in the platform repository or its history. Unset for stores in the platform repository.
   */
  externalStore?: StateStoreRef;
  workPlacement?: { name: string; namespace?: string };
}

/** Filters placements by what they belong to. @public */
export interface PlacementQuery {
  destination?: string;
  promise?: string;
  namespace?: string;
  resource?: string;
  type?: Placement['type'];
}

/** Whether a placement matches every given field of a query. @public */
export function matchesPlacementQuery(
  p: Placement,
  q: PlacementQuery = {},
): boolean {
  return (
    (!q.destination || p.destination === q.destination) &&
    (!q.promise || p.promise === q.promise) &&
    (!q.namespace || p.namespace === q.namespace) &&
    (!q.resource || p.resource === q.resource) &&
    (!q.type || p.type === q.type)
  );
}
