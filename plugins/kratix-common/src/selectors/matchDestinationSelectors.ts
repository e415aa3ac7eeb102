import { MatchLabels } from '../model';
import { mergeDestinationSelectors } from './mergeDestinationSelectors';
import { LabelSelectorEntry, SchedulableDestination } from './types';

/**
 * Which of Kratix's scheduling rules decided a match.
 * @public
 */
export type SelectorMatchRule =
  | 'being-deleted'
  | 'dry-run-destination'
  | 'no-selectors'
  | 'strict-match-labels'
  | 'unlabelled-destination'
  | 'labels-match'
  | 'labels-differ';

/** One selector label the Destination does not carry with the wanted value. @public */
export interface LabelMismatch {
  key: string;
  wanted: string;
  /** The Destination's value, or undefined when it lacks the label. */
  actual?: string;
}

/** The structured outcome of matching selectors against one Destination. @public */
export interface SelectorMatchResult {
  matches: boolean;
  rule: SelectorMatchRule;
  /** The merged selector labels the Destination was judged against. */
  wanted: MatchLabels;
  mismatches: LabelMismatch[];
}

/** Label of a Destination that receives only dry-run Works. @public */
export const DRY_RUN_LABEL = 'kratix.io/dry-run';

/**
 * Whether Kratix made an object for a dry run: the ephemeral request a DryRun creates
 * (internal/controller/dryrun_controller.go), its Works and WorkPlacements, and a Destination
 * that takes only dry-run Works all carry `kratix.io/dry-run: "true"`. Such requests are no
 * one's requests, and such Destinations make nothing available.
 * @public
 */
export function isDryRun(object: {
  metadata?: { labels?: Record<string, string> };
}): boolean {
  return object.metadata?.labels?.[DRY_RUN_LABEL] === 'true';
}

/**
 * Applies Kratix's scheduling rules to one Destination and says which rule decided.
 * @public
 */
export function evaluateDestinationSelectors(
  selectors: readonly LabelSelectorEntry[],
  destination: SchedulableDestination,
): SelectorMatchResult {
  const wanted = mergeDestinationSelectors(selectors);
  const labels = destination.metadata.labels ?? {};
  const hasLabels = Object.keys(labels).length > 0;
  const result = (
    matches: boolean,
    rule: SelectorMatchRule,
    mismatches: LabelMismatch[] = [],
  ) => ({
    matches,
    rule,
    wanted,
    mismatches,
  });

  // Kratix's scheduler skips Destinations that are being deleted before any label check.
  if (destination.metadata.deletionTimestamp)
    return result(false, 'being-deleted');
  // Kratix routes only dry-run Works to a Destination labelled `kratix.io/dry-run: "true"`.
  if (labels[DRY_RUN_LABEL] === 'true')
    return result(false, 'dry-run-destination');

  if (Object.keys(wanted).length === 0) {
    // The legacy Cluster kind predates strictMatchLabels, so it never opts out.
    const strict =
      destination.kind === 'Destination' &&
      destination.spec?.strictMatchLabels === true;
    return strict && hasLabels
      ? result(false, 'strict-match-labels')
      : result(true, 'no-selectors');
  }

  // Own keys only: `in` would also see inherited keys such as `constructor`, a valid label key.
  const carries = (key: string) =>
    Object.prototype.hasOwnProperty.call(labels, key);
  const mismatches: LabelMismatch[] = [];
  for (const [key, value] of Object.entries(wanted)) {
    if (!carries(key)) mismatches.push({ key, wanted: value });
    else if (labels[key] !== value)
      mismatches.push({ key, wanted: value, actual: labels[key] });
  }
  if (mismatches.length === 0) return result(true, 'labels-match');
  return result(
    false,
    hasLabels ? 'labels-differ' : 'unlabelled-destination',
    mismatches,
  );
}

/**
 * Whether a Destination may receive work with the given selectors under Kratix's rules.
 * @public
 */
export function matchDestinationSelectors(
  selectors: readonly LabelSelectorEntry[],
  destination: SchedulableDestination,
): boolean {
  return evaluateDestinationSelectors(selectors, destination).matches;
}
