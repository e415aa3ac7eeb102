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
 * precedence: the default group `.` takes the Promise's `destinationSelectors`, then the
 * destination-selectors file of the workflow that made the Work; a directory entry uses only
 * its own labels and ignores the Promise's. A workflow's file schedules only its own Work:
 * the Promise workflow's file never reaches a request's Work, as the selectors Kratix hands
 * a resource pipeline are the Promise's alone (api/v1alpha1/promise_types.go
 * GetWorkloadGroupScheduling, source `promise`; work-creator/lib/work_creator.go), and a
 * resource workflow's file never applies to the Promise's own Work.
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
  const files: Array<
    [readonly DestinationSelectorsFileEntry[], SelectorSource]
  > =
    work === 'promise'
      ? [[promiseWorkflowSelectors, 'promise-workflow']]
      : [[resourceWorkflowSelectors, 'resource-workflow']];
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
