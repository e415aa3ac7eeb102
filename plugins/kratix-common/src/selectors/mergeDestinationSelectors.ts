import { MatchLabels } from '../model';
import { LabelSelectorEntry } from './types';

/**
 * Merges selectors with AND into one label map, the earlier entry winning a key clash as in Kratix.
 * @public
 */
export function mergeDestinationSelectors(
  selectors: readonly LabelSelectorEntry[],
): MatchLabels {
  const merged: MatchLabels = {};
  // A Set rather than `key in merged`, which would also see inherited keys such as `constructor`.
  const seen = new Set<string>();
  for (const selector of selectors) {
    for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
      if (seen.has(key)) continue;
      seen.add(key);
      merged[key] = value;
    }
  }
  return merged;
}
