import {
  evaluateDestinationSelectors,
  LabelMismatch,
  SelectorMatchResult,
} from './matchDestinationSelectors';
import { LabelSelectorEntry, SchedulableDestination } from './types';

/** Whether one Destination qualifies for a work group, with reasons a UI can show. @public */
export interface DestinationMatchExplanation {
  destination: string;
  matches: boolean;
  rule: SelectorMatchResult['rule'];
  /** Human-readable sentences: one per unmet label, or one saying why it qualifies or not. */
  reasons: string[];
}

const formatLabels = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');

const describeMismatch = ({ key, wanted, actual }: LabelMismatch) =>
  actual === undefined
    ? `label ${key} is missing, selector wants ${wanted}`
    : `label ${key} is ${actual}, selector wants ${wanted}`;

function describe(result: SelectorMatchResult): string[] {
  switch (result.rule) {
    case 'being-deleted':
      return [
        'destination is being deleted, so Kratix schedules nothing new to it',
      ];
    case 'no-selectors':
      return [
        'no selectors: every destination qualifies except labelled ones with strictMatchLabels',
      ];
    case 'strict-match-labels':
      return [
        'strictMatchLabels: destination has labels and no selector matches them',
      ];
    case 'dry-run-destination':
      return [
        'destination is labelled kratix.io/dry-run: "true", so Kratix sends it only dry-run work',
      ];
    case 'unlabelled-destination':
      return [
        `destination has no labels, so it only receives work without selectors (selector wants ${formatLabels(
          result.wanted,
        )})`,
      ];
    case 'labels-match':
      return [`labels match ${formatLabels(result.wanted)}`];
    case 'labels-differ':
    default:
      return result.mismatches.map(describeMismatch);
  }
}

/**
 * Explains why a Destination does or does not qualify for work with the given selectors.
 * @public
 */
export function explainMatch(
  selectors: readonly LabelSelectorEntry[],
  destination: SchedulableDestination,
): DestinationMatchExplanation {
  const result = evaluateDestinationSelectors(selectors, destination);
  return {
    destination: destination.metadata.name,
    matches: result.matches,
    rule: result.rule,
    reasons: describe(result),
  };
}
