/*
 * What a user of a tab waited for each change: from the change on the platform to the tab
 * first showing data at least that fresh for the changed request (the change itself or a
 * later change of the same request: a tab that reloads on a timer may skip a change that was
 * superseded before it looked, and what its user waited for is the newer data).
 */

/** The value below which p percent of the values lie (as the other benches compute it). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

/** One tab's figures over a run of changes. */
export interface TabLatency {
  /** Milliseconds per change the tab caught up with. */
  latencies: number[];
  /** Changes the tab caught up with (showed it or a later change of its request). */
  caughtUp: number;
  /** Changes the tab showed themselves. */
  shown: number;
  p50: number;
  p95: number;
  max: number;
}

/**
 * `changedAt[k]` is when change k was made, to request `k % requests`; `firstShown` maps a
 * change number to when the tab first showed it.
 */
export function tabLatency(
  changedAt: number[],
  requests: number,
  firstShown: Map<number, number>,
): TabLatency {
  // Walking back, the earliest time each request's data was at least as fresh as change k.
  const freshSince = new Array<number>(requests).fill(Infinity);
  const latencies: number[] = [];
  let shown = 0;
  for (let k = changedAt.length - 1; k >= 0; k--) {
    const request = k % requests;
    const at = firstShown.get(k);
    if (at !== undefined) {
      shown++;
      freshSince[request] = Math.min(freshSince[request], at);
    }
    if (Number.isFinite(freshSince[request]))
      latencies.push(freshSince[request] - changedAt[k]);
  }
  return {
    latencies,
    caughtUp: latencies.length,
    shown,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    max: latencies.length ? Math.max(...latencies) : NaN,
  };
}

/** Whether a tab shows every request's last change: it caught up with the platform. */
export function caughtUpWithLast(
  changes: number,
  requests: number,
  firstShown: Map<number, number>,
): boolean {
  for (let k = Math.max(0, changes - requests); k < changes; k++)
    if (!firstShown.has(k)) return false;
  return true;
}
