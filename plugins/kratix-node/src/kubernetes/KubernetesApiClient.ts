import {
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  Watch,
} from '@kubernetes/client-node';
import { isAscii } from 'node:buffer';
import http from 'node:http';
import https from 'node:https';
import { createGunzip } from 'node:zlib';
import { KubernetesObject } from '@kratix-backstage/plugin-kratix-common';
import { ClusterCredentials } from './clusterCredentials';
import { KubernetesApiError } from './KubernetesApiError';
import { ReusedAgent } from './ReusedAgent';
import { FIRST_PAGE_LIMIT, nextPageLimit } from './pageLimit';

/** A REST resource of the API server: group ('' for core), version, plural, scope. @public */
export interface ResourceType {
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
}

/** A list answer: the items and the collection's resourceVersion to watch from. @public */
export interface ListResult<T = KubernetesObject> {
  items: T[];
  resourceVersion: string;
  /** With `limit`: the token that asks for the next page; absent on the last page. */
  continue?: string;
}

/** One watch event. @public */
export type WatchEventType =
  | 'ADDED'
  | 'MODIFIED'
  | 'DELETED'
  | 'BOOKMARK'
  | 'ERROR';

const describe = (r: ResourceType) =>
  `${r.plural}.${r.group || 'core'}/${r.version}`;

/** Options of one list call. @public */
export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  limit?: number;
  continue?: string;
  /**
   * Kratix workloads (`{filepath, content}` objects of Works and WorkPlacements) come back
   * with their `filepath` only: each `content` is cut out of the answer's bytes before they
   * are decoded, so the documents are never parsed or held.
   */
  withoutWorkloadContent?: boolean;
  /**
   * With `withoutWorkloadContent`: members of the listed objects, by name at any depth, that
   * are cut out before decoding too (ones the caller drops anyway, such as `managedFields`).
   */
  withoutMembers?: string[];
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const CONTENT_KEY = Buffer.from('"content":"');
const FILEPATH_KEY = Buffer.from('"filepath":"');
const ITEMS_KEY = Buffer.from('"items":[');

/** Whether the quote at `at` is escaped (an odd run of backslashes before it). */
function escaped(json: Buffer, at: number): boolean {
  let slashes = 0;
  for (let i = at - 1; i >= 0 && json[i] === BACKSLASH; i--) slashes++;
  return slashes % 2 === 1;
}

/** The index of the quote that closes the JSON string whose text starts at `from`, or -1. */
function stringEnd(json: Buffer, from: number): number {
  let end = json.indexOf(QUOTE, from);
  while (end !== -1 && escaped(json, end)) end = json.indexOf(QUOTE, end + 1);
  return end;
}

/** A byte range `[start, end)` of a JSON text to leave out. */
type Cut = [number, number];

/** The ranges of `"content":"…"` in objects that are exactly Kratix workloads. */
function workloadContentCuts(json: Buffer): Cut[] {
  const cuts: Cut[] = [];
  let at = json.indexOf(CONTENT_KEY);
  while (at !== -1) {
    const value = at + CONTENT_KEY.length;
    const end = stringEnd(json, value);
    if (end === -1) break;
    if (json[at - 1] === 0x7b && json[end + 1] === 0x2c) {
      // {"content":"…","filepath":"…"}: drop `"content":"…",`.
      const path = end + 2;
      if (
        json.subarray(path, path + FILEPATH_KEY.length).equals(FILEPATH_KEY)
      ) {
        const pathEnd = stringEnd(json, path + FILEPATH_KEY.length);
        if (pathEnd !== -1 && json[pathEnd + 1] === 0x7d)
          cuts.push([at, end + 2]);
      }
    } else if (
      json[at - 1] === 0x2c &&
      json[at - 2] === QUOTE &&
      json[end + 1] === 0x7d
    ) {
      // {"filepath":"…","content":"…"}: drop `,"content":"…"` once the path string is found.
      let open = at - 3;
      const stop = Math.max(0, at - 4096);
      while (open > stop && !(json[open] === QUOTE && !escaped(json, open)))
        open--;
      const key = open + 1 - FILEPATH_KEY.length;
      if (
        key > 0 &&
        json[key - 1] === 0x7b &&
        json.subarray(key, open + 1).equals(FILEPATH_KEY)
      )
        cuts.push([at - 1, end + 1]);
    }
    at = json.indexOf(CONTENT_KEY, end + 1);
  }
  return cuts;
}

