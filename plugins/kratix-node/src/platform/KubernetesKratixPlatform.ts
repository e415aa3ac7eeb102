import { gunzipSync } from 'node:zlib';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  AuthenticationError,
  ConflictError,
  NotFoundError,
} from '@backstage/errors';
import {
  BucketStateStore,
  Destination,
  GitStateStore,
  HealthRecord,
  KRATIX_GROUP,
  KRATIX_KINDS,
  KRATIX_LABELS,
  isDryRun,
  KRATIX_VERSION,
  KratixKind,
  describeManageAction,
  JobLike,
  KratixPromise,
  labelChangesFor,
  LegacyCluster,
  ManageAction,
  matchesPlacementQuery,
  PipelineRun,
  pipelineRunFromJob,
  PromiseManageAction,
  sortPipelineRuns,
  OPTIONAL_KRATIX_KINDS,
  Placement,
  PlacementQuery,
  placementFromWorkPlacement,
  PromiseRelease,
  extractPromiseApi,
  installingReleaseName,
  isResourceBindingOf,
  unretainedVersionMessage,
  PromiseRevision,
  promiseRevisionViews,
  ResourceBinding,
  ResourceRequest,
  StateStore,
  Work,
  Workload,
  WorkPlacement,
  ConditionChange,
  HealthChange,
  KubernetesEvent,
  KubernetesEventQuery,
  selectEvents,
} from '@kratix-backstage/plugin-kratix-common';
import { stringify } from 'yaml';
import {
  CacheChange,
  ResourceCache,
  ResourceCacheOptions,
} from '../cache/ResourceCache';
import {
  CUT_BEFORE_PARSING,
  forTheCache,
  forTheRequestCache,
} from '../cache/cachedForms';
import { ConditionHistoryRecorder } from '../events/ConditionHistoryRecorder';
import { clearAppliedReconcileLabel } from './hybridReconcileLabels';
import { HealthHistoryRecorder } from '../events/HealthHistoryRecorder';
import { KratixEventCache } from '../events/KratixEventCache';
import { GitRequestWriter } from '../gitops/GitRequestWriter';
import {
  KubernetesApiClient,
  ResourceType,
} from '../kubernetes/KubernetesApiClient';
import { KubernetesApiError } from '../kubernetes/KubernetesApiError';
import { KubernetesDryRuns } from './KubernetesDryRuns';
import {
  DryRunStartOptions,
  DryRunSupport,
  PlatformDryRun,
} from './PlatformDryRuns';
import {
  PlacedDocument,
  PlacedDocumentsQuery,
  WorkPlacementDocuments,
} from './placedDocuments';
import {
  InstallPromiseOptions,
  InstallPromiseResult,
  KratixPlatform,
  ManageActOptions,
  ManageActResult,
  PendingRequest,
  PipelineLogs,
  PlatformHealth,
  RequestQuery,
  RequestRef,
  SubmitRequestOptions,
  UserClusterCredentials,
  SubmitRequestResult,
} from './KratixPlatform';

/** Options of a platform read from its cluster's API. @public */
export interface KubernetesKratixPlatformOptions {
  name: string;
  title?: string;
  /** Entity refs of the platform's admins. */
  admins?: string[];
  client: KubernetesApiClient;
  logger?: LoggerService;
  /** In hybrid mode, where requests are committed instead of applied. */
  requestWriter?: GitRequestWriter;
  /**
   * Write as the signed-in user (their token) instead of the service account, so the
   * cluster's RBAC decides; reads still come from the service account's caches.
   */
  actAsUser?: boolean;
  /** With actAsUser: the Backstage auth provider whose token the cluster accepts. Default `oidc`. */
  userAuthProvider?: string;
  /** Retry waits of the watch caches. */
  backoff?: { initialMs: number; maxMs: number };
}

const kratixResource = (kind: KratixKind): ResourceType => ({
  group: KRATIX_GROUP,
  version: KRATIX_VERSION,
  plural: KRATIX_KINDS[kind].plural,
  namespaced: KRATIX_KINDS[kind].namespaced,
});

/** One document of a Work or WorkPlacement, decoded. @public */
export interface WorkloadDocument {
  filepath: string;
  /** The document's text. */
  content: string;
  /** For a Work's documents: the id of their workload group. */
  group?: string;
}

/** A workload's text: Kratix stores it gzip-compressed, then base64-encoded. */
function decodeWorkloadContent(content: string | undefined): string {
  if (!content) return '';
  const bytes = Buffer.from(content, 'base64');
  try {
    return gunzipSync(bytes).toString('utf8');
  } catch {
    // Not compressed (hand-made objects): the base64 of the text itself.
    return bytes.toString('utf8');
  }
}

const CACHED_KINDS: KratixKind[] = [
  'Promise',
  'Destination',
  'Cluster',
  'GitStateStore',
  'BucketStateStore',
  // Not Works: one or more per request, and only a request's or Promise's Events page reads
  // them (by label, on demand). WorkPlacements say where documents landed, which every
  // cluster and request page shows.
  'WorkPlacement',
  'ResourceBinding',
  'HealthRecord',
  'PromiseRelease',
  'PromiseRevision',
];

