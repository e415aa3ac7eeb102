import { AuditorService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';

/** What one audited act is: who, what, on which platform. @public */
export interface KratixAuditOptions {
  /** Kebab-case name of the act, e.g. `request-create`. */
  eventId: string;
  /** Who acted (entity ref), which platform, and what was acted on. */
  meta: JsonObject & { actor?: string; platform?: string };
  /** The HTTP request, where the act came through the REST API. */
  request?: Parameters<AuditorService['createEvent']>[0]['request'];
  severityLevel?: 'low' | 'medium' | 'high' | 'critical';
}

/**
 * Runs a mutating act inside one auditor event: success with what the act reports, or
 * failure with its error (refusals included), so every attempt is on the audit trail.
 * @public
 */
export async function audited<T>(
  auditor: Pick<AuditorService, 'createEvent'>,
  options: KratixAuditOptions,
  act: () => Promise<T>,
  outcome?: (result: T) => JsonObject,
): Promise<T> {
  const event = await auditor.createEvent({
    eventId: options.eventId,
    severityLevel: options.severityLevel ?? 'medium',
    request: options.request,
    meta: options.meta,
  });
  try {
    const result = await act();
    await event.success({
      meta: { ...options.meta, ...(outcome ? outcome(result) : {}) },
    });
    return result;
  } catch (error) {
    await event.fail({ meta: options.meta, error: error as Error });
    throw error;
  }
}
