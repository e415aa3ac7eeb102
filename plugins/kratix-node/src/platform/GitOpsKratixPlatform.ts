import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  Destination,
  KratixPromise,
  LegacyCluster,
  ManageAction,
  matchesPlacementQuery,
  PipelineRun,
  Placement,
  PlacementQuery,
  PromiseManageAction,
  aggregatedLastUpdates,
  withMisplacedPlacements,
  WorkPlacementCandidates,
  PromiseRelease,
  PromiseRevision,
  withDerivedDestinationStatus,
  withDerivedPromiseStatus,
  ResourceRequest,
  RequestOrigin,
  StateStore,
  parentOf,
  isDryRun,
  isNoneModeStateFile,
  toRequestOrigin,
  KRATIX_API_VERSION,
  destinationRoot,
  destinationStateStore,
  PlatformProblem,
  placementsFromStateStore,
  deterministicObjectName,
  isResourceBindingOf,
  unretainedVersionMessage,
  KRATIX_LABELS,
  promiseRevisionViews,
  ResourceBinding,
  resourceBindingLabelValue,
} from '@kratix-backstage/plugin-kratix-common';
import { classifyDocuments, ClassifiedDocuments } from './classifyDocuments';
import {
  DeclaredRelease,
  PromiseDocumentFetcher,
  ReleasedPromises,
} from './ReleasedPromises';
import { GitRequestWriter } from '../gitops/GitRequestWriter';
import { LocalGitRepository } from '../gitops/LocalGitRepository';
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
  SubmitRequestResult,
} from './KratixPlatform';
import { listFiles, readManifestDirectory } from './readManifestDirectory';
import {
  deriveGitOpsRequests,
  documentKey,
  pipelineRunsFromHistory,
  readStateStoreRequests,
  retainedPromiseVersions,
  withDeliveryCommits,
} from './gitopsRequests';
import { promiseRevisionsFromHistory } from './promiseRevisionsFromHistory';
import {
  RepositoryHistory,
  RepositoryHistoryReader,
} from './RepositoryHistory';
import {
  GitStateStoreSource,
  isUnder,
  KRATIX_DOT_FOLDERS,
  listStateStoreFiles,
  StateStoreProblem,
  StateStoreSource,
  StateStoreSources,
  StateStoreUnreadableError,
  stateStoreKey,
} from '../stateStores';
import { KnownPipelineRuns } from './KnownPipelineRuns';
import {
  labelledDocuments,
  ReconcileLabelCleanup,
} from './reconcileLabelCleanup';
import { DryRunSupport, GITOPS_DRY_RUN_REASON } from './PlatformDryRuns';
import {
  PlacedDocument,
  PlacedDocumentsQuery,
  readPlacedStoreDocuments,
} from './placedDocuments';

/** Options of a platform read from a git working tree. @public */
export interface GitOpsKratixPlatformOptions {
  name: string;
  title?: string;
  /** Entity refs of the platform's admins. */
  admins?: string[];
  /** Working tree of the platform repository. */
  directory: string;
  /** Sub-folder that declares Promises, clusters, state stores and requests ('.' = all). */
  platformPath?: string;
  /** Sub-folders holding the state store's documents; not read as declarations. */
  stateStorePaths?: string[];
  /** How requests are written (a remote, pull requests); a local commit writer by default. */
  writer?: GitRequestWriter;
  /** Folder Destination documents are committed to (default `platform/destinations`). */
  destinationsPath?: string;
  /** Folder Promise documents are committed to when installed (default `platform/promises`). */
  promisesPath?: string;
  /** Folder of request documents, relative to the repository root (default `requests`). */
  requestsPath?: string;
  /** How often the repository is checked for commits made elsewhere. Default 5000 ms. */
  pollIntervalMs?: number;
  /** How long a read may be served from the last load before the tree is read again. */
  maxAgeMs?: number;
  /**
   * How many commits of history are read (one `git log` per new HEAD) to tell whether a
   * request's documents were written for its current spec, and to list pipeline runs.
   * Default 500.
   */
  historyDepth?: number;
  /**
   * Fetches the Promise documents PromiseReleases point at (the marketplace client, which
   * fetches from allow-listed hosts only): a release installs the Promise its URL holds,
   * whatever its name, and that Promise's requests are read as such. In the background, never
   * on a read; one that cannot be fetched is a platform problem. Without a fetcher, no
   * release's Promise is shown.
   */
  promiseFetcher?: PromiseDocumentFetcher;
  /**
   * The state stores that do not live in the platform repository (see
   * {@link StateStoreSources} for which those are): a GitStateStore with a repository of its
   * own is read from its clone (files, Kratix's `.kratix` records, and its history for
   * delivery commits), a BucketStateStore through an S3 client. A store that cannot be read
   * is a platform problem (`state-store-unreadable`) and its Destinations' documents are
   * unknown, never shown as an empty store; the rest of the platform is served as usual.
   * Without it, every state store is read from `stateStorePaths`.
   */
  stateStoreSources?: StateStoreSources;
  /**
   * Pipeline runs known beyond the history (the embedded stand-in records its own): a run
   * whose output was unchanged commits nothing, yet it ran.
   */
  knownRuns?: KnownPipelineRuns;
  /**
   * How long after a request's change its pipeline is awaited before documents that did
   * not change are taken as its output, as Kratix commits nothing then. Default 10 minutes.
   */
  pipelineSettleMs?: number;
  /**
   * How long `kratix.io/manual-reconciliation` ("Reconcile now") stays in git before the
   * suite commits its removal, while the platform is subscribed to (see
   * ReconcileLabelCleanup). Default 600 s.
   */
  reconcileLabelSeconds?: number;
  logger?: LoggerService;
}

