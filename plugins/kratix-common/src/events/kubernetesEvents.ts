import { KRATIX_GROUP, KRATIX_LABELS, KubernetesObject, Work } from '../model';

/**
 * A core/v1 Event as the suite keeps it: what it says happened to which object, and when.
 * @public
 */
export interface KubernetesEvent extends KubernetesObject {
  involvedObject: {
    kind?: string;
    name?: string;
    namespace?: string;
    apiVersion?: string;
  };
  reason?: string;
  message?: string;
  /** `Normal` or `Warning`. */
  type?: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  reportingController?: string;
  series?: { count?: number; lastObservedTime?: string };
}

/** One Event as a page shows it. @public */
export interface KubernetesEventView {
  /** `Normal` or `Warning`. */
  type: string;
  reason?: string;
  message?: string;
  object: { kind: string; name: string; namespace?: string };
  /** How many times it happened. */
  count: number;
  firstSeen?: string;
  lastSeen?: string;
  reportingController?: string;
}

/**
 * Which object's Events to list. With `promise`, the Events of the object's Works come
 * too: a Promise's own Works (for the Promise itself), or a request's Works.
 * @public
 */
export interface KubernetesEventQuery {
  kind: string;
  name: string;
  namespace?: string;
  /** The object's API group; any group when unset. */
  group?: string;
  /** The Promise the object is, or whose request it is. */
  promise?: string;
}

/** How many Events a page shows at most. @public */
export const MAX_EVENTS_SHOWN = 50;

/** The API group of an apiVersion (`''` for core `v1`). @public */
export function apiGroupOf(apiVersion: string | undefined): string {
  if (!apiVersion) return '';
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/**
 * An Event with only what pages read: name and namespace, the involved object (kind, name,
 * namespace, apiVersion), reason, message, type, count and times, reporting controller.
 * @public
 */
export function compactEvent(event: KubernetesEvent): KubernetesEvent {
  const o = event.involvedObject ?? {};
  const kept: KubernetesEvent = {
    apiVersion: event.apiVersion,
    kind: event.kind,
    metadata: {
      name: event.metadata.name,
      namespace: event.metadata.namespace,
      ...(event.metadata.creationTimestamp && {
        creationTimestamp: event.metadata.creationTimestamp,
      }),
    },
    involvedObject: {
      kind: o.kind,
      name: o.name,
      namespace: o.namespace,
      apiVersion: o.apiVersion,
    },
  };
  for (const key of [
    'reason',
    'message',
    'type',
    'firstTimestamp',
    'lastTimestamp',
    'eventTime',
    'reportingController',
  ] as const) {
    const value = event[key];
    if (typeof value === 'string' && value) kept[key] = value;
  }
  if (typeof event.count === 'number') kept.count = event.count;
  if (event.series)
    kept.series = {
      count: event.series.count,
      lastObservedTime: event.series.lastObservedTime,
    };
  return kept;
}

/**
 * Whether an Event is about a Kratix object: one of platform.kratix.io (Promises, Works,
 * Destinations…) or of a group a Promise's API serves (its requests).
 * @public
 */
export function isKratixEvent(
  event: KubernetesEvent,
  promiseGroups: ReadonlySet<string>,
): boolean {
  const group = apiGroupOf(event.involvedObject?.apiVersion);
  return group === KRATIX_GROUP || (group !== '' && promiseGroups.has(group));
}

/** The Works Kratix made for a Promise itself (no request), by their labels. @public */
export function worksOfPromise(works: Work[], promise: string): Work[] {
  return works.filter(w => {
    const labels = w.metadata.labels ?? {};
    return (
      labels[KRATIX_LABELS.promiseName] === promise &&
      !labels[KRATIX_LABELS.resourceName]
    );
  });
}

/**
 * The Works of a request, by Kratix's labels: its Promise, its name and its namespace (the
 * `kratix.io/resource-namespace` label where the Works run in a pipeline namespace).
 * @public
 */
export function worksOfRequest(
  works: Work[],
  ref: { promise: string; namespace: string; name: string },
): Work[] {
  return works.filter(w => {
    const labels = w.metadata.labels ?? {};
    const namespace =
      labels[KRATIX_LABELS.resourceNamespace] || w.metadata.namespace;
    return (
      labels[KRATIX_LABELS.promiseName] === ref.promise &&
      labels[KRATIX_LABELS.resourceName] === ref.name &&
      namespace === ref.namespace
    );
  });
}

/** The Events of one object and, with `query.promise`, of its Works. @public */
export function selectEvents(
  events: KubernetesEvent[],
  works: Work[],
  query: KubernetesEventQuery,
): KubernetesEvent[] {
  const isPromise =
    query.kind === 'Promise' &&
    (!query.group || query.group === KRATIX_GROUP) &&
    query.name === query.promise;
  let workKeys = new Set<string>();
  if (query.promise) {
    const mine = isPromise
      ? worksOfPromise(works, query.promise)
      : worksOfRequest(works, {
          promise: query.promise,
          namespace: query.namespace ?? '',
          name: query.name,
        });
    workKeys = new Set(
      mine.map(w => `${w.metadata.namespace ?? ''}/${w.metadata.name}`),
    );
  }
  return events.filter(e => {
    const o = e.involvedObject ?? {};
    if (
      o.kind === query.kind &&
      o.name === query.name &&
      (o.namespace ?? '') === (query.namespace ?? '') &&
      (!query.group || apiGroupOf(o.apiVersion) === query.group)
    )
      return true;
    return (
      o.kind === 'Work' &&
      apiGroupOf(o.apiVersion) === KRATIX_GROUP &&
      workKeys.has(`${o.namespace ?? ''}/${o.name}`)
    );
  });
}

/** When an Event last happened, by the newest of the times it carries. @public */
export function eventLastSeen(event: KubernetesEvent): string | undefined {
  return (
    event.series?.lastObservedTime ||
    event.lastTimestamp ||
    event.eventTime ||
    event.firstTimestamp ||
    event.metadata.creationTimestamp ||
    undefined
  );
}

/** One Event as a page shows it. @public */
export function toEventView(event: KubernetesEvent): KubernetesEventView {
  const o = event.involvedObject ?? {};
  return {
    type: event.type || 'Normal',
    reason: event.reason,
    message: event.message,
    object: {
      kind: o.kind ?? '',
      name: o.name ?? '',
      ...(o.namespace && { namespace: o.namespace }),
    },
    count: event.series?.count ?? event.count ?? 1,
    firstSeen: event.firstTimestamp || event.eventTime || undefined,
    lastSeen: eventLastSeen(event),
    ...(event.reportingController && {
      reportingController: event.reportingController,
    }),
  };
}

/** Events as a page shows them: newest first, at most `limit` of them. @public */
export function toEventViews(
  events: KubernetesEvent[],
  limit: number = MAX_EVENTS_SHOWN,
): KubernetesEventView[] {
  return events
    .map(toEventView)
    .sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? ''))
    .slice(0, limit);
}