/**
 * The index just past the JSON value that starts at `from` (a string, an array or object
 * with everything in it, or a scalar), or -1 if the text ends first.
 */
function valueEnd(json: Buffer, from: number): number {
  const first = json[from];
  if (first === QUOTE) {
    const end = stringEnd(json, from + 1);
    return end === -1 ? -1 : end + 1;
  }
  if (first === 0x5b || first === 0x7b) {
    let depth = 0;
    for (let i = from; i < json.length; i++) {
      const c = json[i];
      if (c === QUOTE) {
        i = stringEnd(json, i + 1);
        if (i === -1) return -1;
      } else if (c === 0x5b || c === 0x7b) depth++;
      else if (c === 0x5d || c === 0x7d) {
        depth--;
        if (depth === 0) return i + 1;
      }
    }
    return -1;
  }
  for (let i = from; i < json.length; i++) {
    const c = json[i];
    if (c === 0x2c || c === 0x7d || c === 0x5d) return i;
  }
  return -1;
}

/**
 * The ranges of the members named `keys` (with a comma beside them) anywhere in a list's
 * items, found by the buffer's native search: `"key":` with its quotes unescaped only ever
 * starts a member, since a quote inside a string is escaped. The list's own metadata,
 * before its items, is left alone.
 */
function memberCuts(json: Buffer, keys: Buffer[]): Cut[] {
  const items = json.indexOf(ITEMS_KEY);
  if (items === -1) return [];
  const cuts: Cut[] = [];
  for (const key of keys) {
    let at = json.indexOf(key, items);
    while (at !== -1) {
      const end = valueEnd(json, at + key.length);
      if (end === -1) break;
      if (json[at - 1] === 0x2c) cuts.push([at - 1, end]);
      else if (json[at - 1] === 0x7b && json[end] === 0x2c)
        cuts.push([at, end + 1]);
      at = json.indexOf(key, end);
    }
  }
  return cuts;
}

/** The largest scratch buffer kept between uses; a larger need gets a buffer of its own. */
const SCRATCH_KEPT_BYTES = 4 * 1024 * 1024;

/**
 * A buffer that list pages are copied into in turn (a page is joined, cut and decoded in one
 * go, so one buffer serves every list of a client), grown when a page needs more: a few
 * allocations in all rather than several per page, whose churn the allocator would
 * otherwise keep as resident memory long after the lists.
 */
class ScratchBuffer {
  private buffer = Buffer.alloc(0);

  /** `size` bytes of the buffer, to be written; valid until the next call. */
  take(size: number): Buffer {
    if (size > SCRATCH_KEPT_BYTES) return Buffer.allocUnsafe(size);
    if (this.buffer.length < size)
      this.buffer = Buffer.allocUnsafeSlow(
        Math.min(Math.max(size, this.buffer.length * 2), SCRATCH_KEPT_BYTES),
      );
    return this.buffer.subarray(0, size);
  }

  /** The chunks, one after the other, in this buffer. */
  join(chunks: Buffer[]): Buffer {
    if (chunks.length === 1) return chunks[0];
    const out = this.take(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const chunk of chunks) at += chunk.copy(out, at);
    return out;
  }
}

/**
 * The text without the given ranges (sorted by start; one that overlaps a range already cut
 * is skipped), copied once into `scratch` or a buffer of its own.
 */
function withoutCuts(
  json: Buffer,
  cuts: Cut[],
  scratch?: ScratchBuffer,
): Buffer {
  if (!cuts.length) return json;
  const out = scratch
    ? scratch.take(json.length)
    : Buffer.allocUnsafe(json.length);
  let length = 0;
  let from = 0;
  for (const [start, end] of cuts) {
    if (start < from) continue;
    length += json.copy(out, length, from, start);
    from = end;
  }
  length += json.copy(out, length, from);
  return out.subarray(0, length);
}

/**
 * The JSON text without the `content` of any object that is exactly a Kratix workload,
 * `{"filepath":"…","content":"…"}` in either key order, found with the buffer's native search
 * rather than by parsing: such an object becomes `{"filepath":"…"}`. Anything else, a
 * `content` key elsewhere or a spaced-out document, is left as it is. With `members`, those
 * members of the list's items are left out too, wherever they are (see memberCuts).
 * @internal
 */
