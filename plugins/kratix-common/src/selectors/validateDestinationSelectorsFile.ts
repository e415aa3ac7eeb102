import {
  cleanDirectory,
  DEFAULT_WORKLOAD_GROUP_DIRECTORY,
} from './cleanDirectory';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Kratix keeps a cleaned path only if it equals its own base name; Go's base of "/" is "/". */
const isTopLevel = (cleaned: string) =>
  cleaned === '/' || !cleaned.includes('/');

function checkMatchLabels(matchLabels: unknown, at: string): string[] {
  if (matchLabels === undefined || matchLabels === null)
    return [`${at}: matchLabels must not be empty`];
  if (!isPlainObject(matchLabels))
    return [`${at}: matchLabels must be a map of label keys to values`];
  const entries = Object.entries(matchLabels);
  if (entries.length === 0) return [`${at}: matchLabels must not be empty`];
  return entries
    .filter(([, value]) => typeof value !== 'string')
    .map(([key]) => `${at}: matchLabels.${key} must be a string`);
}

/**
 * Checks a parsed destination-selectors.yaml the way Kratix's work-creator does, returning
 * one message per rejection (empty when Kratix would accept it).
 * @public
 */
export function validateDestinationSelectorsFile(entries: unknown): string[] {
  // An empty file parses to null, which Kratix treats as no entries.
  if (entries === undefined || entries === null) return [];
  if (!Array.isArray(entries))
    return [
      'destination-selectors.yaml must be a list of {directory?, matchLabels} entries',
    ];

  const problems: string[] = [];
  const firstEntryByDirectory = new Map<string, number>();
  entries.forEach((entry: unknown, index) => {
    const at = `entry ${index}`;
    if (!isPlainObject(entry)) {
      problems.push(
        `${at}: must be a map with matchLabels and an optional directory`,
      );
      return;
    }
    problems.push(...checkMatchLabels(entry.matchLabels, at));

    if (entry.directory !== undefined && typeof entry.directory !== 'string') {
      problems.push(`${at}: directory must be a string`);
      return;
    }
    const directory = cleanDirectory(entry.directory);
    if (!isTopLevel(directory)) {
      problems.push(
        `${at}: directory "${entry.directory}" is a sub-directory; only top-level directories are allowed`,
      );
    }
    // Kratix compares cleaned paths, so two entries without a directory also clash.
    const earlier = firstEntryByDirectory.get(directory);
    if (earlier === undefined) firstEntryByDirectory.set(directory, index);
    else if (directory === DEFAULT_WORKLOAD_GROUP_DIRECTORY) {
      problems.push(
        `${at}: duplicates entry ${earlier}; only one entry may target the default group (no directory)`,
      );
    } else {
      problems.push(
        `${at}: directory "${directory}" duplicates entry ${earlier}`,
      );
    }
  });
  return problems;
}
