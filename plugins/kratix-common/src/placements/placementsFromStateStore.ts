import { Destination, LegacyCluster, StateStore } from '../model';
import { joinPlacementsToRequests } from './joinPlacementsToRequests';
import { Placement } from './Placement';
import {
  placementsFromAggregatedCommits,
  placementsFromNoneModeRecords,
  StoreHistoryCommit,
} from './placementsFromRecords';
import { placementsFromStoreFiles } from './placementsFromStoreFiles';
import { WorkPlacementCandidates } from './workPlacementOwner';

/** What a state store shows of Kratix's writes, as gitops mode reads it. @public */
export interface StateStoreContents {
  /** Its files, as paths in the repository (or bucket). */
  files: string[];
  /** The text of Kratix's `none`-mode records among them, by path. */
  records: Map<string, string>;
  /** Its history, newest first, where it has one. */
  commits?: StoreHistoryCommit[];
  /** Commits that took a WorkPlacement out of an aggregatedYAML file. */
  removals?: ReadonlySet<string>;
}

/**
 * Every placement a state store's contents show, for each Destination's filepath mode:
 * `nestedByMetadata` folders read from their paths (given to their requests through a
 * pipeline namespace), `none` files from Kratix's records, and aggregatedYAML files from the
 * commits naming each WorkPlacement.
 * @public
 */
export function placementsFromStateStore(
  contents: StateStoreContents,
  stores: StateStore[],
  destinations: Array<Destination | LegacyCluster>,
  candidates: WorkPlacementCandidates,
): Placement[] {
  return [
    ...joinPlacementsToRequests(
      placementsFromStoreFiles(contents.files, stores, destinations),
      candidates,
    ),
    ...placementsFromNoneModeRecords(
      contents.records,
      stores,
      destinations,
      candidates,
    ),
    ...placementsFromAggregatedCommits(
      contents.commits ?? [],
      stores,
      destinations,
      candidates,
      contents.removals,
    ),
  ];
}
