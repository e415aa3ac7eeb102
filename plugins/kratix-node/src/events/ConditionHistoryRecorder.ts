import {
  Condition,
  ConditionChange,
  diffConditions,
  ResourceRequest,
} from '@kratix-backstage/plugin-kratix-common';
import { CacheChange, ResourceCache } from '../cache/ResourceCache';

const keyOf = (promise: string, namespace: string, name: string) =>
  `${promise}/${namespace}/${name}`;

interface Entry {
  /** Oldest first. */
  changes: ConditionChange[];
}

const conditionsOf = (request: ResourceRequest | undefined) =>
  (request?.status as { conditions?: Condition[] } | undefined)?.conditions;

/**
 * Records, for each request of a platform, every change of its status conditions that the
 * request caches see (a status that flaps for a few seconds shows every step). Bounded: at
 * most `perRequest` changes of one request, and `total` in all, the requests that changed
 * least recently forgotten first. A request's first sighting is its baseline, not a change;
 * a deleted request's history goes with it.
 * @internal
 */
export class ConditionHistoryRecorder {
  private readonly entries = new Map<string, Entry>();
  private count = 0;
  private readonly perRequest: number;
  private readonly total: number;
  private readonly now: () => Date;

  constructor(
    options: { perRequest?: number; total?: number; now?: () => Date } = {},
  ) {
    this.perRequest = options.perRequest ?? 50;
    this.total = options.total ?? 20_000;
    this.now = options.now ?? (() => new Date());
  }

  /** Records the changes one Promise's request cache sees; returns the unsubscribe function. */
  watch(promise: string, cache: ResourceCache<ResourceRequest>): () => void {
    return cache.subscribe((change: CacheChange<ResourceRequest>) => {
      if (change.type === 'RESYNC') {
        // A new list (after a 410 or an outage): what changed while the watch was away, and
        // the requests that went meanwhile. The first list is everyone's baseline.
        const before = change.previousObjects;
        if (!before) return;
        const listed = new Set<string>();
        for (const request of cache.list()) {
          listed.add(
            keyOf(promise, request.metadata.namespace, request.metadata.name),
          );
          this.observe(
            promise,
            before.get(request.metadata.namespace, request.metadata.name),
            request,
          );
        }
        for (const [key, entry] of this.entries)
          if (key.startsWith(`${promise}/`) && !listed.has(key)) {
            this.count -= entry.changes.length;
            this.entries.delete(key);
          }
      } else if (change.type === 'DELETED' && change.object) {
        this.forgetRequest(promise, change.object);
      } else if (change.object) {
        // A request's first sighting (no previous object) is its baseline, not a change.
        this.observe(promise, change.previous, change.object);
      }
    });
  }

  /** The recorded changes of one request, newest first. */
  history(ref: {
    promise: string;
    namespace: string;
    name: string;
  }): ConditionChange[] {
    const entry = this.entries.get(keyOf(ref.promise, ref.namespace, ref.name));
    return entry ? [...entry.changes].reverse() : [];
  }

  /** Forgets every request of a Promise (its API is gone). */
  forget(promise: string): void {
    for (const [key, entry] of this.entries)
      if (key.startsWith(`${promise}/`)) {
        this.count -= entry.changes.length;
        this.entries.delete(key);
      }
  }

  private forgetRequest(promise: string, request: ResourceRequest): void {
    const key = keyOf(
      promise,
      request.metadata.namespace,
      request.metadata.name,
    );
    const entry = this.entries.get(key);
    if (!entry) return;
    this.count -= entry.changes.length;
    this.entries.delete(key);
  }

  /**
   * Records how a request's conditions changed from the object the cache held before;
   * nothing is kept for requests that never change (the cache holds what they were).
   */
  private observe(
    promise: string,
    previous: ResourceRequest | undefined,
    request: ResourceRequest,
  ): void {
    if (!previous) return;
    const before = conditionsOf(previous);
    const after = conditionsOf(request);
    if (before === after) return;
    const changes = diffConditions(before, after, this.now().toISOString());
    if (changes.length === 0) return;
    const key = keyOf(
      promise,
      request.metadata.namespace,
      request.metadata.name,
    );
    const entry = this.entries.get(key) ?? { changes: [] };
    entry.changes.push(...changes);
    this.count += changes.length;
    const over = entry.changes.length - this.perRequest;
    if (over > 0) {
      entry.changes.splice(0, over);
      this.count -= over;
    }
    // The most recently changed last, so the least recently changed go first.
    this.entries.delete(key);
    this.entries.set(key, entry);
    for (const [oldKey, oldEntry] of this.entries) {
      if (this.count <= this.total || oldKey === key) break;
      this.count -= oldEntry.changes.length;
      this.entries.delete(oldKey);
    }
  }
}
