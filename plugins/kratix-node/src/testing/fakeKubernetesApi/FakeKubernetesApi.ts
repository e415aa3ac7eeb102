import { http, HttpResponse, RequestHandler } from 'msw';
import { KubernetesObject } from '@kratix-backstage/plugin-kratix-common';
import { dryRunCrd } from '../dryRunCrd';
import { FakeAuditEvent, recordAudit } from './audit';
import {
  allowed,
  FAKE_SERVICE_ACCOUNT_TOKEN,
  FAKE_SERVICE_ACCOUNT_USER,
  FakeGrant,
  FakePolicy,
  FakeRequestAttributes,
  forbidden,
  Token,
  Tokens,
} from './auth';
import {
  BUILT_IN_RESOURCES,
  FRESH_CLUSTER_NAMESPACES,
  kratixCrds,
} from './builtIns';
import { createObject } from './create';
import { deleteCollection, deleteObject } from './deletes';
import {
  discovery,
  isDiscoveryPath,
  PUBLIC_INFO_PATHS,
  publicInfo,
} from './discovery';
import { FakeFault, Faults } from './faults';
import { listPage, selectorOf } from './lists';
import { asServed, FakeResource, objectId, sortedByKey } from './model';
import { PodLogs } from './podLogs';
import {
  METHOD_NOT_ALLOWED,
  NOT_FOUND_PAGE,
  notFound,
  status,
} from './responses';
import {
  callName,
  parseRoute,
  requestAttributes,
  Route,
  verbOf,
} from './routing';
import { ObjectStore } from './store';
import { requestedObject, updateObject } from './update';
import { Watches } from './watches';

/** Options of a fake API server. @public */
export interface FakeKubernetesApiOptions {
  /**
   * How often an open watch that asked for bookmarks (`allowWatchBookmarks=true`) gets a
   * BOOKMARK event; default 1000 ms (a real API server sends one about every minute).
   */
  bookmarkIntervalMs?: number;
  /**
   * Serve Kratix's DryRun (dryruns.platform.kratix.io), whose CRD Kratix HEAD installs
   * whether or not its DryRun controller runs; false for an older Kratix (v0.125.0 has none).
   * Default true.
   */
  dryRuns?: boolean;
}

/**
 * A Kubernetes API server for tests, answered through msw, that keeps the API conventions
 * a client meets on a real cluster:
 *
 * - Authentication and authorization per request: no `Authorization: Bearer` or an unknown
 *   token is 401; a known token without the right is 403 with Kubernetes' RBAC message.
 *   `FAKE_SERVICE_ACCOUNT_TOKEN` (what `kubeConfigFor(fake)` uses) may do everything;
 *   {@link FakeKubernetesApi.grant} gives other tokens rights.
 * - List, get, create, replace, patch (merge and JSON patch), delete and deletecollection,
 *   with label and field selectors; lists sorted by namespace and name.
 * - Create checks apiVersion and kind against the URL (400), the namespace (404, or 403
 *   while it terminates), names, labels and annotations (422), and existence (409); the
 *   server sets uid, resourceVersion, generation and a real creationTimestamp.
 * - Updates: resourceVersion preconditions (409), generation bumped on changes outside
 *   metadata (and status, where the status subresource exists), no-op writes not stored.
 * - Finalizers: delete marks the object; it goes once its finalizers are removed.
 * - Watches: synthetic ADDED for every existing object without a resourceVersion (or with
 *   "0"), changes after a given resourceVersion, ADDED/DELETED when an object starts or stops
 *   matching the label selector, periodic BOOKMARKs of the resource's own kind,
 *   `timeoutSeconds`, and 410 Gone (an ERROR event) for a compacted resourceVersion.
 * - Subresources only where they exist: `/status` for kinds with a status subresource,
 *   `/log` for pods.
 * - Discovery (`/api`, `/api/v1`, `/apis`, `/apis/<group>`, `/apis/<group>/<version>`,
 *   `/version`), and CRDs: a created CustomResourceDefinition is served at once (and shows in
 *   discovery); a deleted one stops being served, with its objects gone.
 * - Injected faults, and counts of the calls it serves (for tests and benchmarks).
 *
 * Each concern lives in its own file of this folder; this class is the server's face and
 * its request pipeline (faults, authentication, authorization, then the verb).
 * @public
 */
export class FakeKubernetesApi {
  readonly baseUrl: string;
  /** Number of requests served, by `METHOD kind-of-call`. */
  readonly calls = new Map<string, number>();
  /** Every resource request served, with its user and answer (the last 10000). */
  readonly audit: FakeAuditEvent[] = [];
  /** The Authorization header of the last write (create, replace, patch, delete). */
  lastWriteAuthorization?: string;
  private readonly store = new ObjectStore();
  private readonly watches: Watches;
  private readonly tokens = new Tokens();
  private readonly faults = new Faults();
  private readonly logs = new PodLogs();