/** A state store outside the platform repository, as one read of the platform found it. */
interface OutsideStore {
  store: StateStore;
  source: StateStoreSource;
  /** Its files (store paths); undefined when it could not be read. */
  files?: string[];
  /** Kratix's `.kratix` records among them, by path. */
  records: Map<string, string>;
  /** Its own history, for a GitStateStore. */
  history?: RepositoryHistory;
  /** Commits of that history that took a WorkPlacement out of an aggregatedYAML file. */
  removals?: Set<string>;
}

const storeRefOf = (store: StateStore) => ({
  kind: store.kind,
  name: store.metadata.name,
});

/**
 * Whether Kratix's files for a store are in the platform repository's state folders: some
 * listed file lies in the folder of one of its Destinations (`<spec.path>/<Destination
 * path>`, where Kratix writes the canary files first). Such a store is read there, as it
 * always was, whatever its `spec.url` says, unless a `stateStores` entry names it.
 */
function storeFilesInRepository(
  store: StateStore,
  destinations: Array<Destination | LegacyCluster>,
  storeFiles: string[],
): boolean {
  const roots = destinations
    .filter(d => destinationStateStore(d, [store]) === store)
    .map(d => destinationRoot(store.spec.path, d.spec?.path ?? d.metadata.name))
    .filter(root => root !== '');
  return storeFiles.some(file => roots.some(root => isUnder(file, root)));
}

function storeProblem(problem: StateStoreProblem): PlatformProblem {
  const { store, reason, stale } = problem;
  return {
    kind: 'state-store-unreadable',
    message: stale
      ? `${store.kind} ${store.name} is served as it was last fetched: ${reason}`
      : `${store.kind} ${store.name} cannot be read, so what Kratix wrote to its Destinations is unknown: ${reason}`,
    stateStore: store,
    reason,
    ...(stale ? { stale } : {}),
  };
}

/** What one read of the repository found, with each declared request's file. */
type GitOpsSnapshot = ClassifiedDocuments & {
  placements: Placement[];
  /** Repository path of each declared document, by {@link documentKey}. */
  requestPaths: Map<string, string>;
};

/**
 * A platform in `gitops` mode: everything is declared as YAML in a git working tree, so
 * reading it needs no cluster. The tree is re-read at most every `maxAgeMs`, so commits
 * made by other writers show up without a restart.
 * @public
 */
export class GitOpsKratixPlatform implements KratixPlatform {
  readonly mode = 'gitops' as const;
  readonly name: string;
  readonly title: string;
  readonly admins: string[];
  private readonly options: GitOpsKratixPlatformOptions;
  private snapshot?: GitOpsSnapshot;
  private loadedAt = 0;
  /** Bumped by every invalidate: a read started before it cannot count as fresh after it. */
  private generation = 0;
  private loadingGeneration = -1;
  private loading?: Promise<GitOpsSnapshot>;
  private state: PlatformHealth = { connected: false, synced: false };
  private readonly writer: GitRequestWriter;
  private readonly listeners = new Set<
    (change: { kind: string; promise?: string }) => void
  >();
  private pollTimer?: NodeJS.Timeout;
  private lastHead?: string;
  private readonly historyReader: RepositoryHistoryReader;
  /** The history the last load was derived from, and the pipeline runs read from it. */
  private history: RepositoryHistory = RepositoryHistory.empty();
  private runs?: { history: RepositoryHistory; runs: PipelineRun[] };
  private checking = false;
  private readonly released?: ReleasedPromises;
  /** The state stores outside the repository as the last load read them, by `<kind>/<name>`. */
  private outside = new Map<string, OutsideStore>();
  /** The HEAD of each GitStateStore elsewhere at the last check for commits. */
  private readonly storeHeads = new Map<string, string>();
  /** One history reader per GitStateStore clone, kept between loads (one `git log` per HEAD). */
  private readonly storeHistories = new WeakMap<
    StateStoreSource,
    RepositoryHistoryReader
  >();

  private readonly labelCleanup: ReconcileLabelCleanup;

