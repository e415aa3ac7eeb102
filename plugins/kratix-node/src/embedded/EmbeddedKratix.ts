import { LoggerService } from '@backstage/backend-plugin-api';
import {
  canaryPaths,
  canonicalJson,
  DERIVED_REQUEST_REASONS,
  Destination,
  extractPromiseApi,
  findCondition,
  isDryRun,
  isResourceBindingOf,
  KRATIX_LABELS,
  KratixPromise,
  matchingDestinations,
  md5Hex,
  noneModeStateFile,
  Placement,
  readPromiseSelectors,
  ResourceBinding,
  ResourceRequest,
  StateStore,
} from '@kratix-backstage/plugin-kratix-common';
import { parseAllDocuments, stringify } from 'yaml';
import { RepositoryFileChange } from '../gitops/LocalGitRepository';
import { GitOpsKratixPlatform } from '../platform/GitOpsKratixPlatform';
import {
  KnownPipelineRuns,
  requestRevisionHash,
} from '../platform/KnownPipelineRuns';
import {
  aggregatedFile,
  filesOfWork,
  promiseWorks,
  requestWorks,
  StandInWork,
} from './standInWorks';

/** Options of the embedded stand-in for Kratix. @public */
export interface EmbeddedKratixOptions {
  platform: GitOpsKratixPlatform;
  logger?: LoggerService;
  /** How long a "pipeline" takes before its documents are written. Default 1500 ms. */
  pipelineDelayMs?: number;
}

const KRATIX_AUTHOR = { name: 'kratix', email: 'kratix@kratix.io' };

/**
 * A stand-in for Kratix on the embedded default platform, where no cluster runs one: for
 * each request committed to the repository it does what Kratix's state-store writer does
 * once a resource pipeline has run — picks one matching Destination, writes the pipeline's
 * output under `<store>/<dest>/resources/<ns>/<promise>/<request>/<pipeline>/5058f/` and
 * commits it as `Update from: <workplacement>`; a deleted request's documents are removed.
 * The output is a ConfigMap recording the request, since no real pipeline image runs here;
 * a composite Promise's pipeline also emits its sub-requests to the platform Destination,
 * which are fulfilled in turn. A request changed after its documents were written is
 * re-rendered, and a newly installed Promise's worker resources are written to every
 * matching Destination. Everything that reads the state store treats these documents like
 * Kratix's own.
 * @public
 */
export class EmbeddedKratix {
  private unsubscribe?: () => void;
  private timer?: NodeJS.Timeout;
  private running = Promise.resolve();
  /** The runs it makes, which the platform reads beside the history (a run may commit nothing). */
  private readonly runs: KnownPipelineRuns;
  /** The version each request was bound to at the last pass, by `<ns>/<promise>/<name>`. */
  private readonly boundVersions = new Map<string, string | undefined>();

  constructor(private readonly options: EmbeddedKratixOptions) {
    this.runs = options.platform.knownRuns ?? new KnownPipelineRuns();
  }

  /** Starts reconciling on every change of the repository. */
  start(): void {
    this.unsubscribe = this.options.platform.subscribe(() => this.schedule());
    this.schedule();
  }

  /** Stops reconciling, resolving once a pass in progress has finished writing. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Waits for the reconcile in progress (tests). */
  idle(): Promise<void> {
    return this.running;
  }

