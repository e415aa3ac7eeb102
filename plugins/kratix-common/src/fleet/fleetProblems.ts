import {
  Destination,
  KratixPromise,
  LegacyCluster,
  PromiseRevision,
  ResourceBinding,
  ResourceRequest,
  StateStore,
} from '../model';
import { Placement } from '../placements';
import {
  findCondition,
  readDestinationReadiness,
  readRequestHealth,
  readStateStoreReadiness,
} from '../status';
import {
  boundRequestViews,
  latestRevisionVersion,
  promiseRevisionViews,
} from '../versions';
import { FleetProblem, FleetSubject } from './types';
import { workflowProblems } from './workflowProblems';

/** What one platform lists, from which its fleet problems are worked out. @public */
export interface FleetObjects {
  platform: string;
  promises: KratixPromise[];
  /** Every request, with the Promise it was listed under. */
  requests: Array<{ promise: string; request: ResourceRequest }>;
  destinations: Array<Destination | LegacyCluster>;
  stateStores: StateStore[];
  /** Where documents landed (WorkPlacements, or the state store in gitops mode). */
  placements?: Placement[];
  /** PromiseRevisions and ResourceBindings, where the platform has them. */
  revisions?: PromiseRevision[];
  bindings?: ResourceBinding[];
}

/** Kratix's reason when a Destination's writer cannot write its test documents (destination_controller.go). @public */
export const DESTINATION_WRITE_FAILED_REASON = 'StateStoreWriteFailed';
/** Kratix's `WorksSucceeded` reason when Works sit on a Destination that no longer matches (util.go, promise_controller.go). @public */
export const WORKS_MISPLACED_REASON = 'WorksMisplaced';

const UNHEALTHY_STATES = new Set(['unhealthy', 'degraded']);

const requestSubject = (
  promise: string,
  request: ResourceRequest,
): FleetSubject => ({
  kind: 'Request',
  name: request.metadata.name,
  namespace: request.metadata.namespace,
  promise,
});

const subjectKey = (s: FleetSubject) =>
  `${s.kind}/${s.promise ?? ''}/${s.namespace ?? ''}/${s.name}`;

/** `WorksSucceeded` False with `WorksMisplaced`, on a Promise or a request. */
function misplacedCondition(
  platform: string,
  subject: FleetSubject,
  object: { status?: { conditions?: any[] } },
): FleetProblem[] {
  const works = findCondition(object.status?.conditions, 'WorksSucceeded');
  if (works?.status !== 'False' || works.reason !== WORKS_MISPLACED_REASON)
    return [];
  return [
    {
      platform,
      kind: 'works-misplaced',
      subject,
      message: works.message || 'Some Works are misplaced',
      ...(works.lastTransitionTime && { since: works.lastTransitionTime }),
    },
  ];
}

/** A request's health, when Kratix aggregated it to `unhealthy` or `degraded`. */
function healthProblem(
  platform: string,
  subject: FleetSubject,
  request: ResourceRequest,
): FleetProblem[] {
  const health = readRequestHealth(request.status);
  if (!UNHEALTHY_STATES.has(health.state)) return [];
  const bad = health.records.filter(r => r.state === health.state);
  const names = bad.map(r => r.source?.name).filter(Boolean);
  const lastRun = Math.max(0, ...bad.map(r => r.lastRun ?? 0));
  return [
    {
      platform,
      kind: 'request-unhealthy',
      subject,
      message: `Health state is ${health.state}${
        names.length ? ` (${names.join(', ')})` : ''
      }`,
      ...(lastRun > 0 && { since: new Date(lastRun * 1000).toISOString() }),
    },
  ];
}

/**
 * Requests running a revision older than their Promise's latest one, from their
 * ResourceBindings (the same reading as the Versions tab).
 */
function olderRevisionProblems(objects: FleetObjects): FleetProblem[] {
  if (!objects.revisions || !objects.bindings) return [];
  return objects.promises.flatMap(promise => {
    const name = promise.metadata.name;
    const latest = latestRevisionVersion(
      promiseRevisionViews(name, objects.revisions!),
    );
    if (!latest) return [];
    return boundRequestViews(name, objects.bindings!, latest)
      .filter(r => r.revision && r.revision !== latest)
      .map(r => ({
        platform: objects.platform,
        kind: 'older-revision' as const,
        subject: {
          kind: 'Request' as const,
          name: r.name,
          namespace: r.namespace,
          promise: name,
        },
        message: `On version ${r.revision} (${r.strategy}${
          r.strategy === 'pinned' ? ` to ${r.desiredVersion}` : ''
        }); latest is ${latest}`,
      }));
  });
}

/**
 * A Destination whose `Ready` condition is False: `destination-writer-error` when its
 * writer could not write Kratix's test documents (`StateStoreWriteFailed`), else
 * `destination-not-ready` with Kratix's reason. WorkPlacements Kratix failed to write to it
 * (Ready "Failing", `WorkloadsFailedWrite`, workplacement_types.go) are writer errors too.
 */