  constructor(options: GitOpsKratixPlatformOptions) {
    this.options = options;
    if (options.promiseFetcher)
      this.released = new ReleasedPromises({
        fetcher: options.promiseFetcher,
        onChange: () => this.invalidate(),
        logger: options.logger,
      });
    this.writer =
      options.writer ??
      new GitRequestWriter(
        new LocalGitRepository(options.directory),
        options.requestsPath,
      );
    this.name = options.name;
    this.title = options.title ?? options.name;
    this.admins = options.admins ?? [];
    this.historyReader = new RepositoryHistoryReader(
      options.directory,
      options.historyDepth,
    );
    this.labelCleanup = new ReconcileLabelCleanup({
      platform: this.name,
      writer: this.writer,
      windowSeconds: options.reconcileLabelSeconds,
      read: async () => {
        const snapshot = await this.load();
        return {
          documents: labelledDocuments(
            snapshot.promises,
            snapshot.requests,
            snapshot.requestPaths,
          ),
          history: this.history,
        };
      },
      onRemoved: () => this.invalidate(),
      logger: options.logger,
    });
  }

  /** Pipeline runs known beyond the history, where the platform was given a record of them. */
  get knownRuns(): KnownPipelineRuns | undefined {
    return this.options.knownRuns;
  }

  /** The repository the platform reads and commits to. */
  get repository(): LocalGitRepository {
    return this.writer.repository;
  }

  async start(): Promise<void> {
    if (this.snapshot) return;
    await this.load().then(
      () => undefined,
      () => undefined,
    );
  }

  async listPromises(): Promise<KratixPromise[]> {
    return (await this.load()).promises;
  }

  async getPromise(name: string): Promise<KratixPromise | undefined> {
    return (await this.load()).promises.find(p => p.metadata.name === name);
  }

  async listDestinations(): Promise<Array<Destination | LegacyCluster>> {
    return (await this.load()).destinations;
  }

  async listStateStores(): Promise<StateStore[]> {
    return (await this.load()).stateStores;
  }

  /** PromiseReleases declared in the platform repository (any declared status dropped). */
  async listPromiseReleases(): Promise<PromiseRelease[]> {
    return (await this.load()).promiseReleases;
  }

  async listRequests(query: RequestQuery = {}): Promise<ResourceRequest[]> {
    const { requests } = await this.load();
    const lists = query.promise
      ? [requests.get(query.promise) ?? []]
      : [...requests.values()];
    // A DryRun's ephemeral request is nobody's request (dryrun_controller.go).
    return lists
      .flat()
      .filter(
        r =>
          (!query.namespace || r.metadata.namespace === query.namespace) &&
          !isDryRun(r),
      );
  }

  async listPlacements(query: PlacementQuery = {}): Promise<Placement[]> {
    return (await this.load()).placements.filter(p =>
      matchesPlacementQuery(p, query),
    );
  }

  /** The documents of the state-store files Kratix placed on the Destinations. */
  async readPlacedDocuments(
    query: PlacedDocumentsQuery,
  ): Promise<PlacedDocument[]> {
    return readPlacedStoreDocuments(this, query);
  }

  /**
   * Pipelines run as Jobs on the platform cluster, which a gitops platform cannot see; their
   * runs are read from the state store's history instead: one Succeeded run per commit that
   * delivered a pipeline's documents, naming that commit (see `pipelineRunsFromHistory`).
   */
  async listPipelineRuns(
    query: { promise?: string; namespace?: string; resource?: string } = {},
  ): Promise<PipelineRun[]> {
    return (await this.pipelineRuns()).filter(
      r =>
        (!query.promise || r.promise === query.promise) &&
        (!query.namespace || r.namespace === query.namespace) &&
        (!query.resource || r.resource === query.resource),
    );
  }

  async findPipelineRun(
    namespace: string,
    run: string,
  ): Promise<PipelineRun | undefined> {
    return (await this.pipelineRuns()).find(
      r => r.namespace === namespace && r.name === run,
    );
  }

  private async pipelineRuns(): Promise<PipelineRun[]> {
    const snapshot = await this.load();
    const history = this.history;
    if (this.runs?.history !== history) {
      this.runs = {
        history,
        runs: pipelineRunsFromHistory({
          history,
          stateStorePaths: this.options.stateStorePaths ?? [],
          stores: snapshot.stateStores,
          destinations: snapshot.destinations,
          candidates: candidatesOf(snapshot.promises, snapshot.requests),
        }),
      };
    }
    const known = this.options.knownRuns?.pipelineRuns() ?? [];
    if (known.length === 0) return this.runs.runs;
    // A known run that made a commit is that commit's run: listed once.
    const knownCommits = new Set(
      known.map(r => `${r.commit}/${r.resource}/${r.pipeline}`),
    );
    return [
      ...known,
      ...this.runs.runs.filter(
        r => !knownCommits.has(`${r.commit}/${r.resource}/${r.pipeline}`),
      ),
    ].sort(
      (a, b) => Date.parse(b.startTime ?? '') - Date.parse(a.startTime ?? ''),
    );
  }

