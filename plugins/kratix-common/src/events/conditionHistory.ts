import { Condition } from '../model';

/** One change of a status condition, as a watch saw it. @public */
export interface ConditionChange {
  /** When the change was seen (ISO). */
  time: string;
  type: string;
  /** The new status; absent when the condition was removed. */
  status?: Condition['status'];
  reason?: string;
  message?: string;
  /** The condition is gone from the status. */
  removed?: boolean;
}

/**
 * The changes from one set of conditions to the next: a condition that appears, or whose
 * status, reason or message differs, and one that goes (a new `lastTransitionTime` or
 * `observedGeneration` alone is not a change). In the order of the new conditions, then
 * the removed ones.
 * @public
 */
export function diffConditions(
  before: Condition[] | undefined,
  after: Condition[] | undefined,
  time: string,
): ConditionChange[] {
  const old = new Map((before ?? []).map(c => [c.type, c]));
  const changes: ConditionChange[] = [];
  const seen = new Set<string>();
  for (const c of after ?? []) {
    if (!c?.type || seen.has(c.type)) continue;
    seen.add(c.type);
    const was = old.get(c.type);
    if (
      was &&
      was.status === c.status &&
      (was.reason ?? '') === (c.reason ?? '') &&
      (was.message ?? '') === (c.message ?? '')
    )
      continue;
    changes.push({
      time,
      type: c.type,
      status: c.status,
      ...(c.reason && { reason: c.reason }),
      ...(c.message && { message: c.message }),
    });
  }
  for (const type of old.keys())
    if (!seen.has(type)) changes.push({ time, type, removed: true });
  return changes;
}