/**
 * The keys the cached WorkPlacements are looked up by, as listPlacements matches them: the
 * request (Kratix copies the Work's `spec.resourceName`), the Destination and the Promise
 * (controllers/scheduler.go, applyWorkplacementsForTargetDestinations, v0.125.0).
 */
const PLACEMENT_INDEXES = {
  resource: (wp: WorkPlacement) => wp.spec.resourceName,
  destination: (wp: WorkPlacement) => wp.spec.targetDestinationName,
  promise: (wp: WorkPlacement) =>
    wp.spec.promiseName ??
    wp.metadata.labels?.[KRATIX_LABELS.promiseName] ??
    '',
};

/** The index and key listPlacements reads a query's WorkPlacements by, the narrowest first. */
function placementLookup(
  query: PlacementQuery,
): [keyof typeof PLACEMENT_INDEXES, string] | undefined {
  if (query.resource) return ['resource', query.resource];
  if (query.destination) return ['destination', query.destination];
  if (query.promise) return ['promise', query.promise];
  return undefined;
}

/**
 * A platform in `kubernetes` mode: every Kratix kind, and every Promise's requests, is held
 * in a watch cache, so a page view makes no API-server call. Requests are written through
 * the API (create, or merge-patch when they exist).
 * @public
 */
export class KubernetesKratixPlatform implements KratixPlatform {
  readonly mode: 'kubernetes' | 'hybrid';
  readonly name: string;
  readonly title: string;
  readonly admins: string[];
  readonly actAsUser?: { authProvider: string };
  private readonly caches = new Map<KratixKind, ResourceCache>();
  private readonly requestCaches = new Map<
    string,
    { key: string; cache: ResourceCache<ResourceRequest> }
  >();
  private readonly jobs: ResourceCache<JobLike>;
  private readonly listeners = new Set<
    (change: { kind: string; promise?: string }) => void
  >();
  private started?: Promise<void>;
  /** Kubernetes Events about Kratix objects (none where the backend may not list them). */
  private readonly events: KratixEventCache;
  /** Every change of each request's conditions the request caches see. */
  private readonly conditionHistory = new ConditionHistoryRecorder();
  /** Kratix's DryRun, where the cluster serves it (hybrid mode too: it is on the cluster). */
  private readonly dryRuns: KubernetesDryRuns;
  /** Every change of each request's aggregated health the request caches see. */
  private readonly healthHistory = new HealthHistoryRecorder();

  constructor(private readonly options: KubernetesKratixPlatformOptions) {
    this.name = options.name;
    this.title = options.title ?? options.name;
    this.admins = options.admins ?? [];
    this.mode = options.requestWriter ? 'hybrid' : 'kubernetes';
    if (options.actAsUser)
      this.actAsUser = { authProvider: options.userAuthProvider ?? 'oidc' };
    for (const kind of CACHED_KINDS) {
      const cache = new ResourceCache(options.client, kratixResource(kind), {
        logger: options.logger,
        optional: OPTIONAL_KRATIX_KINDS.includes(kind),
        backoff: options.backoff,
        // WorkPlacements carry a gzip+base64 copy of every output document: the cache keeps
        // their file paths, and readWorkloads fetches the documents when asked. The
        // collection is as long as the requests several times over: listed in pages (sized
        // to their text, see pageLimit), with each workload's content cut out before the
        // answer is parsed.
        ...(kind === 'WorkPlacement'
          ? {
              transform: forTheCache,
              withoutWorkloadContent: true,
              // The large members forTheCache drops are not parsed at all.
              withoutMembers: CUT_BEFORE_PARSING,
              pageSize: 500,
              // A request's, a Destination's and a Promise's placements read only theirs.
              indexes:
                PLACEMENT_INDEXES as unknown as ResourceCacheOptions['indexes'],
            }
          : {}),
      });
      cache.subscribe(() => this.emit({ kind }));
      // Promises' manage acts go to promises/<name>.yaml with a git writer (managePromise).
      if (kind === 'Promise' && options.requestWriter)
        cache.subscribe(
          clearAppliedReconcileLabel({
            writer: options.requestWriter,
            pathOf: p => `promises/${p.metadata.name}.yaml`,
            describe: p => `Promise ${p.metadata.name}`,
            logger: options.logger,
          }),
        );
      this.caches.set(kind, cache);
    }
    // Pipeline Jobs carry kratix.io/pipeline-name in every Kratix generation.
    this.jobs = new ResourceCache<JobLike>(
      options.client,
      { group: 'batch', version: 'v1', plural: 'jobs', namespaced: true },
      {
        logger: options.logger,
        labelSelector: 'kratix.io/pipeline-name',
        backoff: options.backoff,
      },
    );
    this.jobs.subscribe(() => this.emit({ kind: 'Job' }));
    this.events = new KratixEventCache(
      options.client,
      this.caches.get('Promise') as unknown as ResourceCache<KratixPromise>,
      { logger: options.logger, backoff: options.backoff },
    );
    this.dryRuns = new KubernetesDryRuns({
      platform: this.name,
      client: options.client,
      writer: asUser => this.writer(asUser),
      readWorkloads: (namespace, name) =>
        this.readWorkloads('Work', namespace, name),
      logger: options.logger,
    });
    this.caches
      .get('Promise')!
      .subscribe(change =>
        this.onPromiseChange(change as CacheChange<KratixPromise>),
      );
  }

