import {
  AuditorService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';

/** One audit event as the test sees it: what, by whom, and how it ended. */
export interface SeenAuditEvent {
  eventId: string;
  meta: Record<string, unknown>;
  outcome?: 'success' | 'fail';
}

/** A test backend's auditor service that records each event, with how it ended, in `audit`. */
export function capturingAuditor(audit: SeenAuditEvent[]) {
  const auditor: AuditorService = {
    async createEvent(options) {
      const event: SeenAuditEvent = {
        eventId: options.eventId,
        meta: { ...(options.meta ?? {}) },
      };
      audit.push(event);
      return {
        success: async () => void (event.outcome = 'success'),
        fail: async () => void (event.outcome = 'fail'),
      };
    },
  };
  return createServiceFactory({
    service: coreServices.auditor,
    deps: {},
    factory: () => auditor,
  });
}