  constructor(
    baseUrl = 'https://platform.kratix.test',
    options: FakeKubernetesApiOptions = {},
  ) {
    this.baseUrl = baseUrl;
    this.watches = new Watches(this.store, options.bookmarkIntervalMs ?? 1000);
    this.serviceAccount(FAKE_SERVICE_ACCOUNT_TOKEN);
    for (const r of BUILT_IN_RESOURCES)
      this.store.registerServed(
        { ...r, subresources: r.subresources ?? [] },
        true,
      );
    for (const name of FRESH_CLUSTER_NAMESPACES) this.ensureNamespace(name);
    // Kratix is installed.
    for (const crd of kratixCrds()) this.put(crd);
    if (options.dryRuns !== false) this.put(dryRunCrd());
  }

  // ---------------------------------------------------------------------------------------
  // Tokens and rights

  /**
   * Makes a token known with every right, as a service account bound to cluster-admin.
   * `kubeConfigFor(fake, token)` calls it for a token the fake does not know yet.
   */
  serviceAccount(token: string, user = FAKE_SERVICE_ACCOUNT_USER): void {
    this.grant(token, { user });
  }

  /**
   * Gives a token a right (a rule, or a policy function), making the token known if it was
   * not. Rights add up, as RBAC rules do. The token authenticates as `rule.user`, else as
   * the user it already has, else as a made-up `user-<n>`; messages never name the token.
   */
  grant(token: string, rule: FakeGrant | FakePolicy = {}): void {
    this.tokens.grant(token, rule);
  }

  /** Forgets a token: requests with it get 401 from now on. */
  revoke(token: string): void {
    this.tokens.revoke(token);
  }

  /** Whether the fake knows a token (it would not answer 401). */
  knowsToken(token: string): boolean {
    return this.tokens.knows(token);
  }

  // ---------------------------------------------------------------------------------------
  // Resource types

  /** Serves another resource type directly, without a CRD object (prefer `put`ting a CRD). */
  register(resource: FakeResource): void {
    this.store.registerServed(
      { ...resource, subresources: resource.subresources ?? [] },
      false,
    );
  }

  /** Stops serving a resource type (as if its CRD were missing on an older Kratix). */
  unregister(group: string, version: string, plural: string): void {
    this.store.unregister(group, version, plural);
  }

  // ---------------------------------------------------------------------------------------
  // Direct access, as a controller (or the test) has it

  /** Current resourceVersion of the store. */
  get resourceVersion(): string {
    return String(this.store.rv);
  }

  /**
   * Adds or replaces an object directly, as a controller would, emitting a watch event; its
   * namespace is created if missing (an object never lives in a namespace that does not
   * exist). Status is written too. A CRD starts being served.
   */
  put(object: KubernetesObject): KubernetesObject {
    return this.store.put(object);
  }

  /** Removes an object directly (finalizers notwithstanding), emitting a DELETED event. */
  remove(
    apiVersion: string,
    kind: string,
    name: string,
    namespace?: string,
  ): void {
    this.store.remove(apiVersion, kind, name, namespace);
  }

  /** Every stored object of a kind. */
  list(apiVersion: string, kind: string): KubernetesObject[] {
    return this.store.list(apiVersion, kind);
  }

  /** Creates a namespace if it does not exist yet. */
  ensureNamespace(name: string, labels: Record<string, string> = {}): void {
    this.store.ensureNamespace(name, labels);
  }

  /** Sets the log text of a pod's container (the pod itself must be `put`). */
  setLog(
    namespace: string,
    pod: string,
    container: string,
    text: string,
  ): void {
    this.logs.set(namespace, pod, container, text);
  }

  /** Injects a fault into the next matching requests. */
  fail(fault: FakeFault): void {
    this.faults.add(fault);
  }

  /** Clears injected faults. */
  clearFaults(): void {
    this.faults.clear();
  }

  /** Forgets event history, so watches from an older resourceVersion get 410 Gone. */
  compact(): void {
    this.watches.compact();
  }

  /** Ends every open watch stream, as an API server does on timeout or restart. */
  dropWatches(): void {
    this.watches.dropAll();
  }

  /** Total calls served. */
  totalCalls(): number {
    return [...this.calls.values()].reduce((a, b) => a + b, 0);
  }

  /** The msw handlers that answer for this API server. */
  handlers(): RequestHandler[] {
    return [
      http.all(`${this.baseUrl}/*`, ({ request }) => this.handle(request)),
    ];
  }

  // ---------------------------------------------------------------------------------------
  // HTTP

  private count(name: string): void {
    this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
  }

