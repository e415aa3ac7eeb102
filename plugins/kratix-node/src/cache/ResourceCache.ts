import { LoggerService } from '@backstage/backend-plugin-api';
import { KubernetesObject } from '@kratix-backstage/plugin-kratix-common';
import {
  KubernetesApiClient,
  ResourceType,
} from '../kubernetes/KubernetesApiClient';
import { KubernetesApiError } from '../kubernetes/KubernetesApiError';
import { IndexKeyOf, KeyIndex } from './KeyIndex';
import { ObjectIndex, ReadonlyObjectIndex } from './ObjectIndex';

/** Sync state of one cached collection. @public */
export interface CacheState {
  /** The initial list has completed (possibly with an empty collection). */
  synced: boolean;
  /** The API server does not serve this resource (an optional kind on older Kratix). */
  missing: boolean;
  lastSync?: string;
  lastError?: string;
  /** True while serving data that may be out of date (the watch is down). */
  stale: boolean;
}

/** A change to a cached collection, as delivered to subscribers. @public */
export interface CacheChange<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'RESYNC';
  object?: T;
  /** The object this change replaced or removed, where the cache held one. */
  previous?: T;
  /** RESYNC after the first list: what the cache held before, by namespace and name. */
  previousObjects?: ReadonlyObjectIndex<T>;
}

/** Options of a resource cache. @public */
export interface ResourceCacheOptions<T = KubernetesObject> {
  logger?: LoggerService;
  /** Resources Kratix may not have (older versions): a 404 on list means "none", not an error. */
  optional?: boolean;
  /** Only objects with these labels (a Kubernetes label selector). */
  labelSelector?: string;
  /** First and largest wait between retries after an error. */
  backoff?: { initialMs: number; maxMs: number };
  /**
   * What the cache keeps of each object it lists or is sent by the watch (e.g. the object
   * without its workloads' content). It is given an object freshly decoded for the cache,
   * which nothing else holds: it may keep its parts, or change them, rather than copy them.
   */
  transform?: (object: T) => T;
  /**
   * The most objects per list call: a large collection is listed in pages (`limit` and
   * `continue`), so no answer has to hold all of it at once, each sized to the text of the
   * objects before it (see pageLimit). Default 500; 0 lists in one call.
   */
  pageSize?: number;
  /**
   * The collection holds Kratix workloads (Works, WorkPlacements) whose `content` the
   * transform drops: lists leave it out before parsing (see KubernetesApiClient.list).
   */
  withoutWorkloadContent?: boolean;
  /** Members the transform drops, cut out of list answers before parsing (see ListOptions). */
  withoutMembers?: string[];
  /**
   * Keys to look the kept objects up by (see withKey), each kept up to date on every change
   * and list, so a lookup reads only the objects filed under its key.
   */
  indexes?: Record<string, IndexKeyOf<T>>;
}

/**
 * Keeps one collection of the API server in memory: list once, then watch from the list's
 * resourceVersion; on 410 Gone list again; on any other error keep serving what it has,
 * marked stale, and retry with exponential backoff. Reads never reach the API server.
 * @public
 */
export class ResourceCache<T extends KubernetesObject = KubernetesObject> {
  private objects!: ObjectIndex<T>;
  private indexes!: Map<string, KeyIndex<T>>;
  private resourceVersion = '';
  private readonly listeners = new Set<(change: CacheChange<T>) => void>();
  private current: CacheState = { synced: false, missing: false, stale: true };
  private stopped = true;
  private abortWatch?: () => void;
  private retryTimer?: NodeJS.Timeout;
  private failures = 0;
  private firstSync?: Promise<void>;
  private resolveFirstSync?: () => void;

  constructor(
    private readonly client: KubernetesApiClient,
    readonly resource: ResourceType,
    private readonly options: ResourceCacheOptions<T> = {},
  ) {
    this.hold(new ObjectIndex<T>());
  }

  /** What the cache keeps of an object. */
  private keep(object: T): T {
    return this.options.transform ? this.options.transform(object) : object;
  }

  /** Starts list-and-watch; resolves once the first list has completed or failed. */
  start(): Promise<void> {
    if (!this.stopped) return this.firstSync!;
    this.stopped = false;
    this.firstSync = new Promise(resolve => {
      this.resolveFirstSync = resolve;
    });
    void this.relist();
    return this.firstSync;
  }

  /** Stops watching; the data stays readable. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.abortWatch?.();
    this.abortWatch = undefined;
    this.resolveFirstSync?.();
  }

  /** Every cached object. */
  list(): T[] {
    return this.objects.values();
  }

  /**
   * The cached objects an index (see ResourceCacheOptions.indexes) files under a key: what
   * list() filtered by that key gives, in the same order.
   */
  withKey(index: string, key: string): T[] {
    const keys = this.indexes.get(index);
    if (!keys) throw new Error(`No index ${index} on ${this.resource.plural}`);
    return keys.get(key);
  }

  /** Holds these objects from now on, indexed afresh. */
  private hold(objects: ObjectIndex<T>): void {
    this.objects = objects;
    this.indexes = new Map(
      Object.entries(this.options.indexes ?? {}).map(([name, keyOf]) => [
        name,
        new KeyIndex(objects, keyOf),
      ]),
    );
  }

  /** One cached object. */
  get(name: string, namespace?: string): T | undefined {
    return this.objects.get(namespace, name);
  }

  /** Number of cached objects. */
  get size(): number {
    return this.objects.size;
  }