  async readPipelineLogs(
    _namespace: string,
    run: string,
  ): Promise<PipelineLogs> {
    throw new NotFoundError(
      `Pipeline run ${run}: platform ${this.name} is read from git and has no pipeline pods to read`,
    );
  }

  async manageRequest(
    ref: RequestRef,
    action: ManageAction,
    options: ManageActOptions & { version?: string } = {},
  ): Promise<ManageActResult> {
    await this.refuseSubRequest(ref);
    const result =
      action === 'upgrade'
        ? await this.moveToVersion(ref, options)
        : await this.writer.manage(ref, action, options);
    this.invalidate();
    return result;
  }

  /**
   * Moves a declared request to a retained version of its Promise by the ResourceBinding
   * declared beside the platform's objects (see GitRequestWriter.moveRequestBinding): the
   * one declared for it, wherever it is, else a new one named and labelled as Kratix names
   * and finds its own (dynamic_resource_request_controller.go updateResourceBinding,
   * resourceBindingLabelsFor).
   */
  private async moveToVersion(
    ref: RequestRef,
    options: ManageActOptions & { version?: string },
  ): Promise<ManageActResult> {
    const target = `${ref.namespace}/${ref.name}`;
    const version = options.version;
    if (!version)
      throw new ConflictError('An upgrade needs the version to move to');
    const snapshot = await this.load();
    const request = (snapshot.requests.get(ref.promise) ?? []).find(
      r =>
        r.metadata.namespace === ref.namespace && r.metadata.name === ref.name,
    );
    if (!request)
      throw new NotFoundError(
        `Request ${target} of Promise ${ref.promise} not found on platform ${this.name}`,
      );
    const retained = promiseRevisionViews(
      ref.promise,
      await this.listPromiseRevisions(),
    );
    const unretained = unretainedVersionMessage(version, retained, {
      promise: ref.promise,
      platform: this.name,
    });
    if (unretained) throw new ConflictError(unretained);
    const declared = (await this.listResourceBindings()).filter(b =>
      isResourceBindingOf(b, ref),
    );
    if (declared.length > 1)
      throw new ConflictError(
        `Found ${declared.length} ResourceBindings for ${target} in the repository; Kratix reconciles no request with more than one`,
      );
    const binding: ResourceBinding = declared[0]
      ? { ...declared[0], spec: { ...declared[0].spec, version } }
      : {
          apiVersion: KRATIX_API_VERSION,
          kind: 'ResourceBinding',
          metadata: {
            name: deterministicObjectName(`${ref.name}-${ref.promise}`),
            namespace: ref.namespace,
            labels: {
              [KRATIX_LABELS.promiseName]: ref.promise,
              [KRATIX_LABELS.resourceName]: resourceBindingLabelValue(ref.name),
            },
          },
          spec: {
            version,
            promiseRef: { name: ref.promise },
            resourceRef: { name: ref.name, namespace: ref.namespace },
          },
        };
    const path =
      (declared[0] && snapshot.requestPaths.get(documentKey(declared[0]))) ??
      this.writer.bindingPath(ref, binding.metadata.name);
    return this.writer.moveRequestBinding(path, binding, target, options);
  }

  /**
   * The ResourceBindings declared in the repository: Kratix adopts a binding made ahead of
   * it and keeps its version, so these pin their requests. Requests without one are bound
   * by Kratix on the cluster, which git does not show.
   */
  async listResourceBindings(): Promise<ResourceBinding[]> {
    const snapshot = await this.load();
    return snapshot.other.filter(
      (o): o is ResourceBinding =>
        o.apiVersion === KRATIX_API_VERSION && o.kind === 'ResourceBinding',
    );
  }

  async managePromise(
    name: string,
    action: PromiseManageAction,
    options: ManageActOptions = {},
  ): Promise<ManageActResult> {
    const snapshot = await this.load();
    const promise = snapshot.promises.find(p => p.metadata.name === name);
    if (!promise)
      throw new NotFoundError(
        `Promise ${name} is not on platform ${this.name}`,
      );
    // Its document wherever it is declared (the install folder or not).
    const path = snapshot.requestPaths.get(documentKey(promise));
    if (!path)
      throw new ConflictError(
        `Promise ${name} has no document of its own in the repository (a PromiseRelease installs it), so its labels cannot be committed`,
      );
    const result = await this.writer.managePromise(path, name, action, options);
    this.invalidate();
    return result;
  }

  /**
   * A sub-request is a document its parent's pipeline wrote to the state store: no file in
   * the requests repository to change, and the parent's next run would write it again.
   */
  private async refuseSubRequest(ref: RequestRef): Promise<void> {
    const request = (
      await this.listRequests({
        promise: ref.promise,
        namespace: ref.namespace,
      })
    ).find(r => r.metadata.name === ref.name);
    const parent = request && parentOf(request);
    if (request && parent) {
      throw new ConflictError(
        `${ref.namespace}/${ref.name} is a sub-request written by the pipeline of ${parent.promise} ${parent.namespace}/${parent.name}: change or delete that request instead`,
      );
    }
  }