  /** The client writes go through: the user's own when the platform acts as them. */
  private writer(asUser?: UserClusterCredentials): KubernetesApiClient {
    if (!this.options.actAsUser) return this.options.client;
    if (!asUser?.token) {
      throw new AuthenticationError(
        `Platform ${this.name} writes as the signed-in user: sign in with the cluster's identity provider and send its token`,
      );
    }
    return this.options.client.withToken(asUser.token);
  }

  /** Lists everything once and starts watching; resolves when the first lists are done. */
  start(): Promise<void> {
    this.started ??= (async () => {
      const promises = this.caches.get('Promise')!;
      const others = [...this.caches.values(), this.jobs]
        .filter(c => c !== promises)
        .map(c => c.start());
      // The requests are listed as soon as the Promises are known, alongside the long lists
      // (Works, WorkPlacements) rather than after them.
      await promises.start();
      this.syncRequestCaches();
      await Promise.all([
        ...others,
        this.events.start(),
        ...[...this.requestCaches.values()].map(r => r.cache.start()),
      ]);
    })();
    return this.started;
  }

  /** Stops every watch. */
  stop(): void {
    for (const cache of this.caches.values()) cache.stop();
    this.jobs.stop();
    this.events.stop();
    for (const { cache } of this.requestCaches.values()) cache.stop();
  }

  /** Calls the listener whenever any cached collection changes (for the catalog's deltas). */
  subscribe(
    listener: (change: { kind: string; promise?: string }) => void,
  ): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async listPromises(): Promise<KratixPromise[]> {
    return this.cached<KratixPromise>('Promise');
  }

  async getPromise(name: string): Promise<KratixPromise | undefined> {
    return this.caches.get('Promise')!.get(name) as KratixPromise | undefined;
  }

  async listDestinations(): Promise<Array<Destination | LegacyCluster>> {
    return [
      ...this.cached<Destination>('Destination'),
      ...this.cached<LegacyCluster>('Cluster'),
    ];
  }

  async listStateStores(): Promise<StateStore[]> {
    return [
      ...this.cached<GitStateStore>('GitStateStore'),
      ...this.cached<BucketStateStore>('BucketStateStore'),
    ];
  }

  async listRequests(query: RequestQuery = {}): Promise<ResourceRequest[]> {
    const entries = query.promise
      ? [this.requestCaches.get(query.promise)].filter(Boolean)
      : [...this.requestCaches.values()];
    // A DryRun's ephemeral request is nobody's request (dryrun_controller.go).
    return entries
      .flatMap(e => e!.cache.list())
      .filter(
        r =>
          (!query.namespace || r.metadata.namespace === query.namespace) &&
          !isDryRun(r),
      );
  }

  /**
   * Works, read from the API server when asked (they are not cached), optionally only those
   * with the given labels (a Kubernetes label selector). Like the cached WorkPlacements they
   * come without their workloads' `content` (each workload keeps its `filepath`);
   * readWorkloads reads the documents.
   */
  async listWorks(labelSelector?: string): Promise<Work[]> {
    const { items } = await this.options.client.list<Work>(
      kratixResource('Work'),
      {
        labelSelector,
        withoutWorkloadContent: true,
        withoutMembers: CUT_BEFORE_PARSING,
      },
    );
    return items.map(forTheCache);
  }

  /** WorkPlacements, ResourceBindings and HealthRecords come from the caches. */
  async listWorkPlacements(): Promise<WorkPlacement[]> {
    return this.cached<WorkPlacement>('WorkPlacement');
  }

  /**
   * The documents a Work or WorkPlacement carries, decoded: read from the API server when
   * asked, as the caches keep only their file paths. A Work's documents name their
   * workload group.
   */
  async readWorkloads(
    kind: 'Work' | 'WorkPlacement',
    namespace: string,
    name: string,
  ): Promise<WorkloadDocument[]> {
    let object: Work | WorkPlacement;
    try {
      object = await this.options.client.get<Work | WorkPlacement>(
        kratixResource(kind),
        name,
        namespace,
      );
    } catch (error) {
      if (error instanceof KubernetesApiError && error.statusCode === 404)
        throw new NotFoundError(
          `No ${kind} ${namespace}/${name} on platform ${this.name}`,
        );
      throw error;
    }
    const decode = (workload: Workload, group?: string): WorkloadDocument => ({
      filepath: workload.filepath,
      ...(group !== undefined ? { group } : {}),
      content: decodeWorkloadContent(workload.content),
    });
    if (kind === 'Work') {
      return ((object as Work).spec.workloadGroups ?? []).flatMap(g =>
        (g.workloads ?? []).map(w => decode(w, g.id)),
      );
    }
    return ((object as WorkPlacement).spec.workloads ?? []).map(w => decode(w));
  }

