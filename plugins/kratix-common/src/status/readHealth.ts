import {
  HealthRecord,
  HealthState,
  RequestHealthRecord,
  ResourceRequestStatus,
} from '../model';

/** Health states from worst to best, as Kratix orders them when aggregating. @public */
export const HEALTH_STATE_ORDER: readonly HealthState[] = [
  'unhealthy',
  'degraded',
  'unknown',
  'healthy',
  'ready',
];

/** The health of a request: the worst state and every record behind it. @public */
export interface RequestHealth {
  state: HealthState;
  records: RequestHealthRecord[];
  /** `healthStatus` (current code), `healthRecord` (older docs) or `none`. */
  source: 'healthStatus' | 'healthRecord' | 'none';
}

/** Normalises a free-form state string to Kratix's vocabulary (unknown otherwise). @public */
export function normaliseHealthState(state: unknown): HealthState {
  const lower = typeof state === 'string' ? state.toLowerCase() : '';
  return (HEALTH_STATE_ORDER as readonly string[]).includes(lower)
    ? (lower as HealthState)
    : 'unknown';
}

/** Returns the worst of health states, in the order unhealthy, degraded, unknown, healthy, ready. @public */
export function worstHealthState(states: HealthState[]): HealthState {
  if (states.length === 0) return 'unknown';
  return states.reduce((worst, s) =>
    HEALTH_STATE_ORDER.indexOf(s) < HEALTH_STATE_ORDER.indexOf(worst)
      ? s
      : worst,
  );
}

/**
 * Reads a request's health from `status.healthStatus` (what Kratix's code writes), falling
 * back to the single `status.healthRecord` that older docs describe.
 * @public
 */
export function readRequestHealth(
  status: ResourceRequestStatus | undefined,
): RequestHealth {
  const aggregated = status?.healthStatus;
  if (aggregated && (aggregated.state || aggregated.healthRecords?.length)) {
    const records = (aggregated.healthRecords ?? []).map(r => ({
      ...r,
      state: normaliseHealthState(r.state),
    }));
    const state = aggregated.state
      ? normaliseHealthState(aggregated.state)
      : worstHealthState(records.map(r => r.state));
    return { state, records, source: 'healthStatus' };
  }
  const single = status?.healthRecord;
  if (single?.state) {
    const state = normaliseHealthState(single.state);
    return {
      state,
      records: [{ state, lastRun: single.lastRun, details: single.details }],
      source: 'healthRecord',
    };
  }
  return { state: 'unknown', records: [], source: 'none' };
}

/**
 * Aggregates HealthRecord objects for one request the way Kratix does, for platforms
 * where the records are read directly rather than from the request's status.
 * @public
 */
export function aggregateHealthRecords(records: HealthRecord[]): RequestHealth {
  const mapped: RequestHealthRecord[] = records.map(r => ({
    state: normaliseHealthState(r.data?.state),
    lastRun: r.data?.lastRun,
    source: { name: r.metadata.name, namespace: r.metadata.namespace },
    details: r.data?.details,
  }));
  return {
    state: worstHealthState(mapped.map(r => r.state)),
    records: mapped,
    source: mapped.length ? 'healthStatus' : 'none',
  };
}