  private schedule(): void {
    if (!this.unsubscribe) return; // stopped
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.running
        .then(() => this.reconcile())
        .catch(error => {
          this.options.logger?.warn(
            `Embedded Kratix could not reconcile: ${String(error)}`,
          );
        });
    }, this.options.pipelineDelayMs ?? 1500);
    this.timer.unref?.();
  }

  /**
   * One pass of the stand-in. Each Promise's worker resources go to every matching
   * Destination that lacks them. Each request whose pipelines have not run for its current
   * spec runs them: one WorkPlacement per resource configure pipeline on one Destination
   * (the one it already landed on, kept even when it no longer matches, as Kratix's
   * scheduler marks it misplaced rather than moving it), laid out for that Destination's
   * filepath mode. A run whose output is unchanged commits nothing, as Kratix's git writer
   * does, but is recorded as a run. Requests of a paused Promise, and paused requests, are
   * left alone; documents of deleted requests and Promises are removed; nothing is placed on
   * a dry-run Destination. Nested and `none` writes are committed together; each write to an
   * aggregatedYAML file is its own commit `Update from: <WorkPlacement>`, as Kratix's are.
   */
  async reconcile(): Promise<void> {
    const { platform } = this.options;
    const repository = platform.repository;
    const [promises, destinations, stores, placements] = await Promise.all([
      platform.listPromises(),
      platform.listDestinations(),
      platform.listStateStores(),
      platform.listPlacements(),
    ]);
    // Kratix sends a dry-run Destination nothing but dry-run Works.
    const schedulable = destinations.filter(
      (d): d is Destination => d.kind === 'Destination' && !isDryRun(d),
    );
    const storePathOf = (d: Destination) =>
      stores.find(s => s.metadata.name === d.spec.stateStoreRef?.name)?.spec
        .path;
    const isAggregated = (d: Destination) =>
      d.spec.filepath?.mode === 'aggregatedYAML';
    const changes: RepositoryFileChange[] = [];
    const messages: string[] = [];
    for (const destination of destinations) {
      // Kratix writes no canary files where initWorkloads is disabled (destination_controller.go).
      if (
        destination.kind !== 'Destination' ||
        destination.spec.initWorkloads?.enabled === false
      )
        continue;
      const canaries = await this.writeCanaries(destination, stores);
      changes.push(...canaries);
      if (canaries.length)
        messages.push(
          `Update from: kratix-canary (${destination.metadata.name})`,
        );
    }

    // Worker resources: what is missing or changed is written.
    const aggregatedUpdates: StandInWork[] = [];
    for (const promise of promises) {
      for (const destination of matchingDestinations(
        readPromiseSelectors(promise),
        schedulable,
      )) {
        for (const work of promiseWorks(promise, destination)) {
          if (isAggregated(destination)) {
            const placed = placements.some(
              p => p.workPlacement?.name === work.name,
            );
            if (!placed || work.pipeline === undefined)
              aggregatedUpdates.push(work);
            continue;
          }
          // A Promise pipeline's output is written once; static dependencies when they changed.
          if (work.pipeline !== undefined) {
            const written = placements.some(
              p =>
                p.type === 'dependency' &&
                p.promise === work.promise &&
                p.destination === destination.metadata.name &&
                p.pipeline === work.pipeline,
            );
            if (written) continue;
          }
          const files = filesOfWork(work, storePathOf(destination));
          if (
            work.pipeline === undefined &&
            (await this.unchangedFiles(files)) === 'same'
          )
            continue;
          for (const [path, content] of files) changes.push({ path, content });
          messages.push(`Update from: ${work.name}`);
        }
      }
    }

    // Requests.
    const resourcePlacements = placements.filter(p => p.type === 'resource');
    const wanted = new Set<string>();
    const ran: Array<{
      work: StandInWork;
      request: ResourceRequest;
      promiseVersion?: string;
    }> = [];
    const withApi = promises.filter(p => extractPromiseApi(p));
    // Asked together, so the platform reads its tree once for all of them.
    const [requestLists, bindings] = await Promise.all([
      Promise.all(
        withApi.map(p => platform.listRequests({ promise: p.metadata.name })),
      ),
      platform.listResourceBindings(),
    ]);
    const versionOf = (promise: KratixPromise, request: ResourceRequest) =>
      boundVersion(promise, request, bindings);
    for (const [index, promise] of withApi.entries()) {
      for (const request of requestLists[index]) {
        const key = `${request.metadata.namespace}/${promise.metadata.name}/${request.metadata.name}`;
        wanted.add(key);
        // A paused Promise pauses the reconciliation of its requests too, and a Promise that
        // is not Available fulfils none (Kratix's dynamic_resource_request_controller.go
        // returns while the Promise is paused, promiseCannotFulfilResourceRequests).
        if (
          request.metadata.labels?.[KRATIX_LABELS.paused] === 'true' ||
          promise.metadata.labels?.[KRATIX_LABELS.paused] === 'true' ||
          findCondition(promise.status?.conditions, 'Available')?.status ===
            'False'
        )
          continue;
        const landed = resourcePlacements.filter(
          p =>
            p.promise === promise.metadata.name &&
            p.namespace === request.metadata.namespace &&
            p.resource === request.metadata.name,
        );
        const promiseVersion = versionOf(promise, request);
        // A request moved to another version since the last pass runs again (runs before
        // this process started are not known, so the first pass is the baseline).
        const moved =
          this.boundVersions.has(key) &&
          this.boundVersions.get(key) !== promiseVersion;
        this.boundVersions.set(key, promiseVersion);
        if (!moved && !this.needsRun(promise, request, landed, promiseVersion))
          continue;
        const destination = this.destinationFor(
          promise,
          request,
          schedulable,
          landed,
        );
        if (!destination) continue;
        const works = requestWorks(
          promise,
          request,
          promises,
          destination,
          promiseVersion,
        );
        for (const work of works) {
          ran.push({ work, request, promiseVersion });
          if (isAggregated(destination)) {
            aggregatedUpdates.push(work);
            continue;
          }
          const files = filesOfWork(work, storePathOf(destination));
          for (const [path, content] of files) changes.push({ path, content });
          // Kratix removes what the pipeline no longer writes (the whole folder in nested
          // mode, the files of the last record in none mode).
          for (const placement of landed.filter(
            p =>
              p.destination === destination.metadata.name &&
              (p.pipeline ?? work.pipeline) === work.pipeline,
          )) {
            for (const file of placement.files)
              if (!files.has(file)) changes.push({ path: file, content: null });
          }
          messages.push(`Update from: ${work.name}`);
        }
      }
    }

    // Documents of deleted requests and Promises.
    const aggregatedDeletes: Placement[] = [];
    const declared = new Set(promises.map(p => p.metadata.name));
    for (const placement of placements) {
      if (placement.source !== 'state-store') continue;
      const gone =
        placement.type === 'resource'
          ? !wanted.has(
              `${placement.namespace}/${placement.promise}/${placement.resource}`,
            )
          : !declared.has(placement.promise);
      if (!gone) continue;
      // A request made again is a new request: its pipelines run afresh.
      if (placement.type === 'resource' && placement.resource)
        this.runs.forget(
          placement.promise,
          placement.namespace ?? 'default',
          placement.resource,
        );
      if (
        placement.files.length === 1 &&
        placement.files[0] === placement.location
      ) {
        aggregatedDeletes.push(placement);
        continue;
      }
      for (const file of placement.files)
        changes.push({ path: file, content: null });
      // A none-mode placement (read from its record) takes its record with it.
      const record = placement.workPlacement;
      if (record?.namespace)
        changes.push({
          // Its location is the Destination's folder in the store.
          path: noneModeStateFile(
            undefined,
            placement.location,
            record.namespace,
            record.name,
          ),
          content: null,
        });
      messages.push(
        `Delete from: ${
          record?.name ??
          [placement.promise, placement.resource].filter(Boolean).join('-')
        }.${placement.destination}`,
      );
    }

    const commits: string[] = [];
    if (changes.length > 0) {
      const result = await repository.commit(
        changes,
        messages.join('\n'),
        KRATIX_AUTHOR,
      );
      if (result.changed) commits.push(result.sha);
    }
    commits.push(
      ...(await this.writeAggregated(
        schedulable.filter(isAggregated),
        storePathOf,
        placements,
        aggregatedUpdates,
        aggregatedDeletes,
        promises,
        requestLists.flat(),
      )),
    );
    this.recordRuns(ran, commits);
    if (commits.length > 0)
      this.options.logger?.info(
        `Embedded Kratix wrote ${commits.length} commit(s): ${messages.join(
          '; ',
        )}`,
      );
    if (commits.length > 0 || ran.length > 0) platform.invalidate();
  }

  /**
   * Whether a request's pipelines must run: never run for its current spec (the runs this
   * process made are known; after a restart, documents derived as current count as a run).
   */
  private needsRun(
    promise: KratixPromise,
    request: ResourceRequest,
    landed: Placement[],
    promiseVersion: string | undefined,
  ): boolean {
    const runs = this.runs.forRequest(
      promise.metadata.name,
      request.metadata.namespace ?? 'default',
      request.metadata.name,
    );
    if (runs.length > 0) {
      const last = runs[runs.length - 1];
      // A request moved to another version runs again, against that revision.
      return (
        landed.length === 0 ||
        last.requestHash !== requestRevisionHash(request) ||
        (last.promiseVersion ?? promiseVersion) !== promiseVersion
      );
    }
    const reason = findCondition(
      request.status?.conditions,
      'Reconciled',
    )?.reason;
    return (
      landed.length === 0 ||
      reason === DERIVED_REQUEST_REASONS.documentsOutdated
    );
  }

  /**
   * The Destination a request's pipelines write to: the one it already landed on, kept
   * whether or not it still matches (Kratix's scheduler updates the WorkPlacement in place and
   * labels it misplaced: internal/controller/scheduler.go updateWorkPlacement); else one of
   * the matching ones, picked by a hash where Kratix picks at random.
   */
  private destinationFor(
    promise: KratixPromise,
    request: ResourceRequest,
    schedulable: Destination[],
    landed: Placement[],
  ): Destination | undefined {
    const kept = schedulable.find(d =>
      landed.some(p => p.destination === d.metadata.name),
    );
    if (kept) return kept;
    const candidates = matchingDestinations(
      readPromiseSelectors(promise),
      schedulable,
    );
    if (candidates.length === 0) {
      this.options.logger?.warn(
        `Embedded Kratix: no Destination matches Promise ${promise.metadata.name}; ${request.metadata.namespace}/${request.metadata.name} stays pending`,
      );
      return undefined;
    }
    const key = `${request.metadata.namespace}/${request.metadata.name}`;
    return candidates[
      parseInt(md5Hex(key).slice(0, 8), 16) % candidates.length
    ];
  }

  /** Records one run per pipeline that ran, with the commit it made, if any. */
  private recordRuns(
    ran: Array<{
      work: StandInWork;
      request: ResourceRequest;
      promiseVersion?: string;
    }>,
    commits: string[],
  ): void {
    const time = new Date().toISOString();
    const seen = new Set<string>();
    for (const { work, request, promiseVersion } of ran) {
      const key = `${request.metadata.namespace}/${work.promise}/${request.metadata.name}/${work.pipeline}`;
      if (seen.has(key)) continue;
      seen.add(key);
      this.runs.record({
        promise: work.promise,
        namespace: request.metadata.namespace ?? 'default',
        resource: request.metadata.name,
        pipeline: work.pipeline ?? '',
        requestHash: requestRevisionHash(request),
        ...(promiseVersion && { promiseVersion }),
        time,
        commit: commits[0],
      });
    }
  }

  /**
   * 'same' when every file is in the repository with this content, 'present' when every
   * file is there (some with other content), undefined when one is missing.
   */
  private async unchangedFiles(
    files: Map<string, string>,
  ): Promise<'same' | 'present' | undefined> {
    let same = true;
    for (const [path, content] of files) {
      const existing = await this.options.platform.repository.readFile(path);
      if (existing === undefined) return undefined;
      const documents = parseAllDocuments(content).map(d => d.toJS());
      if (!sameDocuments(existing, documents)) same = false;
    }
    return same ? 'same' : 'present';
  }

  /**
   * Writes aggregatedYAML Destinations one WorkPlacement at a time, each its own commit
   * `Update from: <WorkPlacement>` or `Delete from: <WorkPlacement>` (lib/writers/git.go
   * commitAndPush), so the file's history says whose documents it holds. The file is made
   * again from every work on it (the stand-in renders any request's output again at will).
   */
  private async writeAggregated(
    aggregated: Destination[],
    storePathOf: (d: Destination) => string | undefined,
    placements: Placement[],
    updates: StandInWork[],
    deletes: Placement[],
    promises: KratixPromise[],
    requests: ResourceRequest[],
  ): Promise<string[]> {
    const commits: string[] = [];
    for (const destination of aggregated) {
      const name = destination.metadata.name;
      const mine = updates.filter(w => w.destination.metadata.name === name);
      const gone = deletes.filter(p => p.destination === name);
      if (mine.length === 0 && gone.length === 0) continue;
      // The works on it now, rendered again: every placement still attributed to it.
      const current = new Map<string, StandInWork>();
      for (const placement of placements) {
        if (placement.destination !== name || !placement.workPlacement)
          continue;
        const promise = promises.find(
          p => p.metadata.name === placement.promise,
        );
        if (!promise) continue;
        const works = worksOnDestination(
          placement,
          promise,
          promises,
          requests,
          destination,
        );
        const work = works.find(w => w.name === placement.workPlacement!.name);
        if (work) current.set(work.name, work);
      }
      const steps: Array<{
        action: 'Update' | 'Delete';
        name: string;
        work?: StandInWork;
      }> = [
        ...gone.map(p => ({
          action: 'Delete' as const,
          name: p.workPlacement?.name ?? '',
        })),
        ...mine.map(w => ({
          action: 'Update' as const,
          name: w.name,
          work: w,
        })),
      ];
      // As Kratix's deleteWorkPlacement: a WorkPlacement that goes while others stay rewrites
      // the file `Update from: <it>` without its documents; the last one deletes the file.
      for (const step of steps) {
        if (step.action === 'Delete') current.delete(step.name);
        else current.set(step.name, step.work!);
        const file = aggregatedFile(destination, storePathOf(destination), [
          ...current.values(),
        ]);
        const empty = current.size === 0;
        const result = await this.options.platform.repository.commit(
          [{ path: file.path, content: empty ? null : file.content }],
          `${empty ? 'Delete' : 'Update'} from: ${step.name}`,
          KRATIX_AUTHOR,
        );
        if (result.changed) commits.push(result.sha);
      }
    }
    return commits;
  }

  /**
   * Kratix's canary files, written when it registers a Destination so that a worker reading
   * the store shows it works: a Namespace and a ConfigMap, under `dependencies/` and
   * `resources/` in nestedByMetadata mode and flat otherwise (getCanaryWorkloads in Kratix's
   * internal/controller/destination_controller.go). Written once, when missing.
   */
  private async writeCanaries(
    destination: Destination,
    stores: StateStore[],
  ): Promise<RepositoryFileChange[]> {
    const store = stores.find(
      s => s.metadata.name === destination.spec.stateStoreRef?.name,
    );
    const [namespacePath, configMapPath] = canaryPaths(
      store?.spec.path,
      destination.spec.path ?? destination.metadata.name,
      destination.spec.filepath?.mode,
    );
    const changes: RepositoryFileChange[] = [];
    const documents: Array<[string, object]> = [
      [
        namespacePath,
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: 'kratix-worker-system' },
        },
      ],
      [
        configMapPath,
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'kratix-info', namespace: 'kratix-worker-system' },
          data: {
            canary:
              'this confirms your infrastructure is reading from Kratix state stores',
          },
        },
      ],
    ];
    for (const [path, document] of documents) {
      if ((await this.options.platform.repository.readFile(path)) === undefined)
        changes.push({ path, content: stringify(document) });
    }
    return changes;
  }
}

