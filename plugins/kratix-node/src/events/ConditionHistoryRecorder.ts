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
  /** The conditions last seen (the cached object's own array: cached objects never change). */
  last?: Condition[];
  /** Oldest first. */
  changes: ConditionChange[];
}

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
        // the requests that went meanwhile.
        const listed = new Set<string>();
        for (const request of cache.list()) {
          listed.add(
            keyOf(promise, request.metadata.namespace, request.metadata.name),
          );
          this.observe(promise, request);
        }
        for (const [key, entry] of this.entries)
          if (key.startsWith(`${promise}/`) && !listed.has(key)) {
            this.count -= entry.changes.length;
            this.entries.delete(key);
          }
      } else if (change.type === 'DELETED' && change.object) {
        this.forgetRequest(promise, change.object);
      } else if (change.object) {
        this.observe(promise, change.object);
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

  private observe(promise: string, request: ResourceRequest): void {
    const key = keyOf(
      promise,
      request.metadata.namespace,
      request.metadata.name,
    );
    const conditions = (request.status as { conditions?: Condition[] })
      ?.conditions;
    const entry = this.entries.get(key);
    if (!entry) {
      this.entries.set(key, { last: conditions, changes: [] });
      return;
    }
    if (entry.last === conditions) return;
    const changes = diffConditions(
      entry.last,
      conditions,
      this.now().toISOString(),
    );
    entry.last = conditions;
    if (changes.length === 0) return;
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
      // Its history goes; what it was last seen as stays, so its next change is still one.
      this.count -= oldEntry.changes.length;
      oldEntry.changes = [];
    }
  }
}
