import { ResourceRequest } from '@kratix-backstage/plugin-kratix-common';
import { CacheChange, ResourceCache } from '../cache/ResourceCache';

const keyOf = (promise: string, namespace: string, name: string) =>
  `${promise}/${namespace}/${name}`;

/**
 * The changes between two versions of one request that a recorder keeps: none when nothing
 * it records changed.
 */
export type RequestChangeDiff<T> = (
  previous: ResourceRequest,
  request: ResourceRequest,
  time: string,
) => T[];

/**
 * Records, for each request of a platform, the changes (`diff`) that the request caches see
 * between one version of the request and the next. Bounded: at most `perRequest` changes of
 * one request, and `total` in all, the requests that changed least recently forgotten
 * first. A request's first sighting is its baseline, not a change; a deleted request's
 * history goes with it.
 * @internal
 */
export class RequestChangeRecorder<T> {
  private readonly entries = new Map<string, T[]>();
  private count = 0;
  private readonly perRequest: number;
  private readonly total: number;
  private readonly now: () => Date;

  constructor(
    private readonly diff: RequestChangeDiff<T>,
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
        for (const [key, changes] of this.entries)
          if (key.startsWith(`${promise}/`) && !listed.has(key)) {
            this.count -= changes.length;
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
  history(ref: { promise: string; namespace: string; name: string }): T[] {
    const changes = this.entries.get(
      keyOf(ref.promise, ref.namespace, ref.name),
    );
    return changes ? [...changes].reverse() : [];
  }

  /** Forgets every request of a Promise (its API is gone). */
  forget(promise: string): void {
    for (const [key, changes] of this.entries)
      if (key.startsWith(`${promise}/`)) {
        this.count -= changes.length;
        this.entries.delete(key);
      }
  }

  private forgetRequest(promise: string, request: ResourceRequest): void {
    const key = keyOf(
      promise,
      request.metadata.namespace,
      request.metadata.name,
    );
    const changes = this.entries.get(key);
    if (!changes) return;
    this.count -= changes.length;
    this.entries.delete(key);
  }

  /**
   * Records how a request changed from the object the cache held before; nothing is kept
   * for requests that never change (the cache holds what they are).
   */
  private observe(
    promise: string,
    previous: ResourceRequest | undefined,
    request: ResourceRequest,
  ): void {
    if (!previous) return;
    const changes = this.diff(previous, request, this.now().toISOString());
    if (changes.length === 0) return;
    const key = keyOf(
      promise,
      request.metadata.namespace,
      request.metadata.name,
    );
    const entry = this.entries.get(key) ?? [];
    entry.push(...changes);
    this.count += changes.length;
    const over = entry.length - this.perRequest;
    if (over > 0) {
      entry.splice(0, over);
      this.count -= over;
    }
    // The most recently changed last, so the least recently changed go first.
    this.entries.delete(key);
    this.entries.set(key, entry);
    for (const [oldKey, oldEntry] of this.entries) {
      if (this.count <= this.total || oldKey === key) break;
      this.count -= oldEntry.length;
      this.entries.delete(oldKey);
    }
  }
}
