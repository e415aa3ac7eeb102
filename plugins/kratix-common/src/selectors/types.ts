import {
  Destination,
  DestinationSelector,
  LegacyCluster,
  MatchLabels,
  SelectorSource,
} from '../model';

/** Anything carrying an optional `matchLabels` map: Promise selectors, file entries, Work group selectors. @public */
export interface LabelSelectorEntry {
  matchLabels?: MatchLabels;
}

/** One entry of a pipeline's `/kratix/metadata/destination-selectors.yaml`. @public */
export interface DestinationSelectorsFileEntry {
  directory?: string;
  matchLabels?: MatchLabels;
}

/** A scheduling target: a current Destination or the pre-August-2023 Cluster kind. @public */
export type SchedulableDestination = Destination | LegacyCluster;

/**
 * The parts of a Promise that carry scheduling selectors, including the legacy
 * `clusterSelector` map (≤ mid-2023) and `scheduling[].target` list (July 2023).
 * @public
 */
export interface PromiseWithSelectors {
  spec?: {
    destinationSelectors?: DestinationSelector[];
    scheduling?: Array<{ target?: { matchLabels?: MatchLabels } }>;
    clusterSelector?: MatchLabels;
  };
}

/** A selector tagged with where it came from, as Kratix records it on a Work group. @public */
export interface SourcedSelector {
  matchLabels: MatchLabels;
  source: SelectorSource;
}