  /** Each WorkPlacement's documents read by readPlacedDocuments, until it changes. */
  private readonly placedDocuments = new WorkPlacementDocuments(this);

  /** The documents of the WorkPlacements scheduled to the Destinations. */
  async readPlacedDocuments(
    query: PlacedDocumentsQuery,
  ): Promise<PlacedDocument[]> {
    return this.placedDocuments.read(query);
  }

  async listResourceBindings(): Promise<ResourceBinding[]> {
    return this.cached<ResourceBinding>('ResourceBinding');
  }

  /** PromiseRevisions from the watch cache; undefined where Kratix predates them (2025-11). */
  async listPromiseRevisions(): Promise<PromiseRevision[] | undefined> {
    if (this.caches.get('PromiseRevision')!.state().missing) return undefined;
    return this.cached<PromiseRevision>('PromiseRevision');
  }

  /** PromiseReleases from the watch cache (none on clusters whose Kratix lacks the CRD). */
  async listPromiseReleases(): Promise<PromiseRelease[]> {
    return this.cached<PromiseRelease>('PromiseRelease');
  }

  /**
   * Kubernetes Events of one object from the events watch cache and, with `query.promise`,
   * of its Works, which are found by Kratix's labels with one list call. Should that call
   * fail, the object's own Events are still given.
   */
  async listEvents(query: KubernetesEventQuery): Promise<KubernetesEvent[]> {
    let works: Work[] = [];
    if (query.promise) {
      const isRequest = !(
        query.kind === 'Promise' && query.name === query.promise
      );
      const selector = [
        `${KRATIX_LABELS.promiseName}=${query.promise}`,
        isRequest
          ? `${KRATIX_LABELS.resourceName}=${query.name}`
          : `!${KRATIX_LABELS.resourceName}`,
      ].join(',');
      works = await this.listWorks(selector).catch(error => {
        this.options.logger?.warn(
          `Platform ${this.name}: could not list the Works of ${query.name} for its Events: ${error}`,
        );
        return [];
      });
    }
    return selectEvents(this.events.list(), works, query);
  }

  /** The changes of a request's conditions the request caches saw, newest first. */
  async listConditionHistory(ref: RequestRef): Promise<ConditionChange[]> {
    return this.conditionHistory.history(ref);
  }

  /** The changes of a request's aggregated health the request caches saw, newest first. */
  async listHealthHistory(ref: RequestRef): Promise<HealthChange[]> {
    return this.healthHistory.history(ref);
  }

  async listHealthRecords(): Promise<HealthRecord[]> {
    return this.cached<HealthRecord>('HealthRecord');
  }

  async listPlacements(query: PlacementQuery = {}): Promise<Placement[]> {
    const destinations = new Map(
      (await this.listDestinations()).map(d => [d.metadata.name, d]),
    );
    const stores = await this.listStateStores();
    const pipelineNamespaces = new Map(
      (await this.listPromises())
        .filter(p => p.spec?.workflows?.config?.pipelineNamespace)
        .map(p => [
          p.metadata.name,
          p.spec.workflows!.config!.pipelineNamespace!,
        ]),
    );
    const promiseOf = PLACEMENT_INDEXES.promise;
    // Only the WorkPlacements that can match are made into placements (there may be one per
    // request and destination): by the fields placementFromWorkPlacement takes as they are,
    // read from the index of the most telling one the query names.
    const mayMatch = (wp: WorkPlacement) =>
      (!query.destination ||
        wp.spec.targetDestinationName === query.destination) &&
      (!query.resource || wp.spec.resourceName === query.resource) &&
      (!query.promise || promiseOf(wp) === query.promise);
    const workPlacements = this.caches.get('WorkPlacement')!;
    const lookup = placementLookup(query);
    const candidates = (
      (lookup
        ? workPlacements.withKey(...lookup)
        : workPlacements.list()) as unknown as WorkPlacement[]
    ).filter(mayMatch);
    // A request's WorkPlacements in its Promise's pipeline namespace name the request's own
    // namespace nowhere; their Work does (see requestNamespacesOfWorks).
    const joined = candidates.filter(
      wp =>
        !!wp.spec.resourceName &&
        pipelineNamespaces.get(promiseOf(wp)) === wp.metadata.namespace,
    );
    const requestNamespaces = await this.requestNamespacesOfWorks(joined);
    return candidates
      .map(wp => {
        const destination = destinations.get(wp.spec.targetDestinationName);
        const ref = destination?.spec?.stateStoreRef;
        const store = stores.find(
          s =>
            s.metadata.name === ref?.name &&
            (!ref?.kind || s.kind === ref.kind),
        );
        const work = wp.metadata.labels?.[KRATIX_LABELS.work];
        return placementFromWorkPlacement(
          wp,
          destination,
          store,
          work
            ? requestNamespaces.get(`${wp.metadata.namespace}/${work}`)
            : undefined,
        );
      })
      .filter(p => matchesPlacementQuery(p, query));
  }