/** Whether a multi-document YAML file holds exactly these documents (order and all). */
function sameDocuments(text: string, documents: unknown[]): boolean {
  try {
    const existing = parseAllDocuments(text)
      .map(d => d.toJS())
      .filter(d => d !== null && d !== undefined);
    return canonicalJson(existing) === canonicalJson(documents);
  } catch {
    return false;
  }
}

/**
 * The works the stand-in makes for what a placement belongs to on a Destination: its
 * request's (found among the requests by name, namespace and the Promise's kind), or its
 * Promise's worker resources.
 */
function worksOnDestination(
  placement: Placement,
  promise: KratixPromise,
  promises: KratixPromise[],
  requests: ResourceRequest[],
  destination: Destination,
): StandInWork[] {
  if (placement.type !== 'resource') return promiseWorks(promise, destination);
  const request = requests.find(
    r =>
      r.metadata.name === placement.resource &&
      r.metadata.namespace === placement.namespace &&
      r.kind === extractPromiseApi(promise)?.kind,
  );
  return request ? requestWorks(promise, request, promises, destination) : [];
}

/**
 * The Promise version a request runs: its ResourceBinding's `spec.version`, `latest` (or no
 * binding: Kratix binds to latest unless configured to pin) meaning the Promise's current one.
 */
function boundVersion(
  promise: KratixPromise,
  request: ResourceRequest,
  bindings: ResourceBinding[],
): string | undefined {
  const ref = {
    promise: promise.metadata.name,
    namespace: request.metadata.namespace ?? 'default',
    name: request.metadata.name,
  };
  const bound = bindings.find(b => isResourceBindingOf(b, ref))?.spec.version;
  return bound && bound !== 'latest'
    ? bound
    : promise.metadata.labels?.[KRATIX_LABELS.promiseVersion];
}
