import { randomUUID } from 'node:crypto';
import { http, HttpResponse, RequestHandler } from 'msw';
import {
  KRATIX_KINDS,
  KRATIX_GROUP,
  KRATIX_VERSION,
  KubernetesObject,
  matchesLabelSelector,
  parseLabelSelector,
} from '@kratix-backstage/plugin-kratix-common';
import { dryRunCrd } from './dryRunCrd';
import {
  customResourceSchemaErrors,
  SchemaFieldError,
} from './fakeSchemaValidation';

/** A resource type the fake API server serves. @public */
export interface FakeResource {
  /** '' for the core group. */
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
  /**
   * Subresources served besides the object: `status` (then writes to the object leave its
   * status alone, and only `/status` changes it), `log` (pods). None when unset.
   */
  subresources?: string[];
  /** The singular name discovery reports; the lower-cased kind when unset. */
  singular?: string;
  /** Short names discovery reports. */
  shortNames?: string[];
}

/** A fault to inject into the next matching requests. @public */
export interface FakeFault {
  /** The HTTP status to answer with; 0 to answer normally (after `delayMs`). */
  status: number;
  /** How many requests fail; Infinity until cleared. */
  times: number;
  /** Only requests whose method and path match. */
  method?: string;
  /** Only requests whose path and query contain this text. */
  pathIncludes?: string;
  /** Wait this long before answering (a slow server); with status 0, answer normally after it. */
  delayMs?: number;
  /**
   * The error's message quotes the request's bearer token (a misbehaving server or proxy):
   * its Authorization header, and the token clear, URL-encoded and in base64, so a test can
   * show none of them leaves the client.
   */
  echoToken?: boolean;
}

/**
 * What one request asks the authorizer, as Kubernetes' RBAC sees it: the verb (`get`,
 * `list`, `watch`, `create`, `update`, `patch`, `delete`, `deletecollection`), the API
 * group ('' for core), the resource's plural and subresource, the namespace (undefined at
 * the cluster scope) and the object's name when the URL names one.
 * @public
 */