export function withoutWorkloadContent(
  json: Buffer,
  members: string[] = [],
  scratch?: [ScratchBuffer, ScratchBuffer],
): Buffer {
  // The content is most of the text: cut it first, so the search for each member runs over
  // what is left.
  const cut = withoutCuts(json, workloadContentCuts(json), scratch?.[0]);
  if (!members.length) return cut;
  const cuts = memberCuts(
    cut,
    members.map(m => Buffer.from(`"${m}":`)),
  );
  return withoutCuts(
    cut,
    cuts.sort((a, b) => a[0] - b[0]),
    scratch?.[1],
  );
}

/** The query of one list call. */
function listQuery(options: ListOptions): URLSearchParams {
  const query = new URLSearchParams();
  if (options.labelSelector) query.set('labelSelector', options.labelSelector);
  if (options.limit) query.set('limit', String(options.limit));
  if (options.continue) query.set('continue', options.continue);
  return query;
}

/**
 * A list answer's bytes decoded: items, resourceVersion and the next page's token, and the
 * length of the text parsed.
 */
function parseList<T>(
  body: Buffer,
  options: ListOptions,
  scratch?: [ScratchBuffer, ScratchBuffer],
): ListResult<T> & { textBytes: number } {
  const json = options.withoutWorkloadContent
    ? withoutWorkloadContent(body, options.withoutMembers, scratch)
    : body;
  // Kubernetes answers are nearly always ASCII, which decodes as Latin-1 without the
  // cost of UTF-8 decoding.
  const result = JSON.parse(json.toString(isAscii(json) ? 'latin1' : 'utf8'));
  const next: string | undefined = result.metadata?.continue || undefined;
  return {
    textBytes: json.length,
    items: result.items ?? [],
    resourceVersion: result.metadata?.resourceVersion ?? '',
    ...(next ? { continue: next } : {}),
  };
}

/** How much of an answer is read before its head (a list's metadata) is looked at. */
const HEAD_BYTES = 4096;

/**
 * The `continue` token of a list answer read from its first bytes, before the items: a
 * string, `undefined` on the last page, or `null` when the list's metadata is not where
 * the API server writes it (then the parsed answer tells).
 * @internal
 */
export function peekContinue(body: Buffer): string | undefined | null {
  const head = body.subarray(0, HEAD_BYTES).toString('latin1');
  const items = head.indexOf('"items":');
  const metadata = /"metadata":\{([^{}]*)\}/.exec(head);
  if (!metadata || (items !== -1 && metadata.index > items)) return null;
  const token = /"continue":"([^"\\]*)"/.exec(metadata[1]);
  return token ? token[1] : undefined;
}

/** At most this many list calls of one client are in flight; the others wait their turn. */
const LISTS_IN_FLIGHT = 4;

/**
 * The few API-server calls the suite makes, over `@kubernetes/client-node`: list, watch,
 * get, create, merge-patch and delete of any group's resources, and pod logs. Every error
 * comes out as a KubernetesApiError with the HTTP status.
 * @public
 */
export class KubernetesApiClient {
  private readonly custom: CustomObjectsApi;
  private readonly core: CoreV1Api;
  private readonly watcher: Watch;
  private readonly timeoutMs: number;
  private readonly credentials: ClusterCredentials;
  /** The connections lists are sent over, kept open between calls. */
  private readonly agent = new ReusedAgent();
  /** Where list pages are joined and cut before they are decoded (see ScratchBuffer). */
  private readonly scratch = {
    body: new ScratchBuffer(),
    cut: [new ScratchBuffer(), new ScratchBuffer()] as [
      ScratchBuffer,
      ScratchBuffer,
    ],
  };

  constructor(
    readonly kubeConfig: KubeConfig,
    options: { timeoutMs?: number } = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    // Calls go through the credentials' copy of the config, which tells the tokens it sends.
    this.credentials = new ClusterCredentials(kubeConfig);
    this.custom = this.credentials.kubeConfig.makeApiClient(CustomObjectsApi);
    this.core = this.credentials.kubeConfig.makeApiClient(CoreV1Api);
    this.watcher = new Watch(this.credentials.kubeConfig);
  }

  /** What an error is scrubbed of: see ClusterCredentials (a token file is read again). */
  private get secrets(): string[] {
    return this.credentials.current();
  }

  /** Path of a resource collection, for watches. */
  static collectionPath(r: ResourceType, namespace?: string): string {
    const base = r.group
      ? `/apis/${r.group}/${r.version}`
      : `/api/${r.version}`;
    return namespace && r.namespaced
      ? `${base}/namespaces/${namespace}/${r.plural}`
      : `${base}/${r.plural}`;
  }

