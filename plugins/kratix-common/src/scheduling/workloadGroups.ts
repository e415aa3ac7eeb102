import { DestinationSelector, MatchLabels } from '../model';
import { WorkflowDestinationSelector } from './matchDestinations';

/** The effective selectors of one output directory (`.` is the default group). @public */
export interface WorkloadGroupSelectors {
  directory: string;
  selectors: Array<{ matchLabels: MatchLabels; source: 'promise' | 'promise-workflow' | 'resource-workflow' }>;
}

/**
 * Computes the selectors of each output directory the way Kratix schedules a Work: the
 * default group `.` takes the Promise's selectors, then the Promise workflow's and the
 * resource workflow's entries without a directory (earlier wins on a clash); a directory
 * entry uses only its own labels and ignores the Promise's.
 * @public
 */
export function workloadGroupSelectors(
  promiseSelectors: DestinationSelector[],
  promiseWorkflow: WorkflowDestinationSelector[] = [],
  resourceWorkflow: WorkflowDestinationSelector[] = [],
): WorkloadGroupSelectors[] {
  const defaults: WorkloadGroupSelectors = {
    directory: '.',
    selectors: [
      ...promiseSelectors.map(s => ({ matchLabels: s.matchLabels ?? {}, source: 'promise' as const })),
      ...promiseWorkflow.filter(s => !s.directory).map(s => ({ matchLabels: s.matchLabels ?? {}, source: 'promise-workflow' as const })),
      ...resourceWorkflow.filter(s => !s.directory).map(s => ({ matchLabels: s.matchLabels ?? {}, source: 'resource-workflow' as const })),
    ],
  };
  const groups: WorkloadGroupSelectors[] = [defaults];
  const sources: Array<[WorkflowDestinationSelector[], 'promise-workflow' | 'resource-workflow']> = [
    [promiseWorkflow, 'promise-workflow'],
    [resourceWorkflow, 'resource-workflow'],
  ];
  for (const [entries, source] of sources) {
    for (const entry of entries.filter(s => s.directory)) {
      if (!groups.some(g => g.directory === entry.directory)) {
        groups.push({ directory: entry.directory!, selectors: [{ matchLabels: entry.matchLabels ?? {}, source }] });
      }
    }
  }
  return groups;
}

/**
 * Checks a destination-selectors.yaml list as Kratix does, returning its rejections:
 * sub-directories, duplicate directories and empty `matchLabels`.
 * @public
 */
export function checkWorkflowSelectors(entries: WorkflowDestinationSelector[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    if (!entry.matchLabels || Object.keys(entry.matchLabels).length === 0) {
      problems.push(`entry ${index}: matchLabels must not be empty`);
    }
    if (entry.directory !== undefined) {
      const dir = entry.directory.replace(/\/+$/, '');
      if (dir.includes('/')) problems.push(`entry ${index}: directory "${entry.directory}" must be a top-level directory`);
      if (seen.has(dir)) problems.push(`entry ${index}: directory "${entry.directory}" is listed twice`);
      seen.add(dir);
    }
  });
  return problems;
}
