import { MatchLabels, SelectorSource } from '../model';
import {
  cleanDirectory,
  DEFAULT_WORKLOAD_GROUP_DIRECTORY,
} from './cleanDirectory';
import { mergeDestinationSelectors } from './mergeDestinationSelectors';
import { readPromiseSelectors } from './readPromiseSelectors';
import {
  DestinationSelectorsFileEntry,
  PromiseWithSelectors,
  SourcedSelector,
} from './types';

/** The selectors Kratix applies to one output directory (`.` is the default group). @public */
export interface DirectoryGroupSelectors {
  directory: string;
  /** Highest precedence first, so merging them (earlier wins) gives Kratix's result. */
  selectors: SourcedSelector[];
  /** The merged labels a Destination must carry; empty means "no selectors". */
  matchLabels: MatchLabels;
}

const tag = (
  matchLabels: MatchLabels | undefined,
  source: SelectorSource,
): SourcedSelector => ({
  matchLabels: { ...(matchLabels ?? {}) },
  source,
});

/**
 * Computes the effective selectors of each output directory by Kratix's precedence: the
 * default group `.` takes the Promise's selectors, then the promise-workflow file's entries
 * without a directory, then the resource-workflow file's; a directory entry uses only its
 * own labels and ignores the Promise's.
 * @public
 */
export function effectiveSelectorsByDirectory(
  promise: PromiseWithSelectors | undefined,
  promiseWorkflowSelectors: readonly DestinationSelectorsFileEntry[] = [],
  resourceWorkflowSelectors: readonly DestinationSelectorsFileEntry[] = [],
): DirectoryGroupSelectors[] {
  const byDirectory = new Map<string, SourcedSelector[]>([
    [
      DEFAULT_WORKLOAD_GROUP_DIRECTORY,
      readPromiseSelectors(promise).map(s => tag(s.matchLabels, 'promise')),
    ],
  ]);
  // Listing the promise-workflow file first gives it precedence over the resource-workflow
  // file. In Kratix a directory entry of the promise-workflow file only schedules the
  // Promise's own Work; one named in both files is merged here, promise-workflow winning.
  const files: Array<
    [readonly DestinationSelectorsFileEntry[], SelectorSource]
  > = [
    [promiseWorkflowSelectors, 'promise-workflow'],
    [resourceWorkflowSelectors, 'resource-workflow'],
  ];
  for (const [entries, source] of files) {
    for (const entry of entries) {
      const directory = cleanDirectory(entry.directory);
      const group = byDirectory.get(directory) ?? [];
      group.push(tag(entry.matchLabels, source));
      byDirectory.set(directory, group);
    }
  }
  return [...byDirectory].map(([directory, selectors]) => ({
    directory,
    selectors,
    matchLabels: mergeDestinationSelectors(selectors),
  }));
}
