import { FleetHealth, FleetProblem, FleetProblemKind } from './types';

/** Every kind of fleet problem, in the order the fleet view lists them (worst first). @public */
export const FLEET_PROBLEM_KINDS: readonly FleetProblemKind[] = [
  'pipeline-failed',
  'pipeline-suspended',
  'paused',
  'older-revision',
  'request-unhealthy',
  'destination-not-ready',
  'destination-writer-error',
  'works-misplaced',
  'state-store-error',
];

/** How a fleet view names each kind of problem, for counts and headings. @public */
export const FLEET_PROBLEM_TITLES: Record<FleetProblemKind, string> = {
  'pipeline-failed': 'Failing pipelines',
  'pipeline-suspended': 'Suspended pipelines',
  paused: 'Paused',
  'older-revision': 'Requests on older revisions',
  'request-unhealthy': 'Unhealthy requests',
  'destination-not-ready': 'Destinations not ready',
  'destination-writer-error': 'Destination writer errors',
  'works-misplaced': 'Misplaced Works',
  'state-store-error': 'State stores in error',
};

const order = (p: FleetProblem) => FLEET_PROBLEM_KINDS.indexOf(p.kind);

/**
 * The fleet view of the problems found: rows by kind (worst first), then platform and
 * subject; a count for every kind, zero included; the platforms' notes and errors as given.
 * @public
 */
export function toFleetHealth(
  items: FleetProblem[],
  notes: FleetHealth['notes'] = [],
  errors: FleetHealth['errors'] = [],
): FleetHealth {
  const counts = Object.fromEntries(
    FLEET_PROBLEM_KINDS.map(kind => [kind, 0]),
  ) as Record<FleetProblemKind, number>;
  for (const item of items) counts[item.kind] += 1;
  const sorted = [...items].sort(
    (a, b) =>
      order(a) - order(b) ||
      a.platform.localeCompare(b.platform) ||
      a.subject.kind.localeCompare(b.subject.kind) ||
      (a.subject.promise ?? '').localeCompare(b.subject.promise ?? '') ||
      (a.subject.namespace ?? '').localeCompare(b.subject.namespace ?? '') ||
      a.subject.name.localeCompare(b.subject.name),
  );
  return { items: sorted, counts, notes, errors };
}