  /** `namespace/name` of a Work → its request's namespace, for Works that live elsewhere. */
  private readonly workRequestNamespaces = new Map<string, string>();
  /** WorkPlacements whose Work names no request namespace (a Kratix that sets no label). */
  private readonly worksWithoutNamespace = new Set<string>();

  /**
   * The request namespace of the Works behind some WorkPlacements, from the Works' own
   * `kratix.io/resource-namespace` label (Kratix's work creator sets it when a Promise runs
   * pipelines in a pipeline namespace: lib/resourceutil/work.go GetWorkLabels). A Work keeps
   * its request for life, so each is read once: the Works not yet known are listed in one
   * call by their Promises, and one found without the label is not asked for again. Should
   * that call fail, the placements keep the WorkPlacement's namespace and the next read
   * tries again. What is remembered is kept to the WorkPlacements in the cache.
   */
  private async requestNamespacesOfWorks(
    placements: WorkPlacement[],
  ): Promise<Map<string, string>> {
    const key = (wp: WorkPlacement) =>
      `${wp.metadata.namespace}/${wp.metadata.labels?.[KRATIX_LABELS.work]}`;
    const unknown = placements.filter(
      wp =>
        !this.workRequestNamespaces.has(key(wp)) &&
        !this.worksWithoutNamespace.has(key(wp)),
    );
    if (unknown.length === 0) return this.workRequestNamespaces;
    const promises = [
      ...new Set(unknown.map(wp => wp.spec.promiseName ?? '')),
    ].filter(Boolean);
    let works: Work[];
    try {
      works = await this.listWorks(
        `${KRATIX_LABELS.promiseName} in (${promises.join(',')})`,
      );
    } catch (error) {
      this.options.logger?.warn(
        `Platform ${this.name}: could not read the Works of requests run in a pipeline namespace: ${error}`,
      );
      return this.workRequestNamespaces;
    }
    for (const work of works) {
      const workKey = `${work.metadata.namespace}/${work.metadata.name}`;
      const namespace = work.metadata.labels?.[KRATIX_LABELS.resourceNamespace];
      if (namespace) this.workRequestNamespaces.set(workKey, namespace);
      else this.worksWithoutNamespace.add(workKey);
    }
    // Remember only what the cached WorkPlacements still point at.
    const current = new Set(
      this.cached<WorkPlacement>('WorkPlacement').map(key),
    );
    for (const known of [
      this.workRequestNamespaces,
      this.worksWithoutNamespace,
    ] as const) {
      for (const workKey of known.keys())
        if (!current.has(workKey)) known.delete(workKey);
    }
    return this.workRequestNamespaces;
  }

  async listPipelineRuns(query: {
    promise: string;
    namespace?: string;
    resource?: string;
  }): Promise<PipelineRun[]> {
    // A Promise with `workflows.config.pipelineNamespace` runs every request's pipelines there.
    const pipelineNamespace = (await this.getPromise(query.promise))?.spec
      ?.workflows?.config?.pipelineNamespace;
    const inNamespace = (run: PipelineRun) =>
      !query.namespace ||
      (run.requestNamespace
        ? run.requestNamespace === query.namespace
        : run.namespace === query.namespace ||
          run.namespace === pipelineNamespace);
    return sortPipelineRuns(
      this.jobs
        .list()
        .map(pipelineRunFromJob)
        .filter(
          run =>
            run.promise === query.promise &&
            (query.resource === undefined
              ? true
              : run.resource === query.resource) &&
            inNamespace(run),
        ),
    );
  }

  async findPipelineRun(
    namespace: string,
    run: string,
  ): Promise<PipelineRun | undefined> {
    const job = this.jobs.get(run, namespace);
    return job && pipelineRunFromJob(job);
  }

  async readPipelineLogs(
    namespace: string,
    run: string,
  ): Promise<PipelineLogs> {
    if (!this.jobs.get(run, namespace))
      throw new NotFoundError(
        `No pipeline run ${namespace}/${run} on platform ${this.name}`,
      );
    // Logs are read on demand: they are large and only wanted when someone opens them.
    const pods = await this.options.client.listPods(
      namespace,
      `job-name=${run}`,
    );
    const pod = pods.sort((a, b) =>
      String(b.metadata?.creationTimestamp ?? '').localeCompare(
        String(a.metadata?.creationTimestamp ?? ''),
      ),
    )[0];
    if (!pod) return { run, containers: [] };
    const names: string[] = [
      ...(pod.spec?.initContainers ?? []).map((c: { name: string }) => c.name),
      ...(pod.spec?.containers ?? []).map((c: { name: string }) => c.name),
    ];
    const containers = await Promise.all(
      names.map(async name => ({
        name,
        log: await this.options.client
          .podLog(namespace, pod.metadata.name, name)
          .catch(e => `(no log: ${(e as Error).message})`),
      })),
    );
    return { run, pod: pod.metadata.name, containers };
  }