  async registerDestination(
    destination: Destination,
    options: {
      dryRun?: boolean;
      author?: { name: string; email: string };
      requester?: string;
    } = {},
  ) {
    const result = await this.writer.commitPlatformObject(
      destination,
      this.options.destinationsPath ?? 'platform/destinations',
      action =>
        `${action === 'created' ? 'Register' : 'Update'} cluster ${
          destination.metadata.name
        }`,
      options,
    );
    if (!result.dryRun) this.invalidate();
    return result;
  }

  async installPromise(
    promise: KratixPromise,
    options: InstallPromiseOptions = {},
  ): Promise<InstallPromiseResult> {
    const result = await this.writer.installPromise(
      promise,
      this.options.promisesPath ?? 'platform/promises',
      options,
    );
    if (!result.dryRun) this.invalidate();
    return result;
  }

  /**
   * The commit that last changed a declared request's file (and the pull request that merged
   * it, where the commit subject names one), from the history read with the repository;
   * undefined for sub-requests a pipeline wrote and for files older than that history.
   */
  async getRequestOrigin(ref: RequestRef): Promise<RequestOrigin | undefined> {
    const snapshot = await this.load();
    const history = this.history;
    const request = snapshot.requests
      .get(ref.promise)
      ?.find(
        r =>
          r.metadata.namespace === ref.namespace &&
          r.metadata.name === ref.name,
      );
    const path = request && snapshot.requestPaths.get(documentKey(request));
    const index = path ? history.lastTouchOf(path) : undefined;
    if (!path || index === undefined) return undefined;
    const commit = history.commits[index];
    const touches = history.touchesOf(path);
    const first = history.commits[touches[touches.length - 1]];
    const added = first?.changes.some(c => c.path === path && c.status === 'A');
    return toRequestOrigin(
      {
        sha: commit.sha,
        time: commit.time,
        author: commit.author,
        subject: commit.subject,
        path,
        created: added ? first.time : undefined,
      },
      this.repository.remote?.url,
    );
  }

  /**
   * The PromiseRevisions Kratix would hold for each Promise declared here, read from the
   * history of its document (see promiseRevisionsFromHistory). ResourceBindings live on the
   * cluster only: which request runs which revision is not known in git.
   */
  async listPromiseRevisions(): Promise<PromiseRevision[]> {
    const snapshot = await this.load();
    const revisions: PromiseRevision[] = [];
    for (const promise of snapshot.promises) {
      const path = snapshot.requestPaths.get(documentKey(promise));
      if (path)
        revisions.push(
          ...(await promiseRevisionsFromHistory(this.history, promise, path)),
        );
    }
    return revisions;
  }

  findPendingRequest(ref: RequestRef): Promise<PendingRequest | undefined> {
    return this.writer.findPending(ref);
  }

  async listPendingRequests(): Promise<PendingRequest[]> {
    return (
      (await this.writer?.listOpen(query => this.listRequests(query))) ?? []
    );
  }

  async submitRequest(
    promise: string,
    request: ResourceRequest,
    options: SubmitRequestOptions = {},
  ): Promise<SubmitRequestResult> {
    const result = await this.writer.submit(promise, request, options);
    if (!result.dryRun) this.invalidate();
    return result;
  }

  /** Kratix's DryRun runs on a cluster, which this mode does not reach. */
  async dryRunSupport(): Promise<DryRunSupport> {
    return { supported: false, reason: GITOPS_DRY_RUN_REASON };
  }

  health(): PlatformHealth {
    return { ...this.state };
  }

  /** Forgets the last load so the next read sees the tree as it is now, and tells subscribers. */
  invalidate(): void {
    this.loadedAt = 0;
    this.generation++;
    for (const listener of this.listeners) listener({ kind: 'commit' });
  }

