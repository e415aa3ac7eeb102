import { HttpResponse } from 'msw';
import { KubernetesObject } from '@kratix-backstage/plugin-kratix-common';
import {
  asServed,
  groupVersion,
  Obj,
  Served,
  StoredEvent,
  storeKey,
} from './model';
import { status } from './responses';
import { ObjectStore, StoreListener } from './store';

interface Watcher {
  store: string;
  resource: Served;
  namespace?: string;
  matches(object: KubernetesObject): boolean;
  push(event: object): void;
  close(): void;
}

/**
 * The API server's watch cache: the history of changes, and the open watch streams, each
 * told of the changes it selects.
 */
export class Watches implements StoreListener {
  private readonly history: StoredEvent[] = [];
  private readonly watchers = new Set<Watcher>();
  /** Events older than this resourceVersion are forgotten; watching from before it gives 410. */
  private oldestRetained = 0;

  constructor(
    private readonly store: ObjectStore,
    private readonly bookmarkIntervalMs: number,
  ) {
    store.subscribe(this);
  }

  changed(event: StoredEvent): void {
    this.history.push(event);
    for (const w of this.watchers) this.deliver(w, event);
  }

  storeRemoved(store: string): void {
    for (const w of [...this.watchers]) if (w.store === store) w.close();
  }

  /** Forgets event history, so watches (and list pages) from before now get 410 Gone. */
  compact(): void {
    this.oldestRetained = this.store.rv;
    this.history.length = 0;
  }

  /** Whether a resourceVersion is older than the history kept. */
  expired(rv: number): boolean {
    return rv < this.oldestRetained;
  }

  /** Ends every open watch stream, as an API server does on timeout or restart. */
  dropAll(): void {
    for (const w of [...this.watchers]) w.close();
  }

  /** What a watcher sees of an event, as the API server's watch cache decides it. */
  private deliver(w: Watcher, event: StoredEvent): void {
    if (event.store !== w.store) return;
    if (w.namespace && event.object.metadata.namespace !== w.namespace) return;
    const now_ = event.type !== 'DELETED' && w.matches(event.object);
    const before = event.prev ? w.matches(event.prev) : false;
    if (now_ && !before) {
      w.push({
        type: 'ADDED',
        object: asServed(event.object as Obj, w.resource),
      });
    } else if (now_ && before) {
      w.push({
        type: 'MODIFIED',
        object: asServed(event.object as Obj, w.resource),
      });
    } else if (!now_ && before) {
      // The previous content, at the event's resourceVersion.
      const last = asServed(event.prev! as Obj, w.resource);
      last.metadata.resourceVersion = String(event.rv);
      w.push({ type: 'DELETED', object: last });
    }
  }

  /**
   * A watch stream: synthetic ADDED for every existing object without a resourceVersion (or
   * with "0", or `sendInitialEvents`), else the changes after it; BOOKMARKs when asked for,
   * `timeoutSeconds`, and an ERROR 410 for a compacted resourceVersion.
   */
  open(
    resource: Served,
    namespace: string | undefined,
    matches: (o: KubernetesObject) => boolean,
    params: URLSearchParams,
  ): Response {
    const key = storeKey(resource);
    const fromRv = params.get('resourceVersion');
    const bookmarks = params.get('allowWatchBookmarks') === 'true';
    const initialEvents =
      !fromRv || fromRv === '0' || params.get('sendInitialEvents') === 'true';
    const since = fromRv && fromRv !== '0' ? Number(fromRv) : this.store.rv;
    if (!Number.isFinite(since))
      return status(400, 'BadRequest', `invalid resource version: ${fromRv}`);
    const timeoutSeconds = params.get('timeoutSeconds');
    const encoder = new TextEncoder();
    let watcher: Watcher;
    let timers: NodeJS.Timeout[] = [];
    const stream = new ReadableStream<Uint8Array>({
      start: controller => {
        let open = true;
        const bookmark = (annotations?: Record<string, string>) =>
          watcher.push({
            type: 'BOOKMARK',
            object: {
              kind: resource.kind,
              apiVersion: groupVersion(resource),
              metadata: {
                resourceVersion: String(this.store.rv),
                ...(annotations && { annotations }),
              },
            },
          });
        watcher = {
          store: key,
          resource,
          namespace,
          matches,
          push: event => {
            if (!open) return;
            try {
              controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
            } catch {
              watcher.close();
            }
          },
          close: () => {
            if (!open) return;
            open = false;
            for (const t of timers) clearTimeout(t);
            timers = [];
            this.watchers.delete(watcher);
            try {
              controller.close();
            } catch {
              // already closed by the reader
            }
          },
        };
        if (!initialEvents && this.expired(since)) {
          watcher.push({
            type: 'ERROR',
            object: {
              kind: 'Status',
              apiVersion: 'v1',
              metadata: {},
              status: 'Failure',
              reason: 'Expired',
              code: 410,
              message: `too old resource version: ${since} (${this.oldestRetained})`,
            },
          });
          watcher.close();
          return;
        }
        this.watchers.add(watcher);
        // The API server sends its headers at once, before any event. Through msw a response
        // starts with its first chunk, so that is a newline (whitespace between the JSON
        // documents of the stream, which every watch client skips).
        controller.enqueue(encoder.encode('\n'));
        if (initialEvents) {
          // Synthetic ADDED for every object there is, then changes from now on.
          for (const o of this.store.objectsIn(key)) {
            if (namespace && o.metadata.namespace !== namespace) continue;
            if (matches(o))
              watcher.push({ type: 'ADDED', object: asServed(o, resource) });
          }
          if (bookmarks && params.get('sendInitialEvents') === 'true')
            bookmark({ 'k8s.io/initial-events-end': 'true' });
        } else {
          for (const event of this.history)
            if (event.rv > since) this.deliver(watcher, event);
        }
        if (bookmarks) {
          const interval = setInterval(
            () => bookmark(),
            this.bookmarkIntervalMs,
          );
          interval.unref?.();
          timers.push(interval);
        }
        if (timeoutSeconds !== null && Number(timeoutSeconds) > 0) {
          const timeout = setTimeout(
            () => watcher.close(),
            Number(timeoutSeconds) * 1000,
          );
          timeout.unref?.();
          timers.push(timeout);
        }
      },
      cancel: () => {
        watcher?.close();
      },
    });
    return new HttpResponse(stream, {
      headers: { 'content-type': 'application/json' },
    });
  }
}