  async manageRequest(
    ref: RequestRef,
    action: ManageAction,
    options: {
      version?: string;
      author?: { name: string; email: string };
      asUser?: UserClusterCredentials;
      requester?: string;
    } = {},
  ): Promise<ManageActResult> {
    const promise = await this.getPromise(ref.promise);
    const api = promise && extractPromiseApi(promise);
    if (!api)
      throw new NotFoundError(
        `Promise ${ref.promise} with an API is not on platform ${this.name}`,
      );
    // With a git writer, acts go to the repository (which knows requests still in an open
    // pull request too); only an upgrade reads the request and its binding on the cluster
    // first (and then goes to the repository as well).
    if (this.options.requestWriter && action !== 'upgrade') {
      return this.options.requestWriter.manage(ref, action, options);
    }
    const request = this.requestCaches
      .get(ref.promise)
      ?.cache.get(ref.name, ref.namespace);
    if (!request)
      throw new NotFoundError(
        `Request ${ref.namespace}/${ref.name} of Promise ${ref.promise} not found on platform ${this.name}`,
      );
    const resource: ResourceType = {
      group: api.group,
      version: api.storageVersion,
      plural: api.plural,
      namespaced: true,
    };
    const target = `${ref.namespace}/${ref.name}`;
    const client = this.writer(options.asUser);
    if (action === 'delete') {
      await client.delete(resource, ref.name, ref.namespace);
    } else if (action === 'upgrade') {
      if (!options.version)
        throw new ConflictError('An upgrade needs the version to move to');
      const bindingsCache = this.caches.get('ResourceBinding')!;
      if (bindingsCache.state().missing) {
        throw new ConflictError(
          `Platform ${this.name} runs a Kratix without ResourceBindings, so requests cannot be upgraded`,
        );
      }
      // Found by its labels, as Kratix finds it (a name past 63 characters is hashed).
      const bindings = (bindingsCache.list() as ResourceBinding[]).filter(b =>
        isResourceBindingOf(b, ref),
      );
      if (bindings.length > 1)
        throw new ConflictError(
          `Found ${bindings.length} ResourceBindings for ${target} on platform ${this.name}; Kratix reconciles no request with more than one`,
        );
      const [binding] = bindings;
      if (!binding)
        throw new NotFoundError(
          `No ResourceBinding for ${target} on platform ${this.name}`,
        );
      // Kratix reconciles a pinned binding only against the revision of exactly that version
      // (dynamic_resource_request_controller.go promiseRevisionByExactVersion).
      const retained = promiseRevisionViews(
        ref.promise,
        this.cached<PromiseRevision>('PromiseRevision'),
      );
      const unretained = unretainedVersionMessage(options.version, retained, {
        promise: ref.promise,
        platform: this.name,
      });
      if (unretained) throw new ConflictError(unretained);
      // A platform that writes through git moves it there too (proposed for review with pull
      // requests), by the binding declared under the cluster's binding's name: Kratix keeps
      // the version of the one binding it finds by its labels.
      if (this.options.requestWriter) {
        const writer = this.options.requestWriter;
        return writer.moveRequestBinding(
          writer.bindingPath(ref, binding.metadata.name),
          declaredBinding(binding, options.version),
          target,
          options,
        );
      }
      await client.mergePatch(
        kratixResource('ResourceBinding'),
        binding.metadata.name,
        ref.namespace,
        {
          spec: { version: options.version },
        },
      );
    } else {
      await client.mergePatch(resource, ref.name, ref.namespace, {
        metadata: { labels: labelChangesFor(action) },
      });
    }
    return { message: describeManageAction(action, target, options.version) };
  }

  async managePromise(
    name: string,
    action: PromiseManageAction,
    options: ManageActOptions = {},
  ): Promise<ManageActResult> {
    // With a git writer, an admin's act goes to the repository, where the Promise was installed.
    if (this.options.requestWriter) {
      return this.options.requestWriter.managePromise(
        `promises/${name}.yaml`,
        name,
        action,
        options,
      );
    }
    if (!(await this.getPromise(name)))
      throw new NotFoundError(
        `Promise ${name} is not on platform ${this.name}`,
      );
    // An admin act, written as Promise installs are (the platform's own identity).
    await this.options.client.mergePatch(
      kratixResource('Promise'),
      name,
      undefined,
      { metadata: { labels: labelChangesFor(action) } },
    );
    return { message: describeManageAction(action, `Promise ${name}`) };
  }

