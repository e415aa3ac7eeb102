import type { FakeRequestAttributes } from './auth';

/**
 * One request the fake served, as the API server's audit log would record it: what it asked
 * the authorizer, and the answer.
 * @public
 */
export interface FakeAuditEvent extends Omit<FakeRequestAttributes, 'user'> {
  /** Undefined when the request carried no known token. */
  user?: string;
  /** The HTTP status of the answer (200 for a watch that opened). */
  code: number;
}

/** How many events the audit log keeps. */
const AUDIT_LOG_SIZE = 10_000;

/** Appends an event, forgetting the oldest beyond the log's size. */
export function recordAudit(log: FakeAuditEvent[], event: FakeAuditEvent) {
  log.push(event);
  if (log.length > AUDIT_LOG_SIZE) log.shift();
}