export interface FakeRequestAttributes {
  user: string;
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

/**
 * A right granted to a token, like one RBAC rule bound to its user. Unset fields allow
 * everything: `{}` is cluster-admin. `resources` entries are `plural`, `plural.group`,
 * `plural/subresource`, `plural.group/subresource` or `*`; a subresource needs its own entry
 * (`promises` does not allow `promises/status`), as in RBAC. With `namespaces` the rule acts
 * like a RoleBinding in those namespaces: it allows nothing at the cluster scope (neither
 * cluster-scoped kinds nor lists across all namespaces).
 * @public
 */
export interface FakeGrant {
  /** The user the token authenticates as (named in 403 messages). */
  user?: string;
  verbs?: string[];
  resources?: string[];
  namespaces?: string[];
}

/** A policy function deciding one request; true allows it. @public */
export type FakePolicy = (request: FakeRequestAttributes) => boolean;

/** One request the fake served, as the API server's audit log would record it. @public */
export interface FakeAuditEvent {
  /** Undefined when the request carried no known token. */
  user?: string;
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  /** The HTTP status of the answer (200 for a watch that opened). */
  code: number;
}

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

/** The token `kubeConfigFor(fake)` uses, known to every fake with full rights. @public */
export const FAKE_SERVICE_ACCOUNT_TOKEN = 'fake-service-account-token';

/** The user a service-account token of the fake authenticates as. @public */
export const FAKE_SERVICE_ACCOUNT_USER =
  'system:serviceaccount:backstage:kratix-backstage';

type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

interface StoredEvent {
  rv: number;
  type: EventType;
  store: string;
  object: KubernetesObject;
  /** The object before this change (for selector transitions). */
  prev?: KubernetesObject;
}

interface Served extends FakeResource {
  subresources: string[];
  /** Compiled into the server (core, batch, apiextensions), not defined by a CRD. */
  builtIn: boolean;
  /** The CRD that defines it. */
  crd?: string;
}

interface Watcher {
  store: string;
  resource: Served;
  namespace?: string;
  matches(object: KubernetesObject): boolean;
  push(event: object): void;
  close(): void;
}

interface Token {
  user: string;
  rules: Array<FakeGrant | FakePolicy>;
}

interface Route {
  group: string;
  version: string;
  namespace?: string;
  plural: string;
  name?: string;
  sub?: string;
}

type Obj = KubernetesObject & {
  spec?: any;
  status?: any;
  metadata: KubernetesObject['metadata'] & {
    generateName?: string;
    deletionGracePeriodSeconds?: number;
  };
};

const resourceKey = (r: { group: string; version: string; plural: string }) =>
  `${r.group || 'core'}/${r.version}/${r.plural}`;
const storeKey = (r: { group: string; plural: string }) =>
  `${r.group || 'core'}/${r.plural}`;
const groupVersion = (r: { group: string; version: string }) =>
  r.group ? `${r.group}/${r.version}` : r.version;
/** `plural.group`, or `plural` for the core group, as Kubernetes names a GroupResource. */
const groupResource = (r: { group: string; plural: string }) =>
  r.group ? `${r.plural}.${r.group}` : r.plural;
/** `Kind.group`, or `Kind` for the core group, as Kubernetes names a GroupKind. */
const groupKind = (r: { group: string; kind: string }) =>
  r.group ? `${r.kind}.${r.group}` : r.kind;

const clone = <T>(value: T): T => structuredClone(value);
/** JSON with sorted keys, to compare objects whatever their key order. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

const ALL_VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

function statusBody(
  code: number,
  reason: string,
  message: string,
  details?: object,
) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details && { details }),
    code,
  };
}

function status(
  code: number,
  reason: string,
  message: string,
  details?: object,
): Response {
  return HttpResponse.json(statusBody(code, reason, message, details), {
    status: code,
  });
}

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  410: 'Expired',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

const NOT_FOUND_PAGE = () =>
  status(404, 'NotFound', 'the server could not find the requested resource', {
    causes: [
      { reason: 'UnexpectedServerResponse', message: '404 page not found' },
    ],
  });

// Kubernetes' own validation messages (k8s.io/apimachinery/pkg/util/validation).
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1123_LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

/** One field error, formatted as Kubernetes' field.Error. */
interface FieldError {
  field: string;
  reason:
    | 'FieldValueInvalid'
    | 'FieldValueRequired'
    | 'FieldValueForbidden'
    | SchemaFieldError['reason'];
  message: string;
}

const invalid = (
  field: string,
  value: unknown,
  detail: string,
): FieldError => ({
  field,
  reason: 'FieldValueInvalid',
  message: `Invalid value: ${JSON.stringify(value)}: ${detail}`,
});

function qualifiedNameErrors(value: string): string[] {
  const parts = value.split('/');
  let name = value;
  const errors: string[] = [];
  if (parts.length === 2) {
    const [prefix] = parts;
    name = parts[1];
    if (!prefix) errors.push('prefix part must be non-empty');
    else if (prefix.length > 253)
      errors.push('prefix part must be no more than 253 characters');
    else if (!DNS1123_SUBDOMAIN.test(prefix))
      errors.push(`prefix part ${DNS1123_SUBDOMAIN_MSG}`);
  } else if (parts.length > 2) {
    return [
      `a qualified name ${QUALIFIED_NAME_MSG} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (!name) errors.push('name part must be non-empty');
  else if (name.length > 63)
    errors.push('name part must be no more than 63 characters');
  else if (!QUALIFIED_NAME.test(name))
    errors.push(`name part ${QUALIFIED_NAME_MSG}`);
  return errors;
}

function metadataErrors(object: Obj, resource: Served): FieldError[] {
  const errors: FieldError[] = [];
  const { name, labels, annotations } = object.metadata;
  if (!name) {
    errors.push({
      field: 'metadata.name',
      reason: 'FieldValueRequired',
      message: 'Required value: name or generateName is required',
    });
  } else if (resource.plural === 'namespaces' && !resource.group) {
    if (name.length > 63)
      errors.push(
        invalid('metadata.name', name, 'must be no more than 63 characters'),
      );
    else if (!DNS1123_LABEL.test(name))
      errors.push(invalid('metadata.name', name, DNS1123_LABEL_MSG));
  } else if (name.length > 253) {
    errors.push(
      invalid('metadata.name', name, 'must be no more than 253 characters'),
    );
  } else if (!DNS1123_SUBDOMAIN.test(name)) {
    errors.push(invalid('metadata.name', name, DNS1123_SUBDOMAIN_MSG));
  }
  for (const [key, value] of Object.entries(labels ?? {})) {
    for (const e of qualifiedNameErrors(key))
      errors.push(invalid('metadata.labels', key, e));
    if (typeof value !== 'string')
      errors.push(invalid('metadata.labels', value, 'must be a string'));
    else if (value.length > 63)
      errors.push(
        invalid('metadata.labels', value, 'must be no more than 63 characters'),
      );
    else if (!LABEL_VALUE.test(value))
      errors.push(invalid('metadata.labels', value, LABEL_VALUE_MSG));
  }
  for (const [key, value] of Object.entries(annotations ?? {})) {
    for (const e of qualifiedNameErrors(key.toLowerCase()))
      errors.push(invalid('metadata.annotations', key, e));
    if (typeof value !== 'string')
      errors.push(invalid('metadata.annotations', value, 'must be a string'));
  }
  return errors;
}

/** The checks the apiextensions API server makes of a CRD. */
function crdErrors(crd: Obj): FieldError[] {
  const errors: FieldError[] = [];
  const spec = crd.spec ?? {};
  const names = spec.names ?? {};
  if (!spec.group)
    errors.push({
      field: 'spec.group',
      reason: 'FieldValueRequired',
      message: 'Required value',
    });
  if (!names.plural)
    errors.push({
      field: 'spec.names.plural',
      reason: 'FieldValueRequired',
      message: 'Required value',
    });
  if (!names.kind)
    errors.push({
      field: 'spec.names.kind',
      reason: 'FieldValueRequired',
      message: 'Required value',
    });
  if (
    spec.group &&
    names.plural &&
    crd.metadata.name !== `${names.plural}.${spec.group}`
  )
    errors.push(
      invalid(
        'metadata.name',
        crd.metadata.name,
        'must be spec.names.plural+"."+spec.group',
      ),
    );
  if (!['Namespaced', 'Cluster'].includes(spec.scope))
    errors.push({
      field: 'spec.scope',
      reason: 'FieldValueInvalid',
      message: `Unsupported value: ${JSON.stringify(
        spec.scope ?? '',
      )}: supported values: "Cluster", "Namespaced"`,
    });
  const versions: any[] = Array.isArray(spec.versions) ? spec.versions : [];
  if (versions.length === 0)
    errors.push(
      invalid(
        'spec.versions',
        null,
        'must have exactly one version marked as storage version',
      ),
    );
  else if (versions.filter(v => v?.storage === true).length !== 1)
    errors.push(
      invalid(
        'spec.versions',
        versions.map(v => v?.name),
        'must have exactly one version marked as storage version',
      ),
    );
  return errors;
}

/** RFC 7386 JSON merge patch. */
function mergePatch(target: any, patch: any): any {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch))
    return patch;
  const out =
    target && typeof target === 'object' && !Array.isArray(target)
      ? { ...target }
      : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** RFC 6902 JSON patch (add, remove, replace, test). */
function jsonPatch(
  target: any,
  ops: Array<{ op: string; path: string; value?: unknown }>,
): any {
  if (!Array.isArray(ops)) throw new Error('a JSON patch must be an array');
  const doc = clone(target);
  for (const op of ops) {
    const parts = op.path
      .split('/')
      .slice(1)
      .map(p => p.replace(/~1/g, '/').replace(/~0/g, '~'));
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
      if (op.op === 'replace' && !(last in parent))
        throw new Error(`path ${op.path} does not exist`);
      if (Array.isArray(parent) && last === '-') parent.push(op.value);
      else parent[last] = op.value;
    } else if (op.op === 'remove') {
      if (!(last in parent)) throw new Error(`path ${op.path} does not exist`);
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
    } else if (op.op === 'test') {
      if (JSON.stringify(parent[last]) !== JSON.stringify(op.value))
        throw new Error(`test failed at ${op.path}`);
    } else throw new Error(`unsupported op ${op.op}`);
  }
  return doc;
}

/** Kubernetes' version priority: GA over beta over alpha, higher numbers first. */
function versionPriority(version: string): number[] {
  const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(version);
  if (!m) return [0, 0, 0];
  const stage = ({ alpha: 1, beta: 2 } as Record<string, number>)[m[2]] ?? 3;
  return [stage, Number(m[1]), Number(m[3] ?? 0)];
}
const byVersionPriority = (a: string, b: string) => {
  const [pa, pb] = [versionPriority(a), versionPriority(b)];
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pb[i] - pa[i];
  return a.localeCompare(b);
};

/** Fields a field selector may name, as the API server supports them for every kind. */
function parseFieldSelector(
  selector: string | null,
): Array<{ field: string; op: '=' | '!='; value: string }> {
  if (!selector) return [];
  return selector
    .split(',')
    .filter(s => s.trim())
    .map(part => {
      const m = /^\s*([^=!\s]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(part);
      if (!m) throw new Error(`invalid selector: '${selector}'`);
      if (!['metadata.name', 'metadata.namespace'].includes(m[1]))
        throw new Error(`field label not supported: ${m[1]}`);
      return { field: m[1], op: m[2] === '!=' ? '!=' : '=', value: m[3] };
    });
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
  private readonly resources = new Map<string, Served>();
  private readonly objects = new Map<string, Map<string, Obj>>();
  private readonly history: StoredEvent[] = [];
  private readonly watchers = new Set<Watcher>();
  private readonly faults: FakeFault[] = [];
  private readonly logs = new Map<string, string>();
  private readonly tokens = new Map<string, Token>();
  private readonly bookmarkIntervalMs: number;
  private rv = 1000;
  private users = 0;
  /** Events older than this resourceVersion are forgotten; watching from before it gives 410. */
  private oldestRetained = 0;

  constructor(
    baseUrl = 'https://platform.kratix.test',
    options: FakeKubernetesApiOptions = {},
  ) {
    this.baseUrl = baseUrl;
    this.bookmarkIntervalMs = options.bookmarkIntervalMs ?? 1000;
    this.serviceAccount(FAKE_SERVICE_ACCOUNT_TOKEN);
    const builtIn = (r: FakeResource) =>
      this.registerServed({ ...r, subresources: r.subresources ?? [] }, true);
    builtIn({
      group: '',
      version: 'v1',
      plural: 'namespaces',
      kind: 'Namespace',
      namespaced: false,
      subresources: ['status'],
      shortNames: ['ns'],
    });
    builtIn({
      group: '',
      version: 'v1',
      plural: 'pods',
      kind: 'Pod',
      namespaced: true,
      subresources: ['status', 'log'],
      shortNames: ['po'],
    });
    builtIn({
      group: '',
      version: 'v1',
      plural: 'configmaps',
      kind: 'ConfigMap',
      namespaced: true,
      shortNames: ['cm'],
    });
    builtIn({
      group: '',
      version: 'v1',
      plural: 'secrets',
      kind: 'Secret',
      namespaced: true,
    });
    builtIn({
      group: '',
      version: 'v1',
      plural: 'events',
      kind: 'Event',
      namespaced: true,
      shortNames: ['ev'],
    });
    builtIn({
      group: 'batch',
      version: 'v1',
      plural: 'jobs',
      kind: 'Job',
      namespaced: true,
      subresources: ['status'],
    });
    builtIn({
      group: 'apiextensions.k8s.io',
      version: 'v1',
      plural: 'customresourcedefinitions',
      kind: 'CustomResourceDefinition',
      namespaced: false,
      subresources: ['status'],
      shortNames: ['crd', 'crds'],
    });
    // A fresh cluster's namespaces.
    for (const name of [
      'default',
      'kube-node-lease',
      'kube-public',
      'kube-system',
    ])
      this.ensureNamespace(name);
    // Kratix is installed: its CRDs (every kind but HealthRecord, and the legacy Cluster,
    // has a status subresource).
    for (const [kind, info] of Object.entries(KRATIX_KINDS)) {
      const withStatus = kind !== 'HealthRecord' && kind !== 'Cluster';
      this.put({
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: {
          name: `${info.plural}.${KRATIX_GROUP}`,
          labels: { 'app.kubernetes.io/part-of': 'kratix' },
        },
        spec: {
          group: KRATIX_GROUP,
          names: {
            kind,
            plural: info.plural,
            singular: kind.toLowerCase(),
            categories: kind === 'HealthRecord' ? [] : ['kratix'],
          },
          scope: info.namespaced ? 'Namespaced' : 'Cluster',
          versions: [
            {
              name: KRATIX_VERSION,
              served: true,
              storage: true,
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  'x-kubernetes-preserve-unknown-fields': true,
                },
              },
              ...(withStatus && { subresources: { status: {} } }),
            },
          ],
        },
      });
    }
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
    const known = this.tokens.get(token);
    const user =
      (typeof rule === 'object' ? rule.user : undefined) ??
      known?.user ??
      `user-${++this.users}`;
    this.tokens.set(token, { user, rules: [...(known?.rules ?? []), rule] });
  }

  /** Forgets a token: requests with it get 401 from now on. */
  revoke(token: string): void {
    this.tokens.delete(token);
  }

  /** Whether the fake knows a token (it would not answer 401). */
  knowsToken(token: string): boolean {
    return this.tokens.has(token);
  }

  // ---------------------------------------------------------------------------------------
  // Resource types

  /** Serves another resource type directly, without a CRD object (prefer `put`ting a CRD). */
  register(resource: FakeResource): void {
    this.registerServed(
      { ...resource, subresources: resource.subresources ?? [] },
      false,
    );
  }

  /** Stops serving a resource type (as if its CRD were missing on an older Kratix). */
  unregister(group: string, version: string, plural: string): void {
    this.resources.delete(resourceKey({ group, version, plural }));
  }

  private registerServed(
    resource: Omit<Served, 'builtIn' | 'crd'>,
    builtIn: boolean,
    crd?: string,
  ) {
    const served: Served = { ...resource, builtIn, crd };
    this.resources.set(resourceKey(served), served);
    if (!this.objects.has(storeKey(served)))
      this.objects.set(storeKey(served), new Map());
  }

  // ---------------------------------------------------------------------------------------
  // Direct access, as a controller (or the test) has it

  /** Current resourceVersion of the store. */
  get resourceVersion(): string {
    return String(this.rv);
  }

  /**
   * Adds or replaces an object directly, as a controller would, emitting a watch event; its
   * namespace is created if missing (an object never lives in a namespace that does not
   * exist). Status is written too. A CRD starts being served.
   */
  put(object: KubernetesObject): KubernetesObject {
    const resource = this.resourceFor(object.apiVersion, object.kind);
    const store = this.objects.get(storeKey(resource))!;
    const given = clone(object) as Obj;
    if (resource.namespaced && given.metadata.namespace)
      this.ensureNamespace(given.metadata.namespace);
    if (!resource.namespaced) delete given.metadata.namespace;
    const id = this.objectId(given.metadata.namespace, given.metadata.name);
    const existing = store.get(id);
    given.metadata.uid =
      existing?.metadata.uid ?? given.metadata.uid ?? randomUUID();
    given.metadata.creationTimestamp =
      existing?.metadata.creationTimestamp ??
      given.metadata.creationTimestamp ??
      now();
    given.metadata.generation =
      given.metadata.generation ??
      (existing ? this.nextGeneration(existing, given, resource) : undefined) ??
      1;
    return this.commit(resource, given, existing);
  }

  /** Removes an object directly (finalizers notwithstanding), emitting a DELETED event. */
  remove(
    apiVersion: string,
    kind: string,
    name: string,
    namespace?: string,
  ): void {
    const resource = this.resourceFor(apiVersion, kind);
    const existing = this.objects
      .get(storeKey(resource))!
      .get(this.objectId(resource.namespaced ? namespace : undefined, name));
    if (existing) this.erase(resource, existing);
  }

  /** Every stored object of a kind. */
  list(apiVersion: string, kind: string): KubernetesObject[] {
    const resource = this.resourceFor(apiVersion, kind);
    return this.sorted([...this.objects.get(storeKey(resource))!.values()]).map(
      o => this.asServed(o, resource),
    );
  }

  /** Creates a namespace if it does not exist yet. */
  ensureNamespace(name: string, labels: Record<string, string> = {}): void {
    if (
      this.objects.get('core/namespaces')?.has(this.objectId(undefined, name))
    )
      return;
    this.put({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name,
        labels: { 'kubernetes.io/metadata.name': name, ...labels },
      },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  }

  /** Sets the log text of a pod's container (the pod itself must be `put`). */
  setLog(
    namespace: string,
    pod: string,
    container: string,
    text: string,
  ): void {
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
    return [
      http.all(`${this.baseUrl}/*`, ({ request }) => this.handle(request)),
    ];
  }

  // ---------------------------------------------------------------------------------------
  // Storage

  private objectId(namespace: string | undefined, name: string): string {
    return `${namespace ?? ''}/${name}`;
  }

  private sorted<T extends KubernetesObject>(objects: T[]): T[] {
    return objects.sort((a, b) =>
      this.objectId(a.metadata.namespace, a.metadata.name).localeCompare(
        this.objectId(b.metadata.namespace, b.metadata.name),
      ),
    );
  }

  private resourceFor(apiVersion: string, kind: string): Served {
    const [group, version] = apiVersion.includes('/')
      ? apiVersion.split('/')
      : ['', apiVersion];
    const candidates = [...this.resources.values()].filter(
      r => r.group === group && r.version === version,
    );
    const found =
      candidates.find(r => r.kind === kind) ??
      candidates.find(r => r.kind.toLowerCase() === kind.toLowerCase());
    if (found) return found;
    // A kind whose CRD is no longer served keeps its objects; the storage version will do.
    const anyVersion = [...this.resources.values()].find(
      r => r.group === group && r.kind === kind,
    );
    if (anyVersion) return anyVersion;
    throw new Error(
      `FakeKubernetesApi: no resource registered for ${apiVersion} ${kind}`,
    );
  }

  /** An object as a given version of its resource serves it (CRD conversion `None`). */
  private asServed(object: Obj, resource: Served): Obj {
    const out = clone(object);
    out.apiVersion = groupVersion(resource);
    return out;
  }

  /** Kubernetes bumps generation on any change outside metadata (and status, with /status). */
  private nextGeneration(existing: Obj, next: Obj, resource: Served): number {
    const strip = (o: Obj) => {
      const { metadata: _m, status: _s, ...rest } = o;
      return canonical(
        resource.subresources.includes('status')
          ? rest
          : { ...rest, status: o.status },
      );
    };
    const changed = strip(existing) !== strip(next);
    return (existing.metadata.generation ?? 1) + (changed ? 1 : 0);
  }

  /** Stores an object (or deletes it once terminating without finalizers), emitting an event. */
  private commit(
    resource: Served,
    next: Obj,
    existing: Obj | undefined,
  ): KubernetesObject {
    const key = storeKey(resource);
    // A namespace also waits for its spec.finalizers (the namespace controller's).
    const finalizers = [
      ...(next.metadata.finalizers ?? []),
      ...(this.isNamespace(resource) ? next.spec?.finalizers ?? [] : []),
    ];
    if (next.metadata.deletionTimestamp && !finalizers.length) {
      if (existing) return this.erase(resource, existing);
      return next;
    }
    next.metadata.resourceVersion = String(++this.rv);
    if (this.isCrd(resource)) this.crdStored(next);
    this.objects
      .get(key)!
      .set(this.objectId(next.metadata.namespace, next.metadata.name), next);
    this.emit(existing ? 'MODIFIED' : 'ADDED', key, next, existing);
    return this.asServed(next, resource);
  }

  /** Removes an object at once, emitting DELETED; cascades for namespaces and CRDs. */
  private erase(resource: Served, existing: Obj): KubernetesObject {
    const key = storeKey(resource);
    const store = this.objects.get(key)!;
    const id = this.objectId(
      existing.metadata.namespace,
      existing.metadata.name,
    );
    if (store.get(id) !== existing) return this.asServed(existing, resource);
    store.delete(id);
    const gone = clone(existing);
    gone.metadata.resourceVersion = String(++this.rv);
    this.emit('DELETED', key, gone, existing);
    if (this.isCrd(resource)) this.crdRemoved(existing);
    const ns = existing.metadata.namespace;
    if (ns) this.finishNamespace(ns);
    return this.asServed(gone, resource);
  }

  /** Asks for an object's deletion: marked while it has finalizers, else removed. */
  private requestDeletion(resource: Served, existing: Obj): KubernetesObject {
    if (this.isNamespace(resource)) return this.deleteNamespace(existing);
    if (!existing.metadata.finalizers?.length)
      return this.erase(resource, existing);
    if (existing.metadata.deletionTimestamp)
      return this.asServed(existing, resource);
    const marked = clone(existing);
    marked.metadata.deletionTimestamp = now();
    marked.metadata.deletionGracePeriodSeconds = 0;
    return this.commit(resource, marked, existing);
  }

  /** A namespace terminates: its objects are deleted, and it goes once it is empty. */
  private deleteNamespace(namespace: Obj): KubernetesObject {
    const nsResource = this.resources.get('core/v1/namespaces')!;
    let current = namespace;
    if (!namespace.metadata.deletionTimestamp) {
      const marked = clone(namespace);
      marked.metadata.deletionTimestamp = now();
      marked.status = { ...marked.status, phase: 'Terminating' };
      this.commit(nsResource, marked, namespace);
      current = marked;
    }
    const name = namespace.metadata.name;
    for (const resource of this.servedByStore()) {
      for (const o of [...this.objects.get(storeKey(resource))!.values()])
        if (o.metadata.namespace === name) this.requestDeletion(resource, o);
    }
    this.finishNamespace(name);
    const left = this.objects
      .get('core/namespaces')!
      .get(this.objectId(undefined, name));
    return this.asServed(left ?? current, nsResource);
  }

  private finishNamespace(name: string): void {
    const ns = this.objects
      .get('core/namespaces')
      ?.get(this.objectId(undefined, name));
    if (!ns?.metadata.deletionTimestamp) return;
    for (const store of this.objects.values())
      for (const o of store.values()) if (o.metadata.namespace === name) return;
    this.erase(this.resources.get('core/v1/namespaces')!, ns);
  }

  /** One served resource per store (for scans across every kind). */
  private servedByStore(): Served[] {
    const seen = new Map<string, Served>();
    for (const r of this.resources.values())
      if (!seen.has(storeKey(r))) seen.set(storeKey(r), r);
    return [...seen.values()];
  }

  private isNamespace(resource: Served): boolean {
    return resource.plural === 'namespaces' && !resource.group;
  }

  /** Errors of a custom resource against its CRD's schema for the served version. */
  private schemaErrors(resource: Served, object: Obj): FieldError[] {
    if (!resource.crd) return [];
    const crd = this.objects
      .get('apiextensions.k8s.io/customresourcedefinitions')
      ?.get(this.objectId(undefined, resource.crd)) as
      | {
          spec?: {
            versions?: Array<{
              name: string;
              schema?: { openAPIV3Schema?: unknown };
            }>;
          };
        }
      | undefined;
    const version = crd?.spec?.versions?.find(v => v.name === resource.version);
    return customResourceSchemaErrors(
      object as unknown as Record<string, unknown>,
      version?.schema?.openAPIV3Schema,
    );
  }

  private isCrd(resource: Served): boolean {
    return (
      resource.group === 'apiextensions.k8s.io' &&
      resource.plural === 'customresourcedefinitions'
    );
  }

  /** The apiextensions controller: serve the CRD's versions and say so in its status. */
  private crdStored(crd: Obj): void {
    const spec = crd.spec ?? {};
    const names = spec.names ?? {};
    const versions: any[] = Array.isArray(spec.versions) ? spec.versions : [];
    const served = versions.filter(
      v => v?.served !== false && typeof v?.name === 'string',
    );
    if (!spec.group || !names.plural || !names.kind) return;
    for (const [key, r] of this.resources) {
      if (
        r.crd === crd.metadata.name &&
        !served.some(v => v.name === r.version)
      )
        this.resources.delete(key);
    }
    for (const v of served) {
      this.registerServed(
        {
          group: spec.group,
          version: v.name,
          plural: names.plural,
          kind: names.kind,
          singular: names.singular,
          shortNames: names.shortNames,
          namespaced: spec.scope !== 'Cluster',
          subresources: [
            ...(v.subresources?.status ? ['status'] : []),
            ...(v.subresources?.scale ? ['scale'] : []),
          ],
        },
        false,
        crd.metadata.name,
      );
    }
    const storage = versions.find(v => v?.storage)?.name;
    const stored: string[] = crd.status?.storedVersions ?? [];
    const since =
      crd.status?.conditions?.find((c: any) => c.type === 'Established')
        ?.lastTransitionTime ?? now();
    crd.status = {
      acceptedNames: { ...names },
      storedVersions:
        storage && !stored.includes(storage) ? [...stored, storage] : stored,
      conditions: [
        {
          type: 'NamesAccepted',
          status: 'True',
          reason: 'NoConflicts',
          message: 'no conflicts found',
          lastTransitionTime: since,
        },
        {
          type: 'Established',
          status: 'True',
          reason: 'InitialNamesAccepted',
          message: 'the initial names have been accepted',
          lastTransitionTime: since,
        },
      ],
    };
  }

  /** A deleted CRD stops being served; its objects and their watches go with it. */
  private crdRemoved(crd: Obj): void {
    let gone: Served | undefined;
    for (const [key, r] of this.resources) {
      if (r.crd === crd.metadata.name) {
        gone = r;
        this.resources.delete(key);
      }
    }
    if (!gone) return;
    const key = storeKey(gone);
    const store = this.objects.get(key)!;
    for (const o of [...store.values()]) {
      store.delete(this.objectId(o.metadata.namespace, o.metadata.name));
      const deleted = clone(o);
      deleted.metadata.resourceVersion = String(++this.rv);
      this.emit('DELETED', key, deleted, o);
    }
    for (const w of [...this.watchers]) if (w.store === key) w.close();
  }

  private emit(type: EventType, store: string, object: Obj, prev?: Obj): void {
    const event: StoredEvent = {
      rv: this.rv,
      type,
      store,
      object: clone(object),
      prev: prev && clone(prev),
    };
    this.history.push(event);
    for (const w of this.watchers) this.deliver(w, event);
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
        object: this.asServed(event.object, w.resource),
      });
    } else if (now_ && before) {
      w.push({
        type: 'MODIFIED',
        object: this.asServed(event.object, w.resource),
      });
    } else if (!now_ && before) {
      // The previous content, at the event's resourceVersion.
      const last = this.asServed(event.prev!, w.resource);
      last.metadata.resourceVersion = String(event.rv);
      w.push({ type: 'DELETED', object: last });
    }
  }