  async registerDestination(
    destination: Destination,
    options: {
      dryRun?: boolean;
      author?: { name: string; email: string };
      requester?: string;
    } = {},
  ) {
    if (this.options.requestWriter) {
      return this.options.requestWriter.commitPlatformObject(
        destination,
        'destinations',
        action =>
          `${action === 'created' ? 'Register' : 'Update'} cluster ${
            destination.metadata.name
          }`,
        options,
      );
    }
    const resource = kratixResource('Destination');
    try {
      await this.options.client.create(resource, destination, {
        dryRun: options.dryRun,
      });
      return { action: 'created' as const, dryRun: !!options.dryRun };
    } catch (error) {
      if (!(error instanceof KubernetesApiError) || error.statusCode !== 409)
        throw error;
    }
    await this.options.client.mergePatch(
      resource,
      destination.metadata.name,
      undefined,
      {
        metadata: { labels: destination.metadata.labels ?? {} },
        spec: destination.spec,
      },
      { dryRun: options.dryRun },
    );
    return { action: 'updated' as const, dryRun: !!options.dryRun };
  }

  async installPromise(
    promise: KratixPromise,
    options: InstallPromiseOptions = {},
  ): Promise<InstallPromiseResult> {
    const name = promise.metadata.name;
    if (this.options.requestWriter) {
      return this.options.requestWriter.installPromise(
        promise,
        'promises',
        options,
      );
    }
    const { status: _status, ...body } = promise;
    let kind: 'Promise' | 'PromiseRelease' = 'Promise';
    let resource = kratixResource('Promise');
    let document: KratixPromise | PromiseRelease = body as KratixPromise;
    // A Promise installed by a release is upgraded through that release, whatever its name:
    // a second release would fight it for the Promise (Kratix's installPromise makes the
    // release the Promise's controller).
    let documentName = name;
    if (options.release) {
      const installed = (await this.listPromises()).find(
        p => p.metadata.name === name,
      );
      documentName = (installed && installingReleaseName(installed)) ?? name;
      kind = 'PromiseRelease';
      resource = kratixResource('PromiseRelease');
      document = {
        apiVersion: `${KRATIX_GROUP}/${KRATIX_VERSION}`,
        kind: 'PromiseRelease',
        metadata: { name: documentName },
        spec: {
          version:
            options.release.version ??
            promise.metadata.labels?.['kratix.io/promise-version'],
          sourceRef: { type: 'http', url: options.release.url },
        },
      };
    }
    try {
      await this.options.client.create(resource, document, {
        dryRun: options.dryRun,
      });
      return { action: 'created', kind, dryRun: !!options.dryRun };
    } catch (error) {
      if (!(error instanceof KubernetesApiError) || error.statusCode !== 409)
        throw error;
    }
    await this.options.client.mergePatch(
      resource,
      documentName,
      undefined,
      {
        metadata: { labels: document.metadata.labels ?? {} },
        spec: document.spec,
      },
      { dryRun: options.dryRun },
    );
    return { action: 'updated', kind, dryRun: !!options.dryRun };
  }

  dryRunSupport(): Promise<DryRunSupport> {
    return this.dryRuns.dryRunSupport();
  }

  startDryRun(
    ref: RequestRef,
    spec: Record<string, unknown>,
    options: DryRunStartOptions,
  ): Promise<PlatformDryRun> {
    return this.dryRuns.startDryRun(ref, spec, options);
  }

  readDryRun(
    namespace: string,
    name: string,
  ): Promise<PlatformDryRun | undefined> {
    return this.dryRuns.readDryRun(namespace, name);
  }

  async findPendingRequest(
    ref: RequestRef,
  ): Promise<PendingRequest | undefined> {
    return this.options.requestWriter?.findPending(ref);
  }

  async listPendingRequests(): Promise<PendingRequest[]> {
    return (
      (await this.options.requestWriter?.listOpen(query =>
        this.listRequests(query),
      )) ?? []
    );
  }

