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
 * Computes the effective selectors of each output directory of one Work by Kratix's
 * precedence: the default group `.` takes the Promise's selectors, then the promise-workflow
 * file's entries without a directory (Kratix keeps those with the Promise, so they reach
 * every request's Work too), then the resource-workflow file's; a directory entry uses only
 * its own labels and ignores the Promise's. A directory entry schedules only the Work of the
 * workflow that wrote it: a promise-workflow directory never applies to a request's Work,
 * and a resource-workflow file never applies to the Promise's own Work.
 * @public
 */
export function effectiveSelectorsByDirectory(
  promise: PromiseWithSelectors | undefined,
  promiseWorkflowSelectors: readonly DestinationSelectorsFileEntry[] = [],
  resourceWorkflowSelectors: readonly DestinationSelectorsFileEntry[] = [],
  work: 'promise' | 'resource' = 'resource',
): DirectoryGroupSelectors[] {
  const byDirectory = new Map<string, SourcedSelector[]>([
    [
      DEFAULT_WORKLOAD_GROUP_DIRECTORY,
      readPromiseSelectors(promise).map(s => tag(s.matchLabels, 'promise')),
    ],
  ]);
  // Listing the promise-workflow file first gives it precedence over the resource-workflow file.
  const promiseEntries =
    work === 'promise'
      ? promiseWorkflowSelectors
      : promiseWorkflowSelectors.filter(
          e => cleanDirectory(e.directory) === DEFAULT_WORKLOAD_GROUP_DIRECTORY,
        );
  const files: Array<
    [readonly DestinationSelectorsFileEntry[], SelectorSource]
  > = [
    [promiseEntries, 'promise-workflow'],
    [work === 'resource' ? resourceWorkflowSelectors : [], 'resource-workflow'],
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