  private async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const injected = await this.faults.answer(request, url);
    if (injected) return injected;
    const method = request.method;
    if (method !== 'GET')
      this.lastWriteAuthorization =
        request.headers.get('authorization') ?? undefined;
    const path = url.pathname.replace(/\/+$/, '') || '/';

    // Public information, as system:public-info-viewer allows it.
    if (PUBLIC_INFO_PATHS.includes(path)) {
      if (method !== 'GET') return NOT_FOUND_PAGE();
      this.count('DISCOVERY');
      return publicInfo(path);
    }

    const discoveryPath = isDiscoveryPath(path);
    const route = discoveryPath ? undefined : parseRoute(path);
    const attributes =
      route &&
      requestAttributes(route, verbOf(method, route, url.searchParams));

    // Authentication: a bearer token the server knows, on every request.
    const token = this.tokens.authenticate(
      request.headers.get('authorization'),
    );
    if (!token) {
      this.count('UNAUTHORIZED');
      if (attributes) recordAudit(this.audit, { ...attributes, code: 401 });
      return status(401, 'Unauthorized', 'Unauthorized');
    }

    if (discoveryPath) {
      this.count('DISCOVERY');
      return discovery(
        path,
        method,
        this.store.servedResources(),
        this.baseUrl,
      );
    }
    if (!route || !attributes) return NOT_FOUND_PAGE();
    const answer = await this.serve(
      request,
      url,
      route,
      { ...attributes, user: token.user },
      token,
    );
    recordAudit(this.audit, {
      ...attributes,
      user: token.user,
      code: answer.status,
    });
    return answer;
  }

  private async serve(
    request: Request,
    url: URL,
    route: Route,
    attributes: FakeRequestAttributes,
    token: Token,
  ): Promise<Response> {
    const method = request.method;
    const { verb } = attributes;
    this.count(callName(verb, route, method));

    // Authorization, before the server looks at what exists.
    if (!allowed(token, attributes)) return forbidden(token, route, attributes);

    const resource = this.store.served(route);
    if (!resource) return NOT_FOUND_PAGE();
    // Namespaced kinds live under /namespaces/<ns>/ (lists and watches may span them all);
    // cluster-scoped kinds never do.
    if (
      resource.namespaced &&
      !route.namespace &&
      (route.name || verb === 'create')
    )
      return NOT_FOUND_PAGE();
    if (!resource.namespaced && route.namespace) return NOT_FOUND_PAGE();
    if (route.sub) {
      if (!resource.subresources.includes(route.sub) || !route.name)
        return NOT_FOUND_PAGE();
      const allowedMethods =
        route.sub === 'log' ? ['GET'] : ['GET', 'PUT', 'PATCH'];
      if (!allowedMethods.includes(method)) return METHOD_NOT_ALLOWED();
    }
    if (route.name && method === 'POST') return METHOD_NOT_ALLOWED();

    const store = this.store.storeOf(resource);
    const existing = route.name
      ? store.get(
          objectId(
            resource.namespaced ? route.namespace : undefined,
            route.name,
          ),
        )
      : undefined;

    if (route.sub === 'log') return this.logs.serve(url, route, existing);

    const dryRun = url.searchParams.get('dryRun') === 'All';
    if (verb === 'list' || verb === 'watch' || verb === 'deletecollection') {
      let matches: (o: KubernetesObject) => boolean;
      try {
        matches = selectorOf(url.searchParams);
      } catch (error) {
        return status(400, 'BadRequest', (error as Error).message);
      }
      if (verb === 'watch')
        return this.watches.open(
          resource,
          route.namespace,
          matches,
          url.searchParams,
        );
      const items = sortedByKey(
        [...store.values()].filter(
          o =>
            (!route.namespace || o.metadata.namespace === route.namespace) &&
            matches(o),
        ),
      );
      if (verb === 'deletecollection')
        return deleteCollection(this.store, resource, items, dryRun);
      return listPage(resource, items, url.searchParams, this.store.rv, rv =>
        this.watches.expired(rv),
      );
    }

    if (verb === 'get')
      return existing
        ? HttpResponse.json(asServed(existing, resource))
        : notFound(resource, route.name);

    if (verb === 'delete') {
      if (!existing) return notFound(resource, route.name);
      return deleteObject(request, this.store, resource, existing, dryRun);
    }

    const body = await request.json().catch(() => undefined);
    if (body === undefined || body === null)
      return status(400, 'BadRequest', 'the request body is not valid JSON');

    if (verb === 'create')
      return createObject(this.store, resource, route, body, dryRun);

    if (!existing) return notFound(resource, route.name);
    const next = requestedObject(
      request,
      verb,
      resource,
      route,
      existing,
      body,
    );
    if (next instanceof Response) return next;
    return updateObject(this.store, resource, route, existing, next, dryRun);
  }
}