  private count(name: string): void {
    this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
  }

  // ---------------------------------------------------------------------------------------
  // HTTP

  private async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const fault = this.faults.find(
      f =>
        f.times > 0 &&
        (!f.method || f.method === request.method) &&
        (!f.pathIncludes ||
          `${url.pathname}${url.search}`.includes(f.pathIncludes)),
    );
    if (fault) {
      fault.times -= 1;
      if (fault.delayMs) await new Promise(r => setTimeout(r, fault.delayMs));
      if (fault.status) {
        const header = request.headers.get('authorization') ?? '';
        const token = header.replace(/^Bearer\s+/i, '');
        return status(
          fault.status,
          REASONS[fault.status] ?? 'Unknown',
          fault.echoToken
            ? `injected fault: HTTP ${
                fault.status
              } for ${header} (token ${token}, URL-encoded ${encodeURIComponent(
                token,
              )}, base64 ${Buffer.from(token).toString('base64')})`
            : `injected fault: HTTP ${fault.status}`,
        );
      }
    }
    const method = request.method;
    if (method !== 'GET')
      this.lastWriteAuthorization =
        request.headers.get('authorization') ?? undefined;
    const path = url.pathname.replace(/\/+$/, '') || '/';

    // Public information, as system:public-info-viewer allows it.
    if (['/version', '/healthz', '/livez', '/readyz'].includes(path)) {
      if (method !== 'GET') return NOT_FOUND_PAGE();
      this.count('DISCOVERY');
      if (path !== '/version') return new HttpResponse('ok');
      return HttpResponse.json({
        major: '1',
        minor: '31',
        gitVersion: 'v1.31.0',
        platform: 'linux/amd64',
      });
    }

