import { join } from 'node:path';
import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  Destination,
  KratixPromise,
  LegacyCluster,
  ManageAction,
  matchesPlacementQuery,
  PipelineRun,
  Placement,
  PlacementQuery,
  placementsFromStoreFiles,
  withDerivedDestinationStatus,
  withDerivedPromiseStatus,
  withDerivedRequestStatus,
  ResourceRequest,
  StateStore,
} from '@kratix-backstage/plugin-kratix-common';
import { classifyDocuments, ClassifiedDocuments } from './classifyDocuments';
import { GitRequestWriter } from '../gitops/GitRequestWriter';
import { LocalGitRepository } from '../gitops/LocalGitRepository';
import {
  InstallPromiseOptions,
  InstallPromiseResult,
  KratixPlatform,
  PendingRequest,
  PipelineLogs,
  PlatformHealth,
  RequestQuery,
  RequestRef,
  SubmitRequestOptions,
  SubmitRequestResult,
} from './KratixPlatform';
import { listFiles, readManifestDirectory } from './readManifestDirectory';

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
  logger?: LoggerService;
}

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
  private snapshot?: ClassifiedDocuments & { placements: Placement[] };
  private loadedAt = 0;
  private loading?: Promise<ClassifiedDocuments & { placements: Placement[] }>;
  private state: PlatformHealth = { connected: false, synced: false };
  private readonly writer: GitRequestWriter;
  private readonly listeners = new Set<(change: { kind: string; promise?: string }) => void>();
  private pollTimer?: NodeJS.Timeout;
  private lastHead?: string;

  constructor(options: GitOpsKratixPlatformOptions) {
    this.options = options;
    this.writer = options.writer ?? new GitRequestWriter(new LocalGitRepository(options.directory), options.requestsPath);
    this.name = options.name;
    this.title = options.title ?? options.name;
    this.admins = options.admins ?? [];
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

  async listRequests(query: RequestQuery = {}): Promise<ResourceRequest[]> {
    const { requests } = await this.load();
    const lists = query.promise ? [requests.get(query.promise) ?? []] : [...requests.values()];
    return lists
      .flat()
      .filter(r => !query.namespace || r.metadata.namespace === query.namespace);
  }

  async listPlacements(query: PlacementQuery = {}): Promise<Placement[]> {
    return (await this.load()).placements.filter(p => matchesPlacementQuery(p, query));
  }

  async listPipelineRuns(): Promise<PipelineRun[]> {
    // Pipelines run as Jobs on the platform cluster, which a gitops platform cannot see.
    return [];
  }

  async readPipelineLogs(_namespace: string, run: string): Promise<PipelineLogs> {
    throw new NotFoundError(`Pipeline run ${run}: platform ${this.name} is read from git and has no pipeline pods to read`);
  }

  async manageRequest(
    ref: RequestRef,
    action: ManageAction,
    options: { author?: { name: string; email: string } } = {},
  ): Promise<{ message: string; commit?: string }> {
    const result = await this.writer.manage(ref, action, options);
    this.invalidate();
    return result;
  }

  async registerDestination(
    destination: Destination,
    options: { dryRun?: boolean; author?: { name: string; email: string } } = {},
  ) {
    const result = await this.writer.commitPlatformObject(
      destination,
      this.options.destinationsPath ?? 'platform/destinations',
      action => `${action === 'created' ? 'Register' : 'Update'} cluster ${destination.metadata.name}`,
      options,
    );
    if (!result.dryRun) this.invalidate();
    return result;
  }

  async installPromise(promise: KratixPromise, options: InstallPromiseOptions = {}): Promise<InstallPromiseResult> {
    const result = await this.writer.installPromise(promise, this.options.promisesPath ?? 'platform/promises', options);
    if (!result.dryRun) this.invalidate();
    return result;
  }

  async listPendingRequests(): Promise<PendingRequest[]> {
    return (await this.writer?.listOpen(query => this.listRequests(query))) ?? [];
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

  health(): PlatformHealth {
    return { ...this.state };
  }

  /** Forgets the last load so the next read sees the tree as it is now, and tells subscribers. */
  invalidate(): void {
    this.loadedAt = 0;
    for (const listener of this.listeners) listener({ kind: 'commit' });
  }

  /**
   * Calls the listener on every change: at once for the suite's own commits, and within
   * `pollIntervalMs` for commits made elsewhere (Kratix writing the state store, people).
   */
  subscribe(listener: (change: { kind: string; promise?: string }) => void): () => void {
    this.listeners.add(listener);
    if (!this.pollTimer) {
      // Remember where the repository is now, so the first commit after this is noticed.
      void this.writer.repository.head().then(
        head => {
          this.lastHead ??= head;
        },
        () => undefined,
      );
      this.pollTimer = setInterval(() => void this.checkForCommits(), this.options.pollIntervalMs ?? 5000);
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
    try {
      const repository = this.writer.repository;
      if (repository.remote) await repository.exclusive(() => repository.syncWithRemote());
      const head = await repository.head();
      if (this.lastHead !== undefined && head !== this.lastHead) this.invalidate();
      this.lastHead = head;
    } catch (error) {
      this.options.logger?.warn(`Could not check platform ${this.name} for new commits: ${String(error)}`);
    }
  }

  private async load(): Promise<ClassifiedDocuments & { placements: Placement[] }> {
    const fresh = Date.now() - this.loadedAt < (this.options.maxAgeMs ?? 2000);
    if (this.snapshot && fresh) return this.snapshot;
    if (!this.loading) {
      this.loading = this.readTree().finally(() => {
        this.loading = undefined;
      });
    }
    try {
      return await this.loading;
    } catch (error) {
      // Serve the last good snapshot, marked by the health state, rather than failing reads.
      if (this.snapshot) return this.snapshot;
      throw error;
    }
  }

  private async readTree(): Promise<ClassifiedDocuments & { placements: Placement[] }> {
    const root = join(this.options.directory, this.options.platformPath ?? '.');
    try {
      // A remote repository is pulled before it is read, so other writers' commits show up.
      const repository = this.writer.repository;
      if (repository.remote) await repository.exclusive(() => repository.syncWithRemote());
      const { documents, problems } = await readManifestDirectory(root, {
        skip: this.options.stateStorePaths,
      });
      for (const problem of problems) {
        this.options.logger?.warn(`Skipped ${problem.file} in platform ${this.name}: ${problem.message}`);
      }
      const classified = classifyDocuments(documents.map(d => d.object));
      // The state stores' files say where Kratix put documents, with no cluster to ask.
      const storeFiles = (
        await Promise.all(
          (this.options.stateStorePaths ?? []).map(dir =>
            listFiles(join(this.options.directory, dir)).then(
              files => files.map(f => `${dir.replace(/\/+$/, '')}/${f}`),
              () => [] as string[],
            ),
          ),
        )
      ).flat();
      const placements = placementsFromStoreFiles(storeFiles, classified.stateStores, classified.destinations);
      const files = new Set(storeFiles);
      const storeOf = (d: Destination | LegacyCluster) =>
        classified.stateStores.find(s => s.metadata.name === (d.spec?.stateStoreRef?.name ?? 'default'));
      this.snapshot = {
        promises: classified.promises.map(p => withDerivedPromiseStatus(p, placements, classified.promises)),
        destinations: classified.destinations.map(d => withDerivedDestinationStatus(d, storeOf(d), files)),
        stateStores: classified.stateStores,
        requests: new Map(
          [...classified.requests].map(([promise, list]) => [
            promise,
            list.map(r => withDerivedRequestStatus(r, placements.filter(p => p.promise === promise))),
          ]),
        ),
        other: classified.other,
        placements,
      };
      this.loadedAt = Date.now();
      this.state = { connected: true, synced: true, lastSync: new Date(this.loadedAt).toISOString() };
      return this.snapshot;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.state = { ...this.state, connected: false, synced: !!this.snapshot, lastError: message };
      throw error;
    }
  }
}
