import { PromiseAvailability, PromiseStatusSummary } from '../status';

/** What the `kratix.io/status` annotation of a Promise entity holds, as JSON. @public */
export interface PromiseStatusAnnotation {
  availability: PromiseAvailability;
  version?: string;
}

/**
 * Serialises a Promise's availability and version for `kratix.io/status`: compact JSON
 * with a fixed key order, so an unchanged Promise yields the same string every sweep and
 * the catalog sees no change.
 * @public
 */
export function formatPromiseStatusAnnotation(
  summary: Pick<PromiseStatusSummary, 'availability' | 'version'>,
): string {
  const value: PromiseStatusAnnotation = { availability: summary.availability };
  if (summary.version) value.version = summary.version;
  return JSON.stringify(value);
}

const AVAILABILITIES: PromiseAvailability[] = [
  'Available',
  'Unavailable',
  'Paused',
  'Suspended',
  'Unknown',
];

/**
 * Reads a Promise entity's `kratix.io/status` back. Entities from other generators may
 * hold Kratix's own `{"status": "Available", ...}` shape, which is accepted too;
 * undefined when the value is not JSON of either shape.
 * @public
 */
export function parsePromiseStatusAnnotation(
  value: string | undefined,
): PromiseStatusAnnotation | undefined {
  if (!value) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object') return undefined;
  const record = parsed as Record<string, unknown>;
  const word = record.availability ?? record.status;
  if (typeof word !== 'string') return undefined;
  const availability = AVAILABILITIES.includes(word as PromiseAvailability)
    ? (word as PromiseAvailability)
    : 'Unknown';
  const version =
    typeof record.version === 'string' ? record.version : undefined;
  return version ? { availability, version } : { availability };
}