function destinationProblems(objects: FleetObjects): FleetProblem[] {
  const { platform } = objects;
  const out: FleetProblem[] = [];
  for (const destination of objects.destinations) {
    if (destination.kind !== 'Destination') continue;
    const subject: FleetSubject = {
      kind: 'Destination',
      name: destination.metadata.name,
    };
    const readiness = readDestinationReadiness(destination);
    if (readiness.ready === false) {
      const since = findCondition(
        destination.status?.conditions,
        'Ready',
      )?.lastTransitionTime;
      out.push({
        platform,
        kind:
          readiness.reason === DESTINATION_WRITE_FAILED_REASON
            ? 'destination-writer-error'
            : 'destination-not-ready',
        subject,
        message: [readiness.reason, readiness.message]
          .filter(Boolean)
          .join(': '),
        ...(since && { since }),
      });
    }
    const failing = (objects.placements ?? []).filter(
      p =>
        p.destination === destination.metadata.name &&
        p.source === 'workplacement' &&
        p.state === 'Failing',
    );
    if (failing.length > 0)
      out.push({
        platform,
        kind: 'destination-writer-error',
        subject,
        message: `Kratix could not write ${failing.length} WorkPlacement${
          failing.length === 1 ? '' : 's'
        } to its state store: ${failing
          .map(p => p.workPlacement?.name ?? p.location)
          .join(', ')}`,
      });
  }
  return out;
}

/** A state store whose `Ready` condition (or `status.status`) says it is not ready. */
function stateStoreProblems(objects: FleetObjects): FleetProblem[] {
  return objects.stateStores.flatMap(store => {
    const readiness = readStateStoreReadiness(store);
    if (readiness.ready !== false) return [];
    const since = findCondition(
      store.status?.conditions,
      'Ready',
    )?.lastTransitionTime;
    return [
      {
        platform: objects.platform,
        kind: 'state-store-error' as const,
        subject: { kind: 'StateStore' as const, name: store.metadata.name },
        message: `${store.kind}: ${
          [readiness.reason, readiness.message].filter(Boolean).join(': ') ||
          'not ready'
        }`,
        ...(since && { since }),
      },
    ];
  });
}

/**
 * Works the state store shows on a Destination that no longer matches (gitops mode marks
 * such placements Misplaced), for Promises and requests that carry no `WorksMisplaced`
 * condition of Kratix's own.
 */
function misplacedPlacementProblems(
  objects: FleetObjects,
  already: Set<string>,
): FleetProblem[] {
  const bySubject = new Map<string, { subject: FleetSubject; at: string[] }>();
  for (const p of objects.placements ?? []) {
    if (p.state !== 'Misplaced' || p.source !== 'state-store') continue;
    const subject: FleetSubject =
      p.type === 'resource' && p.resource
        ? {
            kind: 'Request',
            name: p.resource,
            namespace: p.namespace,
            promise: p.promise,
          }
        : { kind: 'Promise', name: p.promise };
    const key = subjectKey(subject);
    if (already.has(key)) continue;
    const entry = bySubject.get(key) ?? { subject, at: [] };
    entry.at.push(p.destination);
    bySubject.set(key, entry);
  }
  return [...bySubject.values()].map(({ subject, at }) => ({
    platform: objects.platform,
    kind: 'works-misplaced' as const,
    subject,
    message: `Works misplaced on ${[...new Set(at)].join(
      ', ',
    )}: the Destination no longer matches the Promise's destinationSelectors`,
  }));
}

/**
 * Everything unhealthy on one platform, each row about one thing an admin can go and fix:
 * failed, suspended and paused workflows of Promises and requests, unhealthy requests,
 * requests on an older revision, misplaced Works, Destinations not ready or failing to
 * write, and state stores in error. Only what Kratix reports (or gitops mode derives) is
 * read; nothing is guessed.
 * @public
 */
export function fleetProblems(objects: FleetObjects): FleetProblem[] {
  const { platform } = objects;
  const promiseByName = new Map(
    objects.promises.map(p => [p.metadata.name, p]),
  );
  const out: FleetProblem[] = [];
  for (const promise of objects.promises) {
    const subject: FleetSubject = {
      kind: 'Promise',
      name: promise.metadata.name,
    };
    out.push(
      ...workflowProblems(
        platform,
        subject,
        promise,
        promise.spec?.workflows?.promise?.configure ?? [],
      ),
      ...misplacedCondition(platform, subject, promise),
    );
  }
  for (const { promise, request } of objects.requests) {
    const subject = requestSubject(promise, request);
    out.push(
      ...workflowProblems(
        platform,
        subject,
        request,
        promiseByName.get(promise)?.spec?.workflows?.resource?.configure ?? [],
      ),
      ...healthProblem(platform, subject, request),
      ...misplacedCondition(platform, subject, request),
    );
  }
  out.push(...olderRevisionProblems(objects));
  out.push(...destinationProblems(objects));
  out.push(...stateStoreProblems(objects));
  const misplaced = new Set(
    out
      .filter(p => p.kind === 'works-misplaced')
      .map(p => subjectKey(p.subject)),
  );
  out.push(...misplacedPlacementProblems(objects, misplaced));
  return out;
}