    const discoveryPath =
      path === '/api' ||
      path === '/apis' ||
      /^\/api\/[^/]+$/.test(path) ||
      /^\/apis\/[^/]+(\/[^/]+)?$/.test(path);
    const route = discoveryPath ? undefined : this.route(path);
    const collectionRead =
      url.searchParams.get('watch') === 'true' ? 'watch' : 'list';
    const verb = route
      ? (
          {
            GET: route.name ? 'get' : collectionRead,
            POST: 'create',
            PUT: 'update',
            PATCH: 'patch',
            DELETE: route.name ? 'delete' : 'deletecollection',
          } as Record<string, string>
        )[method] ?? method.toLowerCase()
      : 'get';
    const attributes: Omit<FakeRequestAttributes, 'user'> | undefined =
      route && {
        verb,
        group: route.group,
        resource: route.plural,
        subresource: route.sub,
        // For namespaces themselves, RBAC sees the namespace's own name as the namespace.
        namespace:
          route.plural === 'namespaces' && !route.group
            ? route.name
            : route.namespace,
        name: route.name,
      };

    // Authentication: a bearer token the server knows, on every request.
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(
      request.headers.get('authorization') ?? '',
    )?.[1];
    const token = bearer ? this.tokens.get(bearer) : undefined;
    if (!token) {
      this.count('UNAUTHORIZED');
      if (attributes) this.record({ ...attributes, code: 401 });
      return status(401, 'Unauthorized', 'Unauthorized');
    }