  async submitRequest(
    promiseName: string,
    request: ResourceRequest,
    options: SubmitRequestOptions = {},
  ): Promise<SubmitRequestResult> {
    const promise = await this.getPromise(promiseName);
    const api = promise && extractPromiseApi(promise);
    if (!api)
      throw new Error(
        `Promise ${promiseName} has no API on platform ${this.name}`,
      );
    if (this.options.requestWriter) {
      const result = await this.options.requestWriter.submit(
        promiseName,
        request,
        options,
      );
      if (!result.dryRun) this.emit({ kind: 'request', promise: promiseName });
      return result;
    }
    const resource: ResourceType = {
      group: api.group,
      version: api.storageVersion,
      plural: api.plural,
      namespaced: true,
    };
    const path = `${KubernetesApiClient.collectionPath(
      resource,
      request.metadata.namespace,
    )}/${request.metadata.name}`;
    const document = stringify(request);
    const client = this.writer(options.asUser);
    const target = `${request.kind} ${request.metadata.namespace}/${request.metadata.name}`;
    if (options.operation !== 'update') {
      try {
        await client.create(resource, request, { dryRun: options.dryRun });
      } catch (error) {
        if (error instanceof KubernetesApiError && error.statusCode === 409) {
          throw new ConflictError(
            `${target} already exists on platform ${this.name}; update it instead of creating it`,
          );
        }
        throw error;
      }
      return { action: 'created', path, document, dryRun: !!options.dryRun };
    }
    try {
      await client.mergePatch(
        resource,
        request.metadata.name,
        request.metadata.namespace,
        {
          metadata: {
            labels: request.metadata.labels ?? {},
            annotations: request.metadata.annotations ?? {},
          },
          spec: request.spec ?? {},
        },
        { dryRun: options.dryRun },
      );
    } catch (error) {
      if (error instanceof KubernetesApiError && error.statusCode === 404) {
        throw new NotFoundError(
          `${target} does not exist on platform ${this.name}; create it first`,
        );
      }
      throw error;
    }
    return { action: 'updated', path, document, dryRun: !!options.dryRun };
  }

  health(): PlatformHealth {
    const states = [
      ...this.caches.values(),
      this.jobs,
      ...[...this.requestCaches.values()].map(r => r.cache),
    ].map(c => c.state());
    const failing = states.filter(s => s.stale && s.lastError);
    const syncs = states
      .map(s => s.lastSync)
      .filter(Boolean)
      .sort() as string[];
    return {
      connected: failing.length === 0 && states.every(s => s.synced),
      synced: this.caches.get('Promise')!.state().synced,
      lastSync: syncs[0],
      lastError: failing[0]?.lastError,
    };
  }

  private cached<T>(kind: KratixKind): T[] {
    return this.caches.get(kind)!.list() as unknown as T[];
  }

  private emit(change: { kind: string; promise?: string }): void {
    for (const listener of this.listeners) listener(change);
  }

  private onPromiseChange(_change: CacheChange<KratixPromise>): void {
    if (this.started) this.syncRequestCaches(true);
  }

  /** One request cache per Promise API; restarted when the API's version or plural changes. */
  private syncRequestCaches(startNew = false): void {
    const wanted = new Map<string, ResourceType>();
    for (const promise of this.cached<KratixPromise>('Promise')) {
      const api = extractPromiseApi(promise);
      if (api)
        wanted.set(promise.metadata.name, {
          group: api.group,
          version: api.storageVersion,
          plural: api.plural,
          namespaced: api.scope !== 'Cluster',
        });
    }
    for (const [name, entry] of this.requestCaches) {
      const resource = wanted.get(name);
      if (!resource || entry.key !== JSON.stringify(resource)) {
        entry.cache.stop();
        this.conditionHistory.forget(name);
        this.healthHistory.forget(name);
        this.requestCaches.delete(name);
      }
    }
    for (const [name, resource] of wanted) {
      if (this.requestCaches.has(name)) continue;
      const cache = new ResourceCache<ResourceRequest>(
        this.options.client,
        resource,
        {
          logger: this.options.logger,
          backoff: this.options.backoff,
          transform: forTheRequestCache,
        },
      );
      cache.subscribe(() => this.emit({ kind: 'request', promise: name }));
      const writer = this.options.requestWriter;
      if (writer)
        cache.subscribe(
          clearAppliedReconcileLabel({
            writer,
            pathOf: r =>
              writer.requestPath({
                promise: name,
                namespace: r.metadata.namespace ?? 'default',
                name: r.metadata.name,
              }),
            describe: r =>
              `${r.metadata.namespace}/${r.metadata.name} (Promise ${name})`,
            logger: this.options.logger,
          }),
        );
      this.conditionHistory.watch(name, cache);
      this.healthHistory.watch(name, cache);
      this.requestCaches.set(name, { key: JSON.stringify(resource), cache });
      if (startNew) void cache.start();
    }
  }
}

/**
 * A request's ResourceBinding as declared in git to move it: the cluster's binding's name,
 * namespace and the labels Kratix finds it by, with the new version (Kratix merges its own
 * labels and writes the status).
 */
function declaredBinding(
  binding: ResourceBinding,
  version: string,
): ResourceBinding {
  const labels = binding.metadata.labels ?? {};
  return {
    apiVersion: binding.apiVersion,
    kind: 'ResourceBinding',
    metadata: {
      name: binding.metadata.name,
      namespace: binding.metadata.namespace,
      labels: {
        [KRATIX_LABELS.promiseName]: labels[KRATIX_LABELS.promiseName],
        [KRATIX_LABELS.resourceName]: labels[KRATIX_LABELS.resourceName],
      },
    },
    spec: {
      version,
      promiseRef: binding.spec.promiseRef,
      resourceRef: {
        name: binding.spec.resourceRef.name,
        namespace: binding.spec.resourceRef.namespace,
      },
    },
  };
}
