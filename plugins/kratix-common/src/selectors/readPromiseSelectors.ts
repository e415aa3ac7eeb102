import { LabelSelectorEntry, PromiseWithSelectors } from './types';

/**
 * A Promise's own selectors in order, reading `destinationSelectors` and the legacy
 * `scheduling[].target` list and `clusterSelector` map.
 * @public
 */
export function readPromiseSelectors(
  promise: PromiseWithSelectors | undefined,
): LabelSelectorEntry[] {
  const spec = promise?.spec ?? {};
  const current = spec.destinationSelectors ?? [];
  const july2023 = (spec.scheduling ?? []).map(entry => ({
    matchLabels: entry.target?.matchLabels,
  }));
  // The pre-August-2023 map is a single selector in its own right.
  const legacyMap = spec.clusterSelector
    ? [{ matchLabels: spec.clusterSelector }]
    : [];
  return [...current, ...july2023, ...legacyMap];
}
