import { eventLastSeen, KubernetesEvent } from '../events/kubernetesEvents';
import { ResourceRequest } from '../model';
import { normaliseHealthState } from '../status';
import { HealthChange } from './types';

/**
 * The reason of the Event Kratix emits on a request when a HealthRecord brings a health state
 * other than the request's aggregated one, with the message `Health state is <state>`
 * (Warning unless the state is healthy or ready): internal/controller/healthrecord_controller.go
 * fireEvent at Kratix HEAD.
 * @public
 */
export const HEALTH_RECORD_EVENT_REASON = 'HealthRecord';

const MESSAGE = /^Health state is (\S+)$/;

/**
 * The health change a HealthRecord Event tells of, or undefined for any other Event. The
 * state is the HealthRecord's own (the one that differed from the request's aggregated
 * state), as Kratix words it; an Event seen several times is one change, at its latest.
 * @public
 */
export function healthChangeFromEvent(
  event: KubernetesEvent,
): HealthChange | undefined {
  if (event.reason !== HEALTH_RECORD_EVENT_REASON) return undefined;
  const state = MESSAGE.exec(event.message ?? '')?.[1];
  const time = eventLastSeen(event);
  if (!state || !time) return undefined;
  const count = event.series?.count ?? event.count ?? 1;
  return {
    time,
    state: normaliseHealthState(state),
    source: 'event',
    message: count > 1 ? `${event.message} (${count} times)` : event.message,
  };
}

const stateOf = (request: ResourceRequest) =>
  request.status?.healthStatus?.state;

/**
 * The change of a request's aggregated health (`status.healthStatus.state`) from one
 * version of it to the next, as a watch sees it; none when the state is the same or gone.
 * @public
 */
export function diffHealthState(
  previous: ResourceRequest,
  request: ResourceRequest,
  time: string,
): HealthChange[] {
  const before = stateOf(previous);
  const after = stateOf(request);
  if (!after || before === after) return [];
  return [
    {
      time,
      state: normaliseHealthState(after),
      ...(before && { previous: normaliseHealthState(before) }),
      source: 'observed',
    },
  ];
}

/**
 * A request's health over time, newest first: the HealthRecord Events Kratix emitted on it
 * (only those about the request itself, not its Works) and the changes the watch observed.
 * @public
 */
export function healthHistory(
  request: { kind: string; name: string; namespace?: string },
  events: KubernetesEvent[],
  observed: HealthChange[],
): HealthChange[] {
  const fromEvents = events
    .filter(
      e =>
        e.involvedObject?.kind === request.kind &&
        e.involvedObject?.name === request.name &&
        (e.involvedObject?.namespace ?? '') === (request.namespace ?? ''),
    )
    .map(healthChangeFromEvent)
    .filter((c): c is HealthChange => !!c);
  // By instant: Events carry seconds or microseconds, the watch milliseconds.
  const at = (c: HealthChange) => Date.parse(c.time) || 0;
  return [...fromEvents, ...observed].sort((a, b) => at(b) - at(a));
}
