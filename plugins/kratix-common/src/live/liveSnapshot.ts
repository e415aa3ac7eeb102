import { Placement } from '../placements';
import {
  DestinationListItem,
  PromiseListItem,
  RequestListItem,
} from '../views/types';
import { KratixLiveChange } from './liveMessages';

/** What the live service remembers of one request between two looks at its platform. @public */
export interface LiveRequestState {
  promise: string;
  namespace: string;
  name: string;
  /** The requester's entity ref (user or group), who is told when it becomes Ready or fails. */
  owner?: string;
  phase: RequestListItem['phase'];
  reason?: string;
  message?: string;
  parent?: RequestListItem['parent'];
  /** Everything a request page shows of it, as one string: any difference is a change. */
  fingerprint: string;
}

/** What the live service remembers of one Promise. @public */
export interface LivePromiseState {
  name: string;
  availability: PromiseListItem['availability'];
  reason?: string;
  message?: string;
  fingerprint: string;
}

/** A request proposed as a pull request and still open, with whom to tell when it closes. @public */
export interface LivePullRequestState {
  promise: string;
  namespace: string;
  name: string;
  owner?: string;
  url: string;
}

/** A platform as the live service saw it at one moment. Keys come from {@link liveRequestKey}. @public */
export interface LivePlatformSnapshot {
  requests: Map<string, LiveRequestState>;
  promises: Map<string, LivePromiseState>;
  /** Each destination's fingerprint, by name. */
  destinations: Map<string, string>;
  health: { connected: boolean; lastError?: string; fingerprint: string };
  pullRequests: Map<string, LivePullRequestState>;
}

/** The key of a request in a snapshot: `<promise>/<namespace>/<name>`. @public */
export function liveRequestKey(ref: {
  promise: string;
  namespace: string;
  name: string;
}): string {
  return `${ref.promise}/${ref.namespace}/${ref.name}`;
}

/** What a snapshot is built from: the views the REST API serves, read at one moment. @public */
export interface LiveSnapshotInput {
  requests: Array<{
    item: RequestListItem;
    /**
     * The request's status as the platform holds it (conditions, pipelines): part of the
     * fingerprint so a page learns of a pipeline change that leaves the phase alone.
     */
    status?: unknown;
  }>;
  /** Where documents landed; the request ones are added to their request's fingerprint. */
  placements: Placement[];
  promises: PromiseListItem[];
  destinations: DestinationListItem[];
  health: { connected: boolean; lastError?: string; problems?: unknown[] };
  pullRequests?: LivePullRequestState[];
}

/** Builds the snapshot of one look at a platform. @public */
export function buildLiveSnapshot(
  input: LiveSnapshotInput,
): LivePlatformSnapshot {
  const landed = new Map<string, string[]>();
  for (const p of input.placements) {
    if (p.type !== 'resource' || !p.resource) continue;
    const key = liveRequestKey({
      promise: p.promise,
      namespace: p.namespace ?? '',
      name: p.resource,
    });
    const list = landed.get(key) ?? [];
    list.push(
      `${p.destination}:${p.state}:${p.commit ?? ''}:${p.files.join(',')}`,
    );
    landed.set(key, list);
  }
  const requests = new Map<string, LiveRequestState>();
  for (const { item, status } of input.requests) {
    const key = liveRequestKey(item);
    requests.set(key, {
      promise: item.promise,
      namespace: item.namespace,
      name: item.name,
      owner: item.owner,
      phase: item.phase,
      reason: item.reason,
      message: item.message,
      parent: item.parent,
      fingerprint: JSON.stringify([
        item,
        status ?? null,
        (landed.get(key) ?? []).sort(),
      ]),
    });
  }
  const promises = new Map<string, LivePromiseState>();
  for (const p of input.promises) {
    promises.set(p.name, {
      name: p.name,
      availability: p.availability,
      reason: p.reason,
      message: p.message,
      fingerprint: JSON.stringify(p),
    });
  }
  const destinations = new Map<string, string>();
  for (const d of input.destinations) {
    destinations.set(d.name, JSON.stringify(d));
  }
  const pullRequests = new Map<string, LivePullRequestState>();
  for (const pr of input.pullRequests ?? []) {
    pullRequests.set(liveRequestKey(pr), pr);
  }
  return {
    requests,
    promises,
    destinations,
    health: {
      connected: input.health.connected,
      lastError: input.health.lastError,
      // lastSync moves on every read: only what a person would see change counts.
      fingerprint: JSON.stringify([
        input.health.connected,
        input.health.lastError ?? null,
        input.health.problems ?? [],
      ]),
    },
    pullRequests,
  };
}

function diffKeys<T>(
  before: Map<string, T>,
  after: Map<string, T>,
  same: (a: T, b: T) => boolean,
): string[] {
  const changed: string[] = [];
  for (const [key, value] of after) {
    const old = before.get(key);
    if (old === undefined || !same(old, value)) changed.push(key);
  }
  for (const key of before.keys()) if (!after.has(key)) changed.push(key);
  return changed;
}

/**
 * What changed between two looks at a platform, as signal changes (names only). A changed
 * sub-request also changes its composite request, whose page lists it. The `phase` of request
 * changes is left to the caller, which knows the settled phase.
 * @public
 */
export function diffLiveSnapshots(
  before: LivePlatformSnapshot,
  after: LivePlatformSnapshot,
): KratixLiveChange[] {
  const changes: KratixLiveChange[] = [];
  const requestKeys = new Set<string>();
  const addRequest = (ref: {
    promise: string;
    namespace: string;
    name: string;
  }) => {
    const key = liveRequestKey(ref);
    if (requestKeys.has(key)) return;
    requestKeys.add(key);
    changes.push({
      kind: 'request',
      promise: ref.promise,
      namespace: ref.namespace,
      name: ref.name,
    });
  };
  for (const key of diffKeys(
    before.requests,
    after.requests,
    (a, b) => a.fingerprint === b.fingerprint,
  )) {
    const request = after.requests.get(key) ?? before.requests.get(key)!;
    addRequest(request);
    if (request.parent) addRequest({ ...request.parent });
  }
  // A pull request that opens or closes shows on the request's page.
  for (const key of diffKeys(
    before.pullRequests,
    after.pullRequests,
    (a, b) => a.url === b.url,
  )) {
    addRequest(after.pullRequests.get(key) ?? before.pullRequests.get(key)!);
  }
  for (const name of diffKeys(
    before.promises,
    after.promises,
    (a, b) => a.fingerprint === b.fingerprint,
  )) {
    changes.push({ kind: 'promise', name });
  }
  for (const name of diffKeys(
    before.destinations,
    after.destinations,
    (a, b) => a === b,
  )) {
    changes.push({ kind: 'destination', name });
  }
  if (before.health.fingerprint !== after.health.fingerprint) {
    changes.push({ kind: 'health' });
  }
  return changes;
}

/** A snapshot of a platform never seen: diffing against it reports nothing as gone. @public */
export function emptyLiveSnapshot(): LivePlatformSnapshot {
  return {
    requests: new Map(),
    promises: new Map(),
    destinations: new Map(),
    health: { connected: true, fingerprint: '' },
    pullRequests: new Map(),
  };
}