  /**
   * The same client acting as someone else: the signed-in user's token replaces the
   * service account's, so the cluster's RBAC decides what they may write.
   */
  withToken(token: string): KubernetesApiClient {
    const kc = new KubeConfig();
    const cluster = this.kubeConfig.getCurrentCluster();
    if (!cluster)
      throw new Error(
        'The platform cluster configuration has no current cluster',
      );
    kc.loadFromOptions({
      clusters: [cluster],
      users: [{ name: 'backstage-user', token }],
      contexts: [
        { name: 'as-user', cluster: cluster.name, user: 'backstage-user' },
      ],
      currentContext: 'as-user',
    });
    return new KubernetesApiClient(kc, { timeoutMs: this.timeoutMs });
  }

  /** Fails a call that the API server does not answer in time, as a 504. */
  private withTimeout<T>(
    call: Promise<T>,
    what: string,
    onTimeout?: () => void,
  ): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        onTimeout?.();
        reject(
          new KubernetesApiError(
            504,
            `${what}: no answer from the API server in ${this.timeoutMs} ms`,
            'Timeout',
          ),
        );
      }, this.timeoutMs);
    });
    return Promise.race([call, timeout]).finally(() => clearTimeout(timer));
  }

  private listsInFlight = 0;
  private readonly listQueue: Array<() => void> = [];

  /** Runs a list call once fewer than LISTS_IN_FLIGHT of this client's are running. */
  private async bounded<T>(call: () => Promise<T>): Promise<T> {
    if (this.listsInFlight >= LISTS_IN_FLIGHT)
      await new Promise<void>(resolve => this.listQueue.push(resolve));
    else this.listsInFlight++;
    try {
      return await call();
    } finally {
      // The turn passes straight to the next caller waiting, if any.
      const next = this.listQueue.shift();
      if (next) next();
      else this.listsInFlight--;
    }
  }

  /**
   * Lists a collection, or one page of it: with `limit` the server may answer with that many
   * items and a `continue` token for the next page (servers that do not page answer with all).
   * The answer is read as bytes and parsed once, with the client's credentials and TLS
   * settings, rather than through the generated API's serializer (which copies every object).
   */
  async list<T = KubernetesObject>(
    r: ResourceType,
    options: ListOptions = {},
  ): Promise<ListResult<T>> {
    const what = `list ${describe(r)}`;
    return this.bounded(() => {
      const controller = new AbortController();
      return this.withTimeout(
        this.listNow<T>(r, options, controller.signal),
        what,
        () => controller.abort(),
      );
    });
  }

  private async listNow<T>(
    r: ResourceType,
    options: ListOptions,
    signal: AbortSignal,
  ): Promise<ListResult<T>> {
    try {
      const body = Buffer.concat(
        await this.getBytes(
          KubernetesApiClient.collectionPath(r, options.namespace),
          listQuery(options),
          signal,
        ),
      );
      const { textBytes: _textBytes, ...page } = parseList<T>(body, options);
      return page;
    } catch (error) {
      throw KubernetesApiError.from(error, `list ${describe(r)}`, this.secrets);
    }
  }

  /**
   * Lists a whole collection in pages of `limit`, handing each page's items to `onPage` as
   * soon as it is parsed, and resolves with the collection's resourceVersion. Pages are read
   * ahead: as soon as the first bytes of a page arrive, the next page is asked for with the
   * `continue` token read from them (the API server writes the list's metadata before its
   * items), so the server prepares and sends it while this process receives and parses the
   * ones before. At most two pages wait beyond the one being parsed. `onPage` returning false
   * stops the listing there.
   */
  async listPaged<T = KubernetesObject>(
    r: ResourceType,
    options: Omit<ListOptions, 'continue'> & { limit: number },
    onPage: (items: T[]) => boolean | void,
  ): Promise<{ resourceVersion: string }> {
    const what = `list ${describe(r)}`;
    const path = KubernetesApiClient.collectionPath(r, options.namespace);
    return this.bounded(async () => {
      const controller = new AbortController();
      /** One page asked for: its bytes, its token as peeked, and the page asked after it. */
      interface PageCall {
        index: number;
        chunks: Promise<Buffer[]>;
        peeked?: string | null;
        next?: PageCall;
      }
      let parsing = 0;
      // Pages are sized to the objects' text (see pageLimit), up to the caller's limit.
      let limit = Math.min(options.limit, FIRST_PAGE_LIMIT) || options.limit;
      const fetchPage = (index: number, token?: string): PageCall => {
        const call = { index } as PageCall;
        call.chunks = this.withTimeout(
          this.getBytes(
            path,
            listQuery({ ...options, limit, continue: token }),
            controller.signal,
            head => {
              call.peeked = peekContinue(head);
              readAhead(call);
            },
          ),
          what,
          () => controller.abort(),
        );
        // Awaited later; until then a failure must not count as unhandled.
        call.chunks.catch(() => undefined);
        return call;
      };
      // A function declaration: fetchPage, above, calls it for the page it asked for.
      function readAhead(call: PageCall) {
        if (
          typeof call.peeked === 'string' &&
          !call.next &&
          call.index <= parsing + 1 &&
          !controller.signal.aborted
        )
          call.next = fetchPage(call.index + 1, call.peeked);
      }
      try {
        let current: PageCall | undefined = fetchPage(0);
        let resourceVersion = '';
        while (current) {
          parsing = current.index;
          // The page after this one may have told its token while it had to wait.
          if (current.next) readAhead(current.next);
          const page = parseList<T>(
            this.scratch.body.join(await current.chunks),
            options,
            this.scratch.cut,
          );
          resourceVersion = page.resourceVersion;
          if (options.limit)
            limit = nextPageLimit(
              page.textBytes,
              page.items.length,
              options.limit,
            );
          if (onPage(page.items) === false) {
            controller.abort();
            break;
          }
          if (!page.continue) current = undefined;
          else if (current.next && current.peeked === page.continue)
            current = current.next;
          // The token was not where Kubernetes writes it: ask with the one parsed.
          else current = fetchPage(current.index + 1, page.continue);
        }
        return { resourceVersion };
      } catch (error) {
        controller.abort();
        throw KubernetesApiError.from(error, what, this.secrets);
      }
    });
  }

  /**
   * GET of an API path, answered as the body's chunks as they came: authenticated and over TLS as the
   * KubeConfig says (token, client certificate, CA, proxy). An HTTP error status is thrown
   * as `{ code, body }`, which KubernetesApiError.from reads.
   */
  private async getBytes(
    path: string,
    query: URLSearchParams,
    signal: AbortSignal,
    onHead?: (head: Buffer) => void,
  ): Promise<Buffer[]> {
    const cluster = this.kubeConfig.getCurrentCluster();
    if (!cluster) throw new Error('No currently active cluster');
    const url = new URL(cluster.server + path);
    url.search = query.toString();
    const options: https.RequestOptions = {};
    await this.credentials.kubeConfig.applyToHTTPSOptions(options);
    options.agent = this.agent.for(options.agent as http.Agent | undefined);
    options.method = 'GET';
    options.signal = signal;
    options.headers = {
      ...(options.headers as http.OutgoingHttpHeaders | undefined),
      Accept: 'application/json',
      'Accept-Encoding': 'gzip',
    };
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise<Buffer[]>((resolve, reject) => {
      const request = transport.request(url, options, response => {
        const stream =
          response.headers['content-encoding'] === 'gzip'
            ? response.pipe(createGunzip())
            : response;
        const code = response.statusCode ?? 0;
        const ok = code >= 200 && code < 300;
        const chunks: Buffer[] = [];
        let received = 0;
        let headTold = !onHead || !ok;
        stream.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          received += chunk.length;
          if (!headTold && received >= HEAD_BYTES) {
            headTold = true;
            onHead!(chunks.length === 1 ? chunk : Buffer.concat(chunks));
          }
        });
        stream.on('error', reject);
        response.on('error', reject);
        stream.on('end', () => {
          if (!headTold) onHead!(Buffer.concat(chunks));
          if (ok) resolve(chunks);
          else reject({ code, body: Buffer.concat(chunks).toString('utf8') });
        });
      });
      request.on('error', reject);
      request.end();
    });
  }

  /**
   * Watches a collection from a resourceVersion. `onDone` is called once when the stream
   * ends, with the error if it failed; an ERROR event (410 Gone) arrives through `onEvent`.
   */
  async watch(
    r: ResourceType,
    resourceVersion: string,
    labelSelector: string | undefined,
    onEvent: (type: WatchEventType, object: any) => void,
    onDone: (error?: unknown) => void,
  ): Promise<{ abort(): void }> {
    const controller = await this.watcher.watch(
      KubernetesApiClient.collectionPath(r),
      { resourceVersion, allowWatchBookmarks: true, labelSelector },
      (type, object) => onEvent(type as WatchEventType, object),
      err =>
        onDone(
          err
            ? KubernetesApiError.from(err, `watch ${describe(r)}`, this.secrets)
            : undefined,
        ),
    );
    return { abort: () => controller.abort() };
  }

  async get<T = KubernetesObject>(
    r: ResourceType,
    name: string,
    namespace?: string,
  ): Promise<T> {
    try {
      const result = r.namespaced
        ? await this.custom.getNamespacedCustomObject({
            ...r,
            namespace: namespace!,
            name,
          })
        : await this.custom.getClusterCustomObject({ ...r, name });
      return result as T;
    } catch (error) {
      throw KubernetesApiError.from(
        error,
        `get ${describe(r)} ${namespace ? `${namespace}/` : ''}${name}`,
        this.secrets,
      );
    }
  }

  async create<T = KubernetesObject>(
    r: ResourceType,
    body: KubernetesObject,
    options: { dryRun?: boolean } = {},
  ): Promise<T> {
    const dryRun = options.dryRun ? 'All' : undefined;
    try {
      const result = r.namespaced
        ? await this.custom.createNamespacedCustomObject({
            ...r,
            namespace: body.metadata.namespace!,
            body,
            dryRun,
          })
        : await this.custom.createClusterCustomObject({ ...r, body, dryRun });
      return result as T;
    } catch (error) {
      throw KubernetesApiError.from(
        error,
        `create ${describe(r)} ${body.metadata.name}`,
        this.secrets,
      );
    }
  }

  /** RFC 7386 merge patch; `null` values remove keys (labels, for example). */
  async mergePatch<T = KubernetesObject>(
    r: ResourceType,
    name: string,
    namespace: string | undefined,
    patch: unknown,
    options: { dryRun?: boolean } = {},
  ): Promise<T> {
    const dryRun = options.dryRun ? 'All' : undefined;
    const headers = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
    try {
      const result = r.namespaced
        ? await this.custom.patchNamespacedCustomObject(
            { ...r, namespace: namespace!, name, body: patch, dryRun },
            headers,
          )
        : await this.custom.patchClusterCustomObject(
            { ...r, name, body: patch, dryRun },
            headers,
          );
      return result as T;
    } catch (error) {
      throw KubernetesApiError.from(
        error,
        `patch ${describe(r)} ${namespace ? `${namespace}/` : ''}${name}`,
        this.secrets,
      );
    }
  }

  async delete(
    r: ResourceType,
    name: string,
    namespace?: string,
  ): Promise<void> {
    try {
      if (r.namespaced)
        await this.custom.deleteNamespacedCustomObject({
          ...r,
          namespace: namespace!,
          name,
        });
      else await this.custom.deleteClusterCustomObject({ ...r, name });
    } catch (error) {
      throw KubernetesApiError.from(
        error,
        `delete ${describe(r)} ${namespace ? `${namespace}/` : ''}${name}`,
        this.secrets,
      );
    }
  }

  /**
   * Whether the API server serves a resource, by API discovery of its group and version
   * (`GET /apis/<group>/<version>`): false where the group version is not served at all.
   */
  async servesResource(r: {
    group: string;
    version: string;
    plural: string;
  }): Promise<boolean> {
    try {
      const list = await this.custom.getAPIResources({
        group: r.group,
        version: r.version,
      });
      return (list.resources ?? []).some(res => res.name === r.plural);
    } catch (error) {
      const apiError = KubernetesApiError.from(
        error,
        `discover ${r.group}/${r.version}`,
        this.secrets,
      );
      if (apiError.statusCode === 404) return false;
      throw apiError;
    }
  }

  /** Pods with the given labels in a namespace (for a pipeline Job's pods). */
  async listPods(namespace: string, labelSelector: string): Promise<any[]> {
    try {
      const result = await this.core.listNamespacedPod({
        namespace,
        labelSelector,
      });
      return result.items ?? [];
    } catch (error) {
      throw KubernetesApiError.from(
        error,
        `list pods in ${namespace}`,
        this.secrets,
      );
    }
  }

  /** The log of one container of a pipeline pod. */
  async podLog(
    namespace: string,
    pod: string,
    container: string,
    tailLines = 2000,
  ): Promise<string> {
    try {
      return await this.core.readNamespacedPodLog({
        namespace,
        name: pod,
        container,
        tailLines,
      });
    } catch (error) {
      throw KubernetesApiError.from(
        error,
        `log of ${namespace}/${pod}/${container}`,
        this.secrets,
      );
    }
  }
}
