import { http, HttpResponse, RequestHandler } from 'msw';
import {
  KRATIX_KINDS,
  KRATIX_GROUP,
  KRATIX_VERSION,
  KubernetesObject,
  matchesLabelSelector,
  parseLabelSelector,
} from '@kratix-backstage/plugin-kratix-common';

/** A resource type the fake API server serves. @public */
export interface FakeResource {
  group: string; // '' for the core group
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
}

interface StoredEvent {
  rv: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  resource: string;
  object: KubernetesObject;
}

interface Watcher {
  resource: string;
  namespace?: string;
  selector: ReturnType<typeof parseLabelSelector>;
  push(line: string): void;
  close(): void;
}

/** A fault to inject into the next matching requests. @public */
export interface FakeFault {
  status: number;
  /** How many requests fail; Infinity until cleared. */
  times: number;
  /** Only requests whose method and path match. */
  method?: string;
  pathIncludes?: string;
  /** Wait this long before answering (a slow server); with status 0, answer normally after it. */
  delayMs?: number;
}

const resourceKey = (r: { group: string; version: string; plural: string }) =>
  `${r.group || 'core'}/${r.version}/${r.plural}`;

function status(code: number, reason: string, message: string) {
  return HttpResponse.json(
    { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code },
    { status: code },
  );
}

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  410: 'Expired',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** RFC 7386 JSON merge patch. */
function mergePatch(target: any, patch: any): any {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out = target && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** RFC 6902 JSON patch (add, remove, replace, test). */
function jsonPatch(target: any, ops: Array<{ op: string; path: string; value?: unknown }>): any {
  const doc = structuredClone(target);
  for (const op of ops) {
    const parts = op.path.split('/').slice(1).map(p => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = parts.pop()!;
    let parent = doc;
    for (const p of parts) {
      if (parent[p] === undefined) {
        if (op.op === 'add') parent[p] = {};
        else throw new Error(`path ${op.path} does not exist`);
      }
      parent = parent[p];
    }
    if (op.op === 'add' || op.op === 'replace') {
      if (op.op === 'replace' && !(last in parent)) throw new Error(`path ${op.path} does not exist`);
      if (Array.isArray(parent) && last === '-') parent.push(op.value);
      else parent[last] = op.value;
    } else if (op.op === 'remove') {
      if (!(last in parent)) throw new Error(`path ${op.path} does not exist`);
      delete parent[last];
    } else if (op.op === 'test') {
      if (JSON.stringify(parent[last]) !== JSON.stringify(op.value)) throw new Error(`test failed at ${op.path}`);
    } else throw new Error(`unsupported op ${op.op}`);
  }
  return doc;
}

/**
 * A faithful-enough Kubernetes API server for tests, answered through msw: list, get,
 * create, replace, patch (merge and JSON patch), delete and watch of registered resources,
 * with label selectors, resourceVersion, the status subresource, pod logs, Kubernetes
 * `Status` errors, 410 Gone for expired watches, and injected faults. It counts the calls it
 * serves so tests and benchmarks can say how many API-server calls a view cost.
 * @public
 */
export class FakeKubernetesApi {
  readonly baseUrl: string;
  /** Number of requests served, by `METHOD kind-of-call`. */
  readonly calls = new Map<string, number>();
  private readonly resources = new Map<string, FakeResource>();
  private readonly objects = new Map<string, Map<string, KubernetesObject>>();
  private readonly history: StoredEvent[] = [];
  private readonly watchers = new Set<Watcher>();
  private readonly faults: FakeFault[] = [];
  private readonly logs = new Map<string, string>();
  /** The Authorization header of the last write (create, replace, patch, delete). */
  lastWriteAuthorization?: string;
  private rv = 1000;
  /** Events older than this resourceVersion are forgotten; watching from before it gives 410. */
  private oldestRetained = 0;

  constructor(baseUrl = 'https://platform.kratix.test') {
    this.baseUrl = baseUrl;
    for (const [kind, info] of Object.entries(KRATIX_KINDS)) {
      this.register({ group: KRATIX_GROUP, version: KRATIX_VERSION, plural: info.plural, kind, namespaced: info.namespaced });
    }
    this.register({ group: '', version: 'v1', plural: 'pods', kind: 'Pod', namespaced: true });
    this.register({ group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace', namespaced: false });
    this.register({ group: 'batch', version: 'v1', plural: 'jobs', kind: 'Job', namespaced: true });
    this.register({
      group: 'apiextensions.k8s.io',
      version: 'v1',
      plural: 'customresourcedefinitions',
      kind: 'CustomResourceDefinition',
      namespaced: false,
    });
  }

  /** Serves another resource type (a Promise's API, say). */
  register(resource: FakeResource): void {
    const key = resourceKey(resource);
    this.resources.set(key, resource);
    if (!this.objects.has(key)) this.objects.set(key, new Map());
  }

  /** Stops serving a resource type (as if its CRD were missing on an older Kratix). */
  unregister(group: string, version: string, plural: string): void {
    this.resources.delete(resourceKey({ group, version, plural }));
  }

  /** Current resourceVersion of the store. */
  get resourceVersion(): string {
    return String(this.rv);
  }

  /** Adds or replaces an object directly, as a controller would, emitting a watch event. */
  put(object: KubernetesObject): KubernetesObject {
    const resource = this.resourceFor(object.apiVersion, object.kind);
    const key = resourceKey(resource);
    const store = this.objects.get(key)!;
    const id = this.objectId(object.metadata.namespace, object.metadata.name);
    const existing = store.get(id);
    const stored = structuredClone(object);
    stored.metadata.resourceVersion = String(++this.rv);
    stored.metadata.uid = existing?.metadata.uid ?? stored.metadata.uid ?? `uid-${this.rv}`;
    stored.metadata.generation = stored.metadata.generation ?? existing?.metadata.generation ?? 1;
    stored.metadata.creationTimestamp =
      existing?.metadata.creationTimestamp ?? stored.metadata.creationTimestamp ?? new Date(0).toISOString();
    store.set(id, stored);
    this.emit(existing ? 'MODIFIED' : 'ADDED', key, stored);
    return stored;
  }

  /** Removes an object directly, emitting a DELETED event. */
  remove(apiVersion: string, kind: string, name: string, namespace?: string): void {
    const key = resourceKey(this.resourceFor(apiVersion, kind));
    const store = this.objects.get(key)!;
    const id = this.objectId(namespace, name);
    const existing = store.get(id);
    if (!existing) return;
    store.delete(id);
    const gone = structuredClone(existing);
    gone.metadata.resourceVersion = String(++this.rv);
    this.emit('DELETED', key, gone);
  }

  /** Every stored object of a kind. */
  list(apiVersion: string, kind: string): KubernetesObject[] {
    return [...this.objects.get(resourceKey(this.resourceFor(apiVersion, kind)))!.values()];
  }

  /** Sets the log text of a pod container. */
  setLog(namespace: string, pod: string, container: string, text: string): void {
    this.logs.set(`${namespace}/${pod}/${container}`, text);
  }

  /** Injects a fault into the next matching requests. */
  fail(fault: FakeFault): void {
    this.faults.push({ ...fault });
  }

  /** Clears injected faults. */
  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Forgets event history, so watches from an older resourceVersion get 410 Gone. */
  compact(): void {
    this.oldestRetained = this.rv;
    this.history.length = 0;
  }

  /** Ends every open watch stream, as an API server does on timeout or restart. */
  dropWatches(): void {
    for (const w of [...this.watchers]) w.close();
  }

  /** Total calls served. */
  totalCalls(): number {
    return [...this.calls.values()].reduce((a, b) => a + b, 0);
  }

  /** The msw handlers that answer for this API server. */
  handlers(): RequestHandler[] {
    return [http.all(`${this.baseUrl}/*`, ({ request }) => this.handle(request))];
  }

  private objectId(namespace: string | undefined, name: string): string {
    return `${namespace ?? ''}/${name}`;
  }

  private resourceFor(apiVersion: string, kind: string): FakeResource {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    for (const r of this.resources.values()) {
      if (r.group === group && r.version === version && r.kind.toLowerCase() === kind.toLowerCase()) return r;
    }
    throw new Error(`FakeKubernetesApi: no resource registered for ${apiVersion} ${kind}`);
  }

  private emit(type: StoredEvent['type'], resource: string, object: KubernetesObject): void {
    const event: StoredEvent = { rv: this.rv, type, resource, object: structuredClone(object) };
    this.history.push(event);
    for (const w of this.watchers) this.deliver(w, event);
  }

  private deliver(w: Watcher, event: StoredEvent): void {
    if (event.resource !== w.resource) return;
    if (w.namespace && event.object.metadata.namespace !== w.namespace) return;
    if (!matchesLabelSelector(event.object.metadata.labels, w.selector)) return;
    w.push(`${JSON.stringify({ type: event.type, object: event.object })}\n`);
  }

  private count(name: string): void {
    this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
  }

  private async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const fault = this.faults.find(
      f =>
        f.times > 0 &&
        (!f.method || f.method === request.method) &&
        (!f.pathIncludes || `${url.pathname}${url.search}`.includes(f.pathIncludes)),
    );
    if (fault) {
      fault.times -= 1;
      if (fault.delayMs) await new Promise(r => setTimeout(r, fault.delayMs));
      if (fault.status) {
        return status(fault.status, REASONS[fault.status] ?? 'Unknown', `injected fault: HTTP ${fault.status}`);
      }
    }
    const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?(?:\/(status|log))?$/.exec(
      url.pathname,
    );
    if (!m) return status(404, 'NotFound', `the server could not find the requested resource (${url.pathname})`);
    const [, coreVersion, group = '', groupVersion, namespace, plural, name, sub] = m;
    const version = coreVersion ?? groupVersion;
    const key = resourceKey({ group, version, plural });
    const resource = this.resources.get(key);
    if (!resource) {
      return status(404, 'NotFound', `the server could not find the requested resource (${plural}.${group || 'core'})`);
    }
    const store = this.objects.get(key)!;
    const method = request.method;
    if (method !== 'GET') this.lastWriteAuthorization = request.headers.get('authorization') ?? undefined;
    if (sub === 'log' && resource.plural === 'pods' && name) {
      this.count('GET log');
      const text = this.logs.get(`${namespace}/${name}/${url.searchParams.get('container') ?? ''}`);
      if (text === undefined) return status(404, 'NotFound', `pods "${name}" not found`);
      return new HttpResponse(text, { headers: { 'content-type': 'text/plain' } });
    }
    const selector = (() => {
      try {
        return parseLabelSelector(url.searchParams.get('labelSelector') ?? undefined);
      } catch (error) {
        return error as Error;
      }
    })();
    if (selector instanceof Error) return status(400, 'BadRequest', selector.message);

    if (method === 'GET' && !name) {
      if (url.searchParams.get('watch') === 'true') {
        this.count('WATCH');
        return this.watch(key, namespace, selector, url.searchParams.get('resourceVersion'), url.searchParams.get('allowWatchBookmarks') === 'true');
      }
      this.count('LIST');
      const items = [...store.values()].filter(
        o => (!namespace || o.metadata.namespace === namespace) && matchesLabelSelector(o.metadata.labels, selector),
      );
      return HttpResponse.json({
        apiVersion: group ? `${group}/${version}` : version,
        kind: `${resource.kind}List`,
        metadata: { resourceVersion: String(this.rv) },
        items,
      });
    }
    const id = this.objectId(resource.namespaced ? namespace : undefined, name ?? '');
    const existing = name ? store.get(id) : undefined;
    const notFound = () => status(404, 'NotFound', `${plural}.${group || 'core'} "${name}" not found`);
    if (method === 'GET') {
      this.count('GET');
      return existing ? HttpResponse.json(existing) : notFound();
    }
    if (method === 'DELETE') {
      this.count('DELETE');
      if (!existing) return notFound();
      if (existing.metadata.finalizers?.length) {
        const marked = structuredClone(existing);
        marked.metadata.deletionTimestamp = new Date().toISOString();
        return HttpResponse.json(this.put(marked));
      }
      this.remove(existing.apiVersion, existing.kind, existing.metadata.name, existing.metadata.namespace);
      return HttpResponse.json({ kind: 'Status', apiVersion: 'v1', status: 'Success', code: 200 });
    }
    const body = await request.json().catch(() => undefined);
    if (body === undefined) return status(400, 'BadRequest', 'the request body is not valid JSON');
    const dryRun = url.searchParams.get('dryRun') === 'All';
    if (method === 'POST') {
      this.count('CREATE');
      const object = body as KubernetesObject;
      if (!object?.metadata?.name) return status(422, 'Invalid', 'metadata.name: Required value');
      const createId = this.objectId(resource.namespaced ? namespace : undefined, object.metadata.name);
      if (store.has(createId)) {
        return status(409, 'AlreadyExists', `${plural}.${group || 'core'} "${object.metadata.name}" already exists`);
      }
      const { status: _ignored, ...withoutStatus } = object as KubernetesObject & { status?: unknown };
      if (dryRun) return HttpResponse.json(withoutStatus, { status: 201 });
      return HttpResponse.json(
        this.put({ ...withoutStatus, metadata: { ...object.metadata, namespace: resource.namespaced ? namespace : undefined } } as KubernetesObject),
        { status: 201 },
      );
    }
    if (!existing) return notFound();
    let next: KubernetesObject;
    if (method === 'PUT') {
      this.count('REPLACE');
      next = body as KubernetesObject;
      if (next.metadata?.resourceVersion && next.metadata.resourceVersion !== existing.metadata.resourceVersion) {
        return status(409, 'Conflict', `Operation cannot be fulfilled on ${plural} "${name}": the object has been modified`);
      }
    } else if (method === 'PATCH') {
      this.count('PATCH');
      const type = request.headers.get('content-type') ?? '';
      try {
        next = type.includes('json-patch') ? jsonPatch(existing, body as any) : mergePatch(existing, body);
      } catch (error) {
        return status(422, 'Invalid', (error as Error).message);
      }
    } else {
      return status(405, 'MethodNotAllowed', `${method} is not supported`);
    }
    // The status subresource changes only status; the main resource never changes status.
    const merged: any =
      sub === 'status'
        ? { ...existing, status: (next as any).status }
        : { ...next, status: (existing as any).status };
    const specChanged = JSON.stringify((existing as any).spec) !== JSON.stringify(merged.spec);
    merged.metadata = {
      ...merged.metadata,
      generation: (existing.metadata.generation ?? 1) + (specChanged ? 1 : 0),
    };
    return HttpResponse.json(dryRun ? merged : this.put(merged));
  }

  private watch(
    resource: string,
    namespace: string | undefined,
    selector: ReturnType<typeof parseLabelSelector>,
    fromRv: string | null,
    bookmarks: boolean,
  ): Response {
    const since = fromRv ? Number(fromRv) : this.rv;
    const encoder = new TextEncoder();
    let watcher: Watcher;
    const stream = new ReadableStream<Uint8Array>({
      start: controller => {
        let open = true;
        watcher = {
          resource,
          namespace,
          selector,
          push: line => open && controller.enqueue(encoder.encode(line)),
          close: () => {
            if (!open) return;
            open = false;
            this.watchers.delete(watcher);
            controller.close();
          },
        };
        if (since < this.oldestRetained) {
          watcher.push(
            `${JSON.stringify({
              type: 'ERROR',
              object: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410, message: `too old resource version: ${since} (${this.oldestRetained})` },
            })}\n`,
          );
          watcher.close();
          return;
        }
        this.watchers.add(watcher);
        for (const event of this.history) if (event.rv > since) this.deliver(watcher, event);
        // Like the API server, answer at once; a bookmark tells the client where it stands.
        if (bookmarks) {
          watcher.push(`${JSON.stringify({ type: 'BOOKMARK', object: { kind: 'Bookmark', metadata: { resourceVersion: String(this.rv) } } })}\n`);
        }
      },
      cancel: () => {
        this.watchers.delete(watcher);
      },
    });
    return new HttpResponse(stream, { headers: { 'content-type': 'application/json' } });
  }
}
