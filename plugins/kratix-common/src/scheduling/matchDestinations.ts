import { Destination, DestinationSelector, KratixPromise, LegacyCluster, MatchLabels } from '../model';

/** One entry of a pipeline's `/kratix/metadata/destination-selectors.yaml`. @public */
export interface WorkflowDestinationSelector {
  directory?: string;
  matchLabels?: MatchLabels;
}

/**
 * Merges selectors with AND into one label map; on a key clash the earlier entry wins,
 * as in Kratix.
 * @public
 */
export function mergeSelectors(selectors: Array<{ matchLabels?: MatchLabels }>): MatchLabels {
  const merged: MatchLabels = {};
  for (const selector of selectors) {
    for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
      if (!(key in merged)) merged[key] = value;
    }
  }
  return merged;
}

/** A Promise's own selectors, including the pre-August-2023 `clusterSelector` map. @public */
export function promiseSelectors(promise: KratixPromise): DestinationSelector[] {
  const legacy = (promise.spec as { clusterSelector?: MatchLabels } | undefined)?.clusterSelector;
  return [...(promise.spec?.destinationSelectors ?? []), ...(legacy ? [{ matchLabels: legacy }] : [])];
}

/** Why a Destination does or does not qualify for a set of selectors. @public */
export interface DestinationMatch {
  destination: string;
  matches: boolean;
  /** Human-readable reasons, one per unmet label, or why it matches. */
  reasons: string[];
}

/**
 * Decides whether a Destination may receive work with the given selectors, by Kratix's
 * rules: every selector label must equal the Destination's; with no selectors every
 * Destination qualifies except a labelled one with `strictMatchLabels: true`.
 * @public
 */
export function explainDestinationMatch(
  selectors: Array<{ matchLabels?: MatchLabels }>,
  destination: Destination | LegacyCluster,
): DestinationMatch {
  const wanted = mergeSelectors(selectors);
  const labels = destination.metadata.labels ?? {};
  const strict = destination.kind === 'Destination' && !!destination.spec?.strictMatchLabels;
  const name = destination.metadata.name;
  if (Object.keys(wanted).length === 0) {
    if (strict && Object.keys(labels).length > 0) {
      return {
        destination: name,
        matches: false,
        reasons: ['strictMatchLabels: the destination has labels and the work has no selector matching them'],
      };
    }
    return { destination: name, matches: true, reasons: ['no selectors: every destination qualifies'] };
  }
  const reasons: string[] = [];
  for (const [key, value] of Object.entries(wanted)) {
    if (!(key in labels)) reasons.push(`label ${key} is missing, selector wants ${value}`);
    else if (labels[key] !== value) reasons.push(`label ${key} is ${labels[key]}, selector wants ${value}`);
  }
  if (reasons.length > 0) return { destination: name, matches: false, reasons };
  return {
    destination: name,
    matches: true,
    reasons: [`labels match ${Object.entries(wanted).map(([k, v]) => `${k}=${v}`).join(', ')}`],
  };
}

/** Whether a Destination may receive work with the given selectors. @public */
export function destinationMatches(
  selectors: Array<{ matchLabels?: MatchLabels }>,
  destination: Destination | LegacyCluster,
): boolean {
  return explainDestinationMatch(selectors, destination).matches;
}

/** The Destinations that may receive work with the given selectors. @public */
export function matchingDestinations<T extends Destination | LegacyCluster>(
  selectors: Array<{ matchLabels?: MatchLabels }>,
  destinations: T[],
): T[] {
  return destinations.filter(d => destinationMatches(selectors, d));
}