  state(): CacheState {
    return { ...this.current };
  }

  /** Calls the listener on every change; returns the unsubscribe function. */
  subscribe(listener: (change: CacheChange<T>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(change: CacheChange<T>): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        this.options.logger?.warn(
          `Kratix cache listener failed: ${String(error)}`,
        );
      }
    }
  }

  private async relist(): Promise<void> {
    if (this.stopped) return;
    try {
      // Page by page into a new map: reads go on being served the old one until the list is whole.
      const listed = new ObjectIndex<T>();
      // Pages are parsed as the next one is on its way (see listPaged); a page size of 0
      // lists everything in one call.
      const { resourceVersion } = await this.client.listPaged<T>(
        this.resource,
        {
          labelSelector: this.options.labelSelector,
          withoutWorkloadContent: this.options.withoutWorkloadContent,
          withoutMembers: this.options.withoutMembers,
          limit: this.options.pageSize ?? 500,
        },
        items => {
          // Stopped half way: the rest is not asked for.
          if (this.stopped) return false;
          for (const item of items) listed.set(this.keep(item));
          return true;
        },
      );
      if (this.stopped) return;
      const previousObjects = this.objects;
      this.hold(listed);
      this.resourceVersion = resourceVersion;
      this.failures = 0;
      this.current = {
        synced: true,
        missing: false,
        stale: false,
        lastSync: new Date().toISOString(),
      };
      this.notify({
        type: 'RESYNC',
        ...(previousObjects.size ? { previousObjects } : {}),
      });
      this.resolveFirstSync?.();
      await this.watch();
    } catch (error) {
      const apiError = KubernetesApiError.from(
        error,
        `list ${this.resource.plural}`,
      );
      if (apiError.statusCode === 404 && this.options.optional) {
        // The kind does not exist on this Kratix: nothing to cache, nothing to retry soon.
        this.hold(new ObjectIndex<T>());
        this.current = {
          synced: true,
          missing: true,
          stale: false,
          lastSync: new Date().toISOString(),
        };
        this.resolveFirstSync?.();
        this.scheduleRetry(() => this.relist(), 5 * 60_000);
        return;
      }
      this.fail(apiError.message);
      this.resolveFirstSync?.();
      this.scheduleRetry(() => this.relist());
    }
  }

  private async watch(): Promise<void> {
    if (this.stopped) return;
    let gone = false;
    let ended = false;
    const handle = await this.client
      .watch(
        this.resource,
        this.resourceVersion,
        this.options.labelSelector,
        (type, object) => {
          if (type === 'ERROR') {
            if (object?.code === 410) gone = true;
            else
              this.fail(
                `watch ${this.resource.plural}: ${
                  object?.message ?? 'error event'
                }`,
              );
            return;
          }
          if (object?.metadata?.resourceVersion)
            this.resourceVersion = object.metadata.resourceVersion;
          if (type === 'BOOKMARK') {
            this.current = {
              ...this.current,
              stale: false,
              lastError: undefined,
            };
            return;
          }
          const kept = this.keep(object);
          let previous: T | undefined;
          if (type === 'DELETED') {
            previous = this.objects.delete(kept);
            if (previous)
              for (const index of this.indexes.values())
                index.removed(previous);
          } else {
            previous = this.objects.set(kept);
            for (const index of this.indexes.values())
              index.changed(kept, previous);
          }
          this.current = {
            ...this.current,
            stale: false,
            lastSync: new Date().toISOString(),
          };
          this.notify({ type, object: kept, previous });
        },
        error => {
          ended = true;
          this.abortWatch = undefined;
          if (this.stopped) return;
          if (gone) {
            this.options.logger?.info(
              `Watch of ${this.resource.plural} expired (410 Gone); listing again`,
            );
            void this.relist();
          } else if (error) {
            this.fail((error as Error).message);
            this.scheduleRetry(() => this.watch());
          } else {
            // The server closed the watch (its timeout, a restart): resume from where it was,
            // and count the data as stale until the new watch answers.
            this.current = {
              ...this.current,
              stale: true,
              lastError: `watch of ${this.resource.plural} closed; reconnecting`,
            };
            void this.watch().catch(e => this.onWatchStartError(e));
          }
        },
      )
      .catch(e => {
        this.onWatchStartError(e);
        return undefined;
      });
    if (handle && !ended) {
      // The stream is open: whatever failed before has recovered.
      this.abortWatch = handle.abort;
      this.failures = 0;
      this.current = { ...this.current, stale: false, lastError: undefined };
    }
  }

  private onWatchStartError(error: unknown): void {
    this.fail(
      KubernetesApiError.from(error, `watch ${this.resource.plural}`).message,
    );
    this.scheduleRetry(() => this.watch());
  }

  private fail(message: string): void {
    this.failures += 1;
    this.current = { ...this.current, stale: true, lastError: message };
    this.options.logger?.warn(
      `Kratix cache of ${this.resource.plural}: ${message}`,
    );
  }

  private scheduleRetry(fn: () => Promise<void>, fixedMs?: number): void {
    if (this.stopped) return;
    const { initialMs, maxMs } = this.options.backoff ?? {
      initialMs: 1000,
      maxMs: 30_000,
    };
    const wait =
      fixedMs ??
      Math.min(maxMs, initialMs * 2 ** Math.max(0, this.failures - 1));
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void fn(), wait);
    this.retryTimer.unref?.();
  }
}