    if (discoveryPath) {
      this.count('DISCOVERY');
      return this.discovery(path, method);
    }
    if (!route || !attributes) return NOT_FOUND_PAGE();
    const answer = await this.serve(
      request,
      url,
      route,
      { ...attributes, user: token.user },
      token,
    );
    this.record({ ...attributes, user: token.user, code: answer.status });
    return answer;
  }

  private record(event: FakeAuditEvent): void {
    this.audit.push(event);
    if (this.audit.length > 10_000) this.audit.shift();
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
    this.count(
      (
        {
          list: 'LIST',
          watch: 'WATCH',
          get: route.sub === 'log' ? 'GET log' : 'GET',
          create: 'CREATE',
          update: 'REPLACE',
          patch: 'PATCH',
          delete: 'DELETE',
          deletecollection: 'DELETECOLLECTION',
        } as Record<string, string>
      )[verb] ?? method,
    );

    // Authorization, before the server looks at what exists.
    if (!this.allowed(token, attributes)) {
      const scope = attributes.namespace
        ? `in the namespace "${attributes.namespace}"`
        : 'at the cluster scope';
      const gr = groupResource(route);
      const what = route.sub ? `${route.plural}/${route.sub}` : route.plural;
      return status(
        403,
        'Forbidden',
        `${gr}${route.name ? ` "${route.name}"` : ''} is forbidden: User "${
          token.user
        }" cannot ${verb} resource "${what}" in API group "${
          route.group
        }" ${scope}`,
        {
          ...(route.name && { name: route.name }),
          group: route.group,
          kind: route.plural,
        },
      );
    }

    const resource = this.resources.get(resourceKey(route));
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
      const allowed = route.sub === 'log' ? ['GET'] : ['GET', 'PUT', 'PATCH'];
      if (!allowed.includes(method))
        return status(
          405,
          'MethodNotAllowed',
          `the server does not allow this method on the requested resource`,
        );
    }
    if (route.name && method === 'POST')
      return status(
        405,
        'MethodNotAllowed',
        'the server does not allow this method on the requested resource',
      );

    const store = this.objects.get(storeKey(resource))!;
    const id = this.objectId(
      resource.namespaced ? route.namespace : undefined,
      route.name ?? '',
    );
    const existing = route.name ? store.get(id) : undefined;
    const notFound = () =>
      status(
        404,
        'NotFound',
        `${groupResource(resource)} "${route.name}" not found`,
        { name: route.name, group: resource.group, kind: resource.plural },
      );

    if (route.sub === 'log') return this.podLog(url, route, existing);

    if (verb === 'list' || verb === 'watch' || verb === 'deletecollection') {
      let matches: (o: KubernetesObject) => boolean;
      try {
        const labels = parseLabelSelector(
          url.searchParams.get('labelSelector') ?? undefined,
        );
        const fields = parseFieldSelector(
          url.searchParams.get('fieldSelector'),
        );
        matches = o =>
          matchesLabelSelector(o.metadata.labels, labels) &&
          fields.every(f => {
            const actual =
              (f.field === 'metadata.name'
                ? o.metadata.name
                : o.metadata.namespace) ?? '';
            return f.op === '=' ? actual === f.value : actual !== f.value;
          });
      } catch (error) {
        return status(400, 'BadRequest', (error as Error).message);
      }
      if (verb === 'watch') {
        return this.watch(resource, route.namespace, matches, url.searchParams);
      }
      const items = this.sorted(
        [...store.values()].filter(
          o =>
            (!route.namespace || o.metadata.namespace === route.namespace) &&
            matches(o),
        ),
      );
      if (verb === 'deletecollection') {
        if (url.searchParams.get('dryRun') !== 'All')
          for (const o of items) this.requestDeletion(resource, o);
        return HttpResponse.json({
          apiVersion: groupVersion(resource),
          kind: `${resource.kind}List`,
          metadata: { resourceVersion: String(this.rv) },
          items: items.map(o => this.asServed(o, resource)),
        });
      }
      // Pages, as the API server serves them: `limit` items from the key the `continue`
      // token names, in key order, and a token for the rest. (The server keeps the first
      // page's snapshot; this fake serves later pages as the objects are then.)
      const limit = Number(url.searchParams.get('limit') ?? 0);
      const continueToken = url.searchParams.get('continue');
      const idOf = (o: KubernetesObject) =>
        this.objectId(o.metadata.namespace, o.metadata.name);
      let served = items;
      let listVersion = String(this.rv);
      let next: string | undefined;
      if (continueToken) {
        let from: { rv: string; start: string };
        try {
          from = JSON.parse(
            Buffer.from(continueToken, 'base64').toString('utf8'),
          );
          if (typeof from.start !== 'string') throw new Error();
        } catch {
          return status(400, 'BadRequest', 'continue key is not valid');
        }
        if (Number(from.rv) < this.oldestRetained)
          return status(
            410,
            'Expired',
            'The provided continue parameter is too old to display a consistent list result.',
          );
        listVersion = from.rv;
        served = served.filter(o => idOf(o).localeCompare(from.start) >= 0);
      }
      if (limit > 0 && served.length > limit) {
        next = Buffer.from(
          JSON.stringify({ rv: listVersion, start: idOf(served[limit]) }),
        ).toString('base64');
        served = served.slice(0, limit);
      }
      return HttpResponse.json({
        apiVersion: groupVersion(resource),
        kind: `${resource.kind}List`,
        metadata: {
          resourceVersion: listVersion,
          ...(next && { continue: next }),
          // The API server counts what is left only when no selector filters the list.
          ...(next &&
            !url.searchParams.get('labelSelector') &&
            !url.searchParams.get('fieldSelector') && {
              remainingItemCount:
                items.length - items.indexOf(served[served.length - 1]) - 1,
            }),
        },
        // Built-in lists carry their items without apiVersion and kind; custom ones with.
        items: served.map(o => {
          const out: Partial<Obj> = this.asServed(o, resource);
          if (resource.builtIn) {
            delete out.apiVersion;
            delete out.kind;
          }
          return out;
        }),
      });
    }

    if (verb === 'get') {
      return existing
        ? HttpResponse.json(this.asServed(existing, resource))
        : notFound();
    }

    const dryRun = url.searchParams.get('dryRun') === 'All';
    if (verb === 'delete') {
      if (!existing) return notFound();
      const options = await request.json().catch(() => undefined);
      const pre = options?.preconditions;
      if (
        (pre?.uid && pre.uid !== existing.metadata.uid) ||
        (pre?.resourceVersion &&
          pre.resourceVersion !== existing.metadata.resourceVersion)
      ) {
        return this.conflict(
          resource,
          existing.metadata.name,
          pre.uid ? 'uid' : 'resourceVersion',
        );
      }
      if (dryRun) return HttpResponse.json(this.asServed(existing, resource));
      return HttpResponse.json(this.requestDeletion(resource, existing));
    }

    const body = await request.json().catch(() => undefined);
    if (body === undefined || body === null)
      return status(400, 'BadRequest', 'the request body is not valid JSON');

    if (verb === 'create') return this.create(resource, route, body, dryRun);

    if (!existing) return notFound();
    let next: Obj;
    if (verb === 'update') {
      const problem = this.typeProblem(resource, body);
      if (problem) return problem;
      next = clone(body) as Obj;
      if (!next.metadata?.resourceVersion && !resource.builtIn) {
        return this.invalid(resource, route.name!, [
          invalid(
            'metadata.resourceVersion',
            0,
            'must be specified for an update',
          ),
        ]);
      }
    } else {
      const type = (request.headers.get('content-type') ?? '').split(';')[0];
      try {
        if (type === 'application/json-patch+json')
          next = jsonPatch(existing, body);
        else if (type === 'application/merge-patch+json')
          next = mergePatch(existing, body);
        else if (
          type === 'application/strategic-merge-patch+json' &&
          resource.builtIn
        )
          next = mergePatch(existing, body);
        else {
          return status(
            415,
            'UnsupportedMediaType',
            `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json${
              resource.builtIn ? ', application/strategic-merge-patch+json' : ''
            }`,
          );
        }
      } catch (error) {
        return status(422, 'Invalid', (error as Error).message);
      }
      if (typeof next !== 'object' || !next || Array.isArray(next))
        return status(422, 'Invalid', 'the patch does not produce an object');
    }
    return this.update(resource, route, existing, next, dryRun);
  }

  private allowed(token: Token, attributes: FakeRequestAttributes): boolean {
    return token.rules.some(rule => {
      if (typeof rule === 'function') return rule(attributes);
      const { verb, group, resource, subresource, namespace } = attributes;
      if (rule.verbs && !rule.verbs.some(v => v === '*' || v === verb))
        return false;
      const full = subresource ? `${resource}/${subresource}` : resource;
      const qualified = subresource
        ? `${resource}.${group}/${subresource}`
        : `${resource}.${group}`;
      if (
        rule.resources &&
        !rule.resources.some(
          r => r === '*' || r === full || (group && r === qualified),
        )
      )
        return false;
      if (
        rule.namespaces &&
        !(namespace && rule.namespaces.includes(namespace))
      )
        return false;
      return true;
    });
  }

  /** `/api/<v>/...` and `/apis/<g>/<v>/...` into group, version, namespace, plural, name, sub. */
  private route(path: string): Route | undefined {
    let m = /^\/api\/([^/]+)(\/.*)?$/.exec(path);
    let group = '';
    let version: string;
    let rest: string;
    if (m) {
      version = m[1];
      rest = m[2] ?? '';
    } else {
      m = /^\/apis\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path);
      if (!m) return undefined;
      group = m[1];
      version = m[2];
      rest = m[3] ?? '';
    }
    let parts = rest.split('/').filter(Boolean).map(decodeURIComponent);
    let namespace: string | undefined;
    if (
      parts[0] === 'namespaces' &&
      parts.length >= 3 &&
      !['status', 'finalize'].includes(parts[2])
    ) {
      namespace = parts[1];
      parts = parts.slice(2);
    }
    if (parts.length === 0 || parts.length > 3) return undefined;
    const [plural, name, sub] = parts;
    return { group, version, namespace, plural, name, sub };
  }

  /** Discovery documents, from the resources served right now. */
  private discovery(path: string, method: string): Response {
    const served = [...this.resources.values()];
    const versionsOf = (group: string) =>
      [
        ...new Set(served.filter(r => r.group === group).map(r => r.version)),
      ].sort(byVersionPriority);
    const groupDoc = (group: string) => {
      const versions = versionsOf(group).map(v => ({
        groupVersion: `${group}/${v}`,
        version: v,
      }));
      return { name: group, versions, preferredVersion: versions[0] };
    };
    const resourceList = (group: string, version: string) => ({
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: groupVersion({ group, version }),
      resources: served
        .filter(r => r.group === group && r.version === version)
        .sort((a, b) => a.plural.localeCompare(b.plural))
        .flatMap(r => [
          {
            name: r.plural,
            singularName: r.singular ?? r.kind.toLowerCase(),
            namespaced: r.namespaced,
            kind: r.kind,
            verbs: ALL_VERBS,
            ...(r.shortNames?.length && { shortNames: r.shortNames }),
          },
          ...r.subresources.map(sub => ({
            name: `${r.plural}/${sub}`,
            singularName: '',
            namespaced: r.namespaced,
            kind: r.kind,
            verbs: sub === 'log' ? ['get'] : ['get', 'patch', 'update'],
          })),
        ]),
    });
    if (method !== 'GET') return NOT_FOUND_PAGE();
    if (path === '/api') {
      return HttpResponse.json({
        kind: 'APIVersions',
        versions: versionsOf(''),
        serverAddressByClientCIDRs: [
          {
            clientCIDR: '0.0.0.0/0',
            serverAddress: new URL(this.baseUrl).host,
          },
        ],
      });
    }
    if (path === '/apis') {
      const groups = [
        ...new Set(served.map(r => r.group).filter(Boolean)),
      ].sort();
      return HttpResponse.json({
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: groups.map(groupDoc),
      });
    }
    const core = /^\/api\/([^/]+)$/.exec(path);
    if (core) {
      if (!versionsOf('').includes(core[1])) return NOT_FOUND_PAGE();
      return HttpResponse.json(resourceList('', core[1]));
    }
    const [, group, version] = /^\/apis\/([^/]+)(?:\/([^/]+))?$/.exec(path)!;
    const versions = versionsOf(group);
    if (!versions.length) return NOT_FOUND_PAGE();
    if (!version)
      return HttpResponse.json({
        kind: 'APIGroup',
        apiVersion: 'v1',
        ...groupDoc(group),
      });
    if (!versions.includes(version)) return NOT_FOUND_PAGE();
    return HttpResponse.json(resourceList(group, version));
  }

  private invalid(
    resource: Served,
    name: string,
    errors: FieldError[],
  ): Response {
    const text = errors.map(e => `${e.field}: ${e.message}`);
    return status(
      422,
      'Invalid',
      `${groupKind(resource)} "${name}" is invalid: ${
        text.length === 1 ? text[0] : `[${text.join(', ')}]`
      }`,
      {
        name,
        group: resource.group,
        kind: resource.kind,
        causes: errors.map(e => ({
          reason: e.reason,
          message: e.message,
          field: e.field,
        })),
      },
    );
  }

  private conflict(resource: Served, name: string, what = 'resourceVersion') {
    return status(
      409,
      'Conflict',
      what === 'uid'
        ? `Precondition failed: UID in precondition does not match the UID in record. The object might have been deleted and then recreated`
        : `Operation cannot be fulfilled on ${groupResource(
            resource,
          )} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      { name, group: resource.group, kind: resource.plural },
    );
  }

  /** 400 when the body's apiVersion and kind are not the URL's resource. */
  private typeProblem(resource: Served, body: any): Response | undefined {
    if (typeof body !== 'object' || Array.isArray(body))
      return status(400, 'BadRequest', 'the request body must be an object');
    const expected = groupVersion(resource);
    // Compiled-in types default a missing apiVersion and kind from the URL; custom ones do not.
    if (!body.kind && !resource.builtIn)
      return status(
        400,
        'BadRequest',
        `Object 'Kind' is missing in '${JSON.stringify(body).slice(0, 200)}'`,
      );
    if (!body.apiVersion && !resource.builtIn)
      return status(
        400,
        'BadRequest',
        `Object 'apiVersion' is missing in '${JSON.stringify(body).slice(
          0,
          200,
        )}'`,
      );
    if (body.apiVersion && body.apiVersion !== expected)
      return status(
        400,
        'BadRequest',
        `the API version in the data (${body.apiVersion}) does not match the expected API version (${expected})`,
      );
    if (body.kind && body.kind !== resource.kind)
      return status(
        400,
        'BadRequest',
        `the object provided is unrecognized (must be of type ${resource.kind}): no kind "${body.kind}" is registered for version "${expected}"`,
      );
    return undefined;
  }

  private create(
    resource: Served,
    route: Route,
    body: any,
    dryRun: boolean,
  ): Response {
    const problem = this.typeProblem(resource, body);
    if (problem) return problem;
    const object = clone(body) as Obj;
    object.apiVersion = groupVersion(resource);
    object.kind = resource.kind;
    object.metadata = { ...(object.metadata ?? {}) } as Obj['metadata'];
    const meta = object.metadata;
    if (resource.namespaced) {
      if (meta.namespace && meta.namespace !== route.namespace)
        return status(
          400,
          'BadRequest',
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      meta.namespace = route.namespace;
    } else delete meta.namespace;
    if (!meta.name && meta.generateName) {
      const chars = 'bcdfghjklmnpqrstvwxz2456789';
      meta.name =
        meta.generateName +
        Array.from(
          { length: 5 },
          () => chars[Math.floor(Math.random() * chars.length)],
        ).join('');
    }
    const errors = [
      ...metadataErrors(object, resource),
      ...(this.isCrd(resource) ? crdErrors(object) : []),
      ...this.schemaErrors(resource, object),
    ];
    if (errors.length) return this.invalid(resource, meta.name ?? '', errors);
    if (resource.namespaced) {
      const ns = this.objects
        .get('core/namespaces')!
        .get(this.objectId(undefined, route.namespace!));
      if (!ns)
        return status(
          404,
          'NotFound',
          `namespaces "${route.namespace}" not found`,
          {
            name: route.namespace,
            kind: 'namespaces',
          },
        );
      if (ns.metadata.deletionTimestamp)
        return status(
          403,
          'Forbidden',
          `${groupResource(resource)} "${
            meta.name
          }" is forbidden: unable to create new content in namespace ${
            route.namespace
          } because it is being terminated`,
          {
            name: meta.name,
            group: resource.group,
            kind: resource.plural,
            causes: [
              {
                reason: 'NamespaceTerminating',
                message: `namespace ${route.namespace} is being terminated`,
                field: 'metadata.namespace',
              },
            ],
          },
        );
    }
    const store = this.objects.get(storeKey(resource))!;
    if (store.has(this.objectId(meta.namespace, meta.name)))
      return status(
        409,
        'AlreadyExists',
        `${groupResource(resource)} "${meta.name}" already exists`,
        { name: meta.name, group: resource.group, kind: resource.plural },
      );
    if (meta.resourceVersion)
      return status(
        500,
        'InternalError',
        'Internal error occurred: resourceVersion should not be set on objects to be created',
      );
    // Fields only the server sets.
    meta.uid = randomUUID();
    meta.creationTimestamp = now();
    meta.generation = 1;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    if (resource.subresources.includes('status')) delete object.status;
    if (this.isNamespace(resource)) {
      object.spec = { finalizers: ['kubernetes'], ...object.spec };
      object.status = { phase: 'Active' };
    }
    if (dryRun) {
      if (this.isCrd(resource)) this.crdStatusOnly(object);
      return HttpResponse.json(object, { status: 201 });
    }
    return HttpResponse.json(this.commit(resource, object, undefined), {
      status: 201,
    });
  }

  /** The status a CRD would get, without serving it (for dry runs). */
  private crdStatusOnly(crd: Obj): void {
    const names = crd.spec?.names ?? {};
    crd.status = { acceptedNames: names, storedVersions: [], conditions: [] };
  }

  private update(
    resource: Served,
    route: Route,
    existing: Obj,
    next: Obj,
    dryRun: boolean,
  ): Response {
    const name = existing.metadata.name;
    next.metadata = { ...(next.metadata ?? {}) } as Obj['metadata'];
    if (next.metadata.name !== undefined && next.metadata.name !== name)
      return status(
        400,
        'BadRequest',
        `the name of the object (${next.metadata.name}) does not match the name on the URL (${name})`,
      );
    if (
      resource.namespaced &&
      next.metadata.namespace !== undefined &&
      next.metadata.namespace !== existing.metadata.namespace
    )
      return status(
        400,
        'BadRequest',
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    if (
      next.metadata.resourceVersion &&
      next.metadata.resourceVersion !== existing.metadata.resourceVersion
    )
      return this.conflict(resource, name);

    let merged: Obj;
    if (route.sub === 'status') {
      // /status changes status only.
      merged = clone(existing);
      if (next.status === undefined) delete merged.status;
      else merged.status = clone(next.status);
    } else {
      merged = clone(next);
      merged.apiVersion = existing.apiVersion;
      merged.kind = existing.kind;
      if (resource.subresources.includes('status')) {
        // The main resource never changes status where /status exists.
        if (existing.status === undefined) delete merged.status;
        else merged.status = clone(existing.status);
      }
      const errors = metadataErrors(merged, resource);
      if (this.isCrd(resource)) errors.push(...crdErrors(merged));
      errors.push(...this.schemaErrors(resource, merged));
      const added = (merged.metadata.finalizers ?? []).filter(
        f => !(existing.metadata.finalizers ?? []).includes(f),
      );
      if (existing.metadata.deletionTimestamp && added.length)
        errors.push({
          field: 'metadata.finalizers',
          reason: 'FieldValueForbidden',
          message: `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{${added
            .map(f => JSON.stringify(f))
            .join(', ')}}`,
        });
      if (errors.length) return this.invalid(resource, name, errors);
    }
    // Fields only the server sets.
    const meta = merged.metadata;
    meta.name = name;
    if (resource.namespaced) meta.namespace = existing.metadata.namespace;
    else delete meta.namespace;
    meta.uid = existing.metadata.uid;
    meta.creationTimestamp = existing.metadata.creationTimestamp;
    meta.resourceVersion = existing.metadata.resourceVersion;
    if (existing.metadata.deletionTimestamp) {
      meta.deletionTimestamp = existing.metadata.deletionTimestamp;
      meta.deletionGracePeriodSeconds =
        existing.metadata.deletionGracePeriodSeconds;
    } else {
      delete meta.deletionTimestamp;
      delete meta.deletionGracePeriodSeconds;
    }
    meta.generation = this.nextGeneration(existing, merged, resource);
    // A write that changes nothing is not stored: same resourceVersion, no event.
    if (canonical(merged) === canonical(existing))
      return HttpResponse.json(this.asServed(existing, resource));
    if (dryRun) return HttpResponse.json(this.asServed(merged, resource));
    return HttpResponse.json(this.commit(resource, merged, existing));
  }

  private podLog(url: URL, route: Route, pod: Obj | undefined): Response {
    if (!pod)
      return status(404, 'NotFound', `pods "${route.name}" not found`, {
        name: route.name,
        kind: 'pods',
      });
    const names = (list: unknown) =>
      (Array.isArray(list) ? list : []).map((c: { name: string }) => c.name);
    const containers = names(pod.spec?.containers);
    const inits = names(pod.spec?.initContainers);
    let container = url.searchParams.get('container') ?? undefined;
    if (!container) {
      if (containers.length !== 1)
        return status(
          400,
          'BadRequest',
          `a container name must be specified for pod ${
            route.name
          }, choose one of: [${containers.join(' ')}]${
            inits.length
              ? ` or one of the init containers: [${inits.join(' ')}]`
              : ''
          }`,
        );
      container = containers[0];
    }
    if (![...containers, ...inits].includes(container))
      return status(
        400,
        'BadRequest',
        `container ${container} is not valid for pod ${route.name}`,
      );
    const text = this.logs.get(`${route.namespace}/${route.name}/${container}`);
    if (text === undefined)
      return status(
        400,
        'BadRequest',
        `container "${container}" in pod "${route.name}" is waiting to start: ContainerCreating`,
      );
    const tail = url.searchParams.get('tailLines');
    let out = text;
    if (tail !== null) {
      const lines = text.split('\n');
      const trailing = lines[lines.length - 1] === '' ? lines.pop() : undefined;
      out =
        lines.slice(Math.max(0, lines.length - Number(tail))).join('\n') +
        (trailing !== undefined && Number(tail) > 0 ? '\n' : '');
    }
    return new HttpResponse(out, { headers: { 'content-type': 'text/plain' } });
  }

  private watch(
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
    const since = fromRv && fromRv !== '0' ? Number(fromRv) : this.rv;
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
                resourceVersion: String(this.rv),
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
        if (!initialEvents && since < this.oldestRetained) {
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
          for (const o of this.sorted([...this.objects.get(key)!.values()])) {
            if (namespace && o.metadata.namespace !== namespace) continue;
            if (matches(o))
              watcher.push({
                type: 'ADDED',
                object: this.asServed(o, resource),
              });
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