  /**
   * Calls the listener on every change: at once for the suite's own commits, and within
   * `pollIntervalMs` for commits made elsewhere (Kratix writing the state store, people).
   */
  subscribe(
    listener: (change: { kind: string; promise?: string }) => void,
  ): () => void {
    this.listeners.add(listener);
    if (!this.pollTimer) {
      // Remember where the repository is now, so the first commit after this is noticed.
      void this.writer.repository.head().then(
        head => {
          this.lastHead ??= head;
        },
        () => undefined,
      );
      this.pollTimer = setInterval(
        () => void this.checkForCommits(),
        this.options.pollIntervalMs ?? 5000,
      );
      this.pollTimer.unref?.();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** Stops looking for commits. */
  stop(): void {
    clearInterval(this.pollTimer);
    this.pollTimer = undefined;
  }

  private async checkForCommits(): Promise<void> {
    // One check at a time: a slow git call must not pile up behind a short interval.
    if (this.checking) return;
    this.checking = true;
    try {
      const repository = this.writer.repository;
      if (repository.remote)
        await repository.exclusive(() => repository.syncWithRemote());
      // HEAD of the tree this platform reads comes from `.git` itself, with no git process.
      const head =
        repository.directory === this.options.directory
          ? await this.historyReader.head()
          : await repository.head();
      let changed = this.lastHead !== undefined && head !== this.lastHead;
      this.lastHead = head;
      // Kratix's commits to GitStateStores elsewhere are noticed as well (fetched at most
      // every 5 s); a bucket is listed again on the next read.
      for (const [key, { source }] of this.outside) {
        if (!(source instanceof GitStateStoreSource)) continue;
        const storeHead = await source.listFiles().then(
          () => this.storeHistories.get(source)?.head(),
          () => undefined,
        );
        if (!storeHead) continue;
        const last = this.storeHeads.get(key);
        if (last !== undefined && last !== storeHead) changed = true;
        this.storeHeads.set(key, storeHead);
      }
      if (changed) this.invalidate();
      // "Reconcile now" labels the GitOps tool has had time to apply leave git (at most every 30 s).
      this.labelCleanup.poll();
    } catch (error) {
      this.options.logger?.warn(
        `Could not check platform ${this.name} for new commits: ${String(
          error,
        )}`,
      );
    } finally {
      this.checking = false;
    }
  }

  private async load(): Promise<GitOpsSnapshot> {
    const fresh = Date.now() - this.loadedAt < (this.options.maxAgeMs ?? 2000);
    if (this.snapshot && fresh) return this.snapshot;
    // A read already under way serves this caller only if nothing changed since it began
    // (a commit of ours in between would otherwise be missing from what it returns).
    if (!this.loading || this.loadingGeneration !== this.generation) {
      const generation = this.generation;
      const previous = this.loading?.catch(() => undefined);
      const loading: Promise<GitOpsSnapshot> = (previous ?? Promise.resolve())
        .then(() => this.readTree(generation))
        .finally(() => {
          if (this.loading === loading) this.loading = undefined;
        });
      this.loading = loading;
      this.loadingGeneration = generation;
    }
    try {
      return await this.loading;
    } catch (error) {
      // Serve the last good snapshot, marked by the health state, rather than failing reads.
      if (this.snapshot) return this.snapshot;
      throw error;
    }
  }

  /** A file of the working tree the platform reads, or undefined when it is not there. */
  private readRepositoryFile(file: string): Promise<string | undefined> {
    return readFile(join(this.options.directory, file), 'utf8').catch(
      () => undefined,
    );
  }

  /**
   * The text of Kratix's `.kratix/` records among the state store's files (what each
   * WorkPlacement wrote to a `none`-mode Destination), by path.
   */
  private async readRecords(
    storeFiles: string[],
    read: (file: string) => Promise<string | undefined> = file =>
      this.readRepositoryFile(file),
  ): Promise<Map<string, string>> {
    const records = new Map<string, string>();
    for (const file of storeFiles) {
      if (!isNoneModeStateFile(file)) continue;
      const text = await read(file);
      if (text !== undefined) records.set(file, text);
    }
    return records;
  }

  /**
   * Reads the state stores that do not live in the platform repository through their
   * sources: files, `.kratix` records and (GitStateStore) history. A store that cannot be
   * read is a problem, with its files left unknown.
   */
  private async readOutsideStores(
    stores: StateStore[],
    destinations: Array<Destination | LegacyCluster>,
    storeFiles: string[],
  ): Promise<{ stores: OutsideStore[]; problems: PlatformProblem[] }> {
    const sources =
      this.options.stateStoreSources?.sourcesFor(stores, {
        filesInRepository: store =>
          storeFilesInRepository(store, destinations, storeFiles),
      }) ?? [];
    if (sources.length === 0) return { stores: [], problems: [] };
    const listed = await listStateStoreFiles(sources);
    const problems = [...listed.problems];
    const outside = await Promise.all(
      sources.map(async (source): Promise<OutsideStore> => {
        const store = stores.find(
          s => stateStoreKey(storeRefOf(s)) === stateStoreKey(source.store),
        )!;
        const files = listed.files.get(stateStoreKey(source.store));
        const found: OutsideStore = {
          store,
          source,
          files,
          records: new Map(),
        };
        if (!files) return found;
        try {
          found.records = await this.readRecords(files, file =>
            source.readFile(file),
          );
        } catch (error) {
          problems.push({
            store: source.store,
            reason:
              error instanceof StateStoreUnreadableError
                ? error.reason
                : String(error),
          });
        }
        if (source instanceof GitStateStoreSource) {
          let reader = this.storeHistories.get(source);
          if (!reader) {
            reader = source.historyReader(this.options.historyDepth);
            this.storeHistories.set(source, reader);
          }
          found.history = await reader.read();
          found.removals = await aggregatedRemovals(
            found.history,
            [found.store],
            destinations,
          );
        }
        return found;
      }),
    );
    for (const problem of problems) {
      this.options.logger?.warn(
        `Platform ${this.name}: ${problem.store.kind} ${problem.store.name} cannot be read: ${problem.reason}`,
      );
    }
    return { stores: outside, problems: problems.map(storeProblem) };
  }

  /**
   * Placements of one store outside the platform repository, read as those of the
   * repository's own stores are, from its files, records and (GitStateStore) history. Each
   * names the store, and a GitStateStore's carry their delivery commit and its time, from
   * the store's own history; a bucket's have no commit.
   */
  private outsidePlacements(
    outside: OutsideStore,
    destinations: Array<Destination | LegacyCluster>,
    known: WorkPlacementCandidates,
  ): Placement[] {
    if (!outside.files) return [];
    const stores = [outside.store];
    const history = outside.history;
    const found = placementsFromStateStore(
      {
        files: outside.files,
        records: outside.records,
        commits: history?.commits,
        removals: outside.removals,
      },
      stores,
      destinations,
      known,
    );
    const externalStore = storeRefOf(outside.store);
    return (history ? withDeliveryCommits(found, history) : found).map(p => {
      const committedAt = p.commit
        ? history?.commits.find(c => c.sha === p.commit)?.time
        : undefined;
      return { ...p, externalStore, ...(committedAt ? { committedAt } : {}) };
    });
  }

  /**
   * The text of one file of the state stores (a path a placement lists): from the store
   * outside the platform repository the placement (or, without one, the last read) says
   * holds it, else from the platform repository. Undefined when it is not there.
   */
  async readStoreFile(
    path: string,
    placement?: Placement,
  ): Promise<string | undefined> {
    let store = placement?.externalStore;
    if (!placement)
      store = (await this.load()).placements.find(p =>
        p.files.includes(path),
      )?.externalStore;
    if (!store) return this.repository.readFile(path);
    const outside = this.outside.get(stateStoreKey(store));
    if (!outside?.files?.includes(path)) return undefined;
    return outside.source.readFile(path);
  }

  private async readTree(generation: number): Promise<GitOpsSnapshot> {
    const root = join(this.options.directory, this.options.platformPath ?? '.');
    try {
      // A remote repository is pulled before it is read, so other writers' commits show up.
      const repository = this.writer.repository;
      if (repository.remote)
        await repository.exclusive(() => repository.syncWithRemote());
      const { documents, problems } = await readManifestDirectory(root, {
        skip: this.options.stateStorePaths,
      });
      for (const problem of problems) {
        this.options.logger?.warn(
          `Skipped ${problem.file} in platform ${this.name}: ${problem.message}`,
        );
      }
      const platformPath = (this.options.platformPath ?? '.').replace(
        /^\.(\/+|$)|\/+$/g,
        '',
      );
      // Repository paths, so duplicates are chosen (first by path) and named as a reader finds them.
      const documentFiles = documents.map(d =>
        platformPath ? `${platformPath}/${d.file}` : d.file,
      );
      // The Promises PromiseReleases install, from the documents at their URLs (fetched in
      // the background), read beside the declared ones under the release's file.
      const released = this.released?.resolve(
        documents.flatMap((d, i): DeclaredRelease[] =>
          d.object.apiVersion === KRATIX_API_VERSION &&
          d.object.kind === 'PromiseRelease'
            ? [{ release: d.object as PromiseRelease, file: documentFiles[i] }]
            : [],
        ),
      ) ?? { promises: [], problems: [] };
      const classified = classifyDocuments(
        [
          ...documents.map(d => d.object),
          ...released.promises.map(p => p.promise),
        ],
        {
          files: [...documentFiles, ...released.promises.map(p => p.file)],
        },
      );
      for (const problem of classified.problems) {
        this.options.logger?.warn(`Platform ${this.name}: ${problem.message}`);
      }
      // Fetch failures were logged when they happened.
      classified.problems.push(...released.problems);
      // The state stores' files say where Kratix put documents, with no cluster to ask.
      const storeFiles = (
        await Promise.all(
          (this.options.stateStorePaths ?? []).map(dir =>
            // Kratix's `.kratix/` records say what each WorkPlacement wrote in `none` mode.
            listFiles(join(this.options.directory, dir), {
              dotFolders: KRATIX_DOT_FOLDERS,
            }).then(
              files => files.map(f => `${dir.replace(/\/+$/, '')}/${f}`),
              () => [] as string[],
            ),
          ),
        )
      ).flat();
      // One `git log` per new HEAD: which commit wrote what, for freshness and pipeline runs.
      const history = await this.historyReader.read();
      // State stores elsewhere (a repository of their own, a bucket) are read through them.
      const outside = await this.readOutsideStores(
        classified.stateStores,
        classified.destinations,
        storeFiles,
      );
      const outsideByKey = new Map(
        outside.stores.map(o => [stateStoreKey(o.source.store), o]),
      );
      const repositoryStores = classified.stateStores.filter(
        s => !outsideByKey.has(stateStoreKey(storeRefOf(s))),
      );
      const candidates = candidatesOf(classified.promises, classified.requests);
      const records = await this.readRecords(storeFiles);
      const removals = await aggregatedRemovals(
        history,
        repositoryStores,
        classified.destinations,
      );
      const placementsFor = (known: WorkPlacementCandidates) => [
        ...withDeliveryCommits(
          placementsFromStateStore(
            { files: storeFiles, records, commits: history.commits, removals },
            repositoryStores,
            classified.destinations,
            known,
          ),
          history,
        ),
        ...outside.stores.flatMap(o =>
          this.outsidePlacements(o, classified.destinations, known),
        ),
      ];
      let placements = placementsFor(candidates);
      // Requests a composite's pipeline wrote to the platform cluster's own state store.
      const composed = await readStateStoreRequests({
        directory: this.options.directory,
        placements,
        destinations: classified.destinations,
        promises: classified.promises,
        readFile: (file, placement) => {
          const store = placement.externalStore;
          if (!store) return this.readRepositoryFile(file);
          return (
            outsideByKey
              .get(stateStoreKey(store))
              ?.source.readFile(file)
              .catch(() => undefined) ?? Promise.resolve(undefined)
          );
        },
      });
      // Their own documents are found once they are known.
      if (composed.length > 0)
        placements = placementsFor({
          ...candidates,
          requests: [...candidates.requests, ...composed],
        });
      const requestPaths = new Map(
        documents.map(d => [
          documentKey(d.object),
          platformPath ? `${platformPath}/${d.file}` : d.file,
        ]),
      );
      const requests = await deriveGitOpsRequests({
        declared: classified.requests,
        declaredPaths: requestPaths,
        composed,
        promises: classified.promises,
        placements,
        history,
        knownRuns: this.options.knownRuns,
        settleMs: this.options.pipelineSettleMs,
      });
      // Documents on a dry-run Destination make no Promise available (scheduler.go sends
      // it only dry-run Works).
      const dryRunDestinations = new Set(
        classified.destinations.filter(isDryRun).map(d => d.metadata.name),
      );
      const countedPlacements = placements.filter(
        p => !dryRunDestinations.has(p.destination),
      );
      const retainedVersions = await retainedPromiseVersions(
        history,
        classified.promises,
        p => requestPaths.get(documentKey(p)),
      );
      const storeFileSet = new Set(storeFiles);
      const storeOf = (d: Destination | LegacyCluster) =>
        classified.stateStores.find(
          s => s.metadata.name === (d.spec?.stateStoreRef?.name ?? 'default'),
        );
      // A Destination on a store elsewhere is Ready by the canary files in that store.
      const outsideFiles = new Map(
        outside.stores.map(o => [o.store, new Set(o.files ?? [])]),
      );
      const filesOf = (store: StateStore | undefined) =>
        (store && outsideFiles.get(store)) || storeFileSet;
      const platformProblems = [...classified.problems, ...outside.problems];
      this.snapshot = {
        promises: classified.promises.map(p =>
          withDerivedPromiseStatus(p, countedPlacements, classified.promises, {
            retainedVersions,
          }),
        ),
        destinations: classified.destinations.map(d =>
          withDerivedDestinationStatus(d, storeOf(d), filesOf(storeOf(d))),
        ),
        stateStores: classified.stateStores,
        promiseReleases: classified.promiseReleases,
        problems: platformProblems,
        requests,
        other: classified.other,
        // Where the Promise's selectors no longer match, Kratix keeps the placement as misplaced.
        placements: withMisplacedPlacements(
          placements,
          classified.promises,
          classified.destinations,
        ),
        requestPaths,
      };
      this.history = history;
      this.outside = outsideByKey;
      const now = Date.now();
      // Fresh only if no commit came in while reading; otherwise the next read reads again.
      if (generation === this.generation) this.loadedAt = now;
      this.state = {
        connected: true,
        synced: true,
        lastSync: new Date(now).toISOString(),
        problems: platformProblems,
      };
      return this.snapshot;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.state = {
        ...this.state,
        connected: false,
        synced: !!this.snapshot,
        lastError: message,
      };
      throw error;
    }
  }
}

/**
 * The commits among the last `Update from:` of each WorkPlacement to an aggregatedYAML file
 * that only took lines out of it: Kratix's removal of a WorkPlacement while others stay
 * (internal/controller/workplacement_controller.go deleteWorkPlacement).
 */
async function aggregatedRemovals(
  history: RepositoryHistory,
  stores: StateStore[],
  destinations: Array<Destination | LegacyCluster>,
): Promise<Set<string>> {
  const removals = new Set<string>();
  for (const { file, sha } of aggregatedLastUpdates(
    history.commits,
    stores,
    destinations,
  )) {
    if (await history.onlyRemovedLines(sha, file)) removals.add(sha);
  }
  return removals;
}

/** Every declared Promise and request, as the WorkPlacement readers take them. */
function candidatesOf(
  promises: KratixPromise[],
  requests: Map<string, ResourceRequest[]>,
): WorkPlacementCandidates {
  return {
    promises,
    requests: [...requests].flatMap(([promise, list]) =>
      list.map(request => ({ promise, request })),
    ),
  };
}
