import { LoggerService } from '@backstage/backend-plugin-api';
import {
  canaryPaths,
  DERIVED_REQUEST_REASONS,
  Destination,
  DRY_RUN_LABEL,
  extractPromiseApi,
  findCondition,
  KRATIX_LABELS,
  KratixPromise,
  matchingDestinations,
  md5Hex,
  nestedPlacementFolder,
  Placement,
  readPromiseSelectors,
  ResourceRequest,
  StateStore,
  staticDependenciesPath,
  canonicalJson,
} from '@kratix-backstage/plugin-kratix-common';
import { parseAllDocuments, stringify } from 'yaml';
import { RepositoryFileChange } from '../gitops/LocalGitRepository';
import { GitOpsKratixPlatform } from '../platform/GitOpsKratixPlatform';
import { composeSubRequests } from './compose';

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

  constructor(private readonly options: EmbeddedKratixOptions) {}

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
   * One pass of the stand-in, committed at once: each Promise's worker resources go to every
   * matching Destination that lacks them; each request gets its documents, rewritten when
   * the request changed after they were written (Kratix replaces the whole workload group
   * folder); a composite Promise's requests get the sub-requests its pipeline emits, which
   * later passes fulfil in turn; documents of deleted requests and Promises are removed.
   * Paused requests are left alone, and nothing is ever placed on a dry-run Destination.
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
    // The stand-in writes nestedByMetadata folders only, and Kratix sends a dry-run
    // Destination nothing but dry-run Works.
    const schedulable = destinations.filter(
      (d): d is Destination =>
        d.kind === 'Destination' &&
        d.metadata.labels?.[DRY_RUN_LABEL] !== 'true' &&
        (d.spec.filepath?.mode ?? 'nestedByMetadata') === 'nestedByMetadata',
    );
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
    for (const promise of promises) {
      const written = await this.writePromise(
        promise,
        schedulable,
        stores,
        placements,
      );
      changes.push(...written.changes);
      messages.push(...written.messages);
    }
    const resourcePlacements = placements.filter(p => p.type === 'resource');
    const wanted = new Set<string>();
    // Asked together, so the platform reads its tree once for all of them.
    const withApi = promises.filter(p => extractPromiseApi(p));
    const requestLists = await Promise.all(
      withApi.map(p => platform.listRequests({ promise: p.metadata.name })),
    );
    for (const [index, promise] of withApi.entries()) {
      for (const request of requestLists[index]) {
        const key = `${request.metadata.namespace}/${promise.metadata.name}/${request.metadata.name}`;
        wanted.add(key);
        if (request.metadata.labels?.[KRATIX_LABELS.paused] === 'true')
          continue;
        const landed = resourcePlacements.filter(
          p =>
            p.promise === promise.metadata.name &&
            p.namespace === request.metadata.namespace &&
            p.resource === request.metadata.name,
        );
        const outdated =
          findCondition(request.status?.conditions, 'Reconciled')?.reason ===
          DERIVED_REQUEST_REASONS.documentsOutdated;
        if (landed.length > 0 && !outdated) continue;
        const written = this.writeRequest(
          promise,
          request,
          promises,
          schedulable,
          stores,
          landed,
        );
        if (written) {
          changes.push(...written.changes);
          messages.push(`Update from: ${written.workPlacement}`);
        }
      }
    }
    for (const placement of resourcePlacements) {
      const key = `${placement.namespace}/${placement.promise}/${placement.resource}`;
      if (wanted.has(key) || placement.source !== 'state-store') continue;
      for (const file of placement.files)
        changes.push({ path: file, content: null });
      messages.push(
        `Delete from: ${placement.promise}-${placement.resource}.${placement.destination}`,
      );
    }
    // A deleted Promise's worker resources go with it (Kratix's dependencies-cleanup).
    const declared = new Set(promises.map(p => p.metadata.name));
    for (const placement of placements) {
      if (
        placement.type !== 'dependency' ||
        placement.source !== 'state-store' ||
        declared.has(placement.promise)
      )
        continue;
      for (const file of placement.files)
        changes.push({ path: file, content: null });
      messages.push(
        `Delete from: ${placement.promise}.${placement.destination}`,
      );
    }
    if (changes.length === 0) return;
    const result = await repository.commit(
      changes,
      messages.join('\n'),
      KRATIX_AUTHOR,
    );
    if (!result.changed) return;
    this.options.logger?.info(
      `Embedded Kratix wrote ${messages.length} placement(s): ${messages.join(
        '; ',
      )}`,
    );
    platform.invalidate();
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

  /**
   * A Promise's worker resources, as Kratix writes them when the Promise is installed: its
   * static `spec.dependencies` at `<dest>/dependencies/<promise>/5058f/static/` (rewritten
   * when they changed) and the output of each Promise configure pipeline at
   * `<dest>/dependencies/<promise>/<pipeline>/5058f/`, on every matching Destination.
   */
  private async writePromise(
    promise: KratixPromise,
    destinations: Destination[],
    stores: StateStore[],
    placements: Placement[],
  ): Promise<{ changes: RepositoryFileChange[]; messages: string[] }> {
    const changes: RepositoryFileChange[] = [];
    const messages: string[] = [];
    const name = promise.metadata.name;
    const dependencies = promise.spec?.dependencies ?? [];
    const pipelines = (promise.spec?.workflows?.promise?.configure ?? [])
      .map(p => p.metadata?.name)
      .filter((p): p is string => !!p);
    if (dependencies.length === 0 && pipelines.length === 0)
      return { changes, messages };
    const mine = placements.filter(
      p => p.type === 'dependency' && p.promise === name,
    );
    for (const destination of matchingDestinations(
      readPromiseSelectors(promise),
      destinations,
    )) {
      const storePath = stores.find(
        s => s.metadata.name === destination.spec.stateStoreRef?.name,
      )?.spec.path;
      const destinationPath =
        destination.spec.path ?? destination.metadata.name;
      const works: string[] = [];
      if (dependencies.length > 0) {
        const path = staticDependenciesPath(storePath, destinationPath, name);
        const existing = await this.options.platform.repository.readFile(path);
        if (existing === undefined || !sameDocuments(existing, dependencies)) {
          changes.push({
            path,
            content: dependencies.map(d => stringify(d)).join('---\n'),
          });
          works.push(`${name}-static-deps-${md5Hex(name).slice(0, 5)}`);
        }
      }
      for (const pipeline of pipelines) {
        const folder = nestedPlacementFolder({
          storePath,
          destinationPath,
          promise: name,
          pipeline,
        });
        if (mine.some(p => p.location === folder)) continue;
        changes.push({
          path: `${folder}/${name}-${pipeline}.yaml`,
          content: stringify({
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: {
              name: `${name}-${pipeline}`.slice(0, 63),
              namespace: 'default',
              labels: { [KRATIX_LABELS.promiseName]: name },
            },
            data: {
              promise: name,
              version:
                promise.metadata.labels?.[KRATIX_LABELS.promiseVersion] ?? '',
            },
          }),
        });
        works.push(
          `${name}-${pipeline}-${md5Hex(`${name}/${pipeline}`).slice(0, 5)}`,
        );
      }
      for (const work of works)
        messages.push(
          `Update from: ${work}.${destination.metadata.name}-5058f`,
        );
    }
    return { changes, messages };
  }

  /**
   * A request's documents on one matching Destination (the one it already landed on, if it
   * still matches): a ConfigMap recording the request, since no pipeline image runs here,
   * and for a composite Promise the sub-requests its pipeline emits (`requests.yaml`, see
   * `composeSubRequests`). Files of the request's earlier output that are not written
   * again are removed, as Kratix replaces the whole folder.
   */
  private writeRequest(
    promise: KratixPromise,
    request: ResourceRequest,
    promises: KratixPromise[],
    destinations: Destination[],
    stores: StateStore[],
    landed: Placement[],
  ): { changes: RepositoryFileChange[]; workPlacement: string } | undefined {
    const candidates = matchingDestinations(
      readPromiseSelectors(promise),
      destinations,
    );
    if (candidates.length === 0) {
      this.options.logger?.warn(
        `Embedded Kratix: no Destination matches Promise ${promise.metadata.name}; ${request.metadata.namespace}/${request.metadata.name} stays pending`,
      );
      return undefined;
    }
    // Kratix picks one matching Destination at random; a hash keeps the pick stable here.
    const key = `${request.metadata.namespace}/${request.metadata.name}`;
    const destination =
      candidates.find(d =>
        landed.some(p => p.destination === d.metadata.name),
      ) ??
      candidates[parseInt(md5Hex(key).slice(0, 8), 16) % candidates.length];
    const store = stores.find(
      s => s.metadata.name === destination.spec.stateStoreRef?.name,
    );
    const pipeline =
      promise.spec.workflows?.resource?.configure?.[0]?.metadata.name ??
      'instance-configure';
    const folder = nestedPlacementFolder({
      storePath: store?.spec.path,
      destinationPath: destination.spec.path ?? destination.metadata.name,
      promise: promise.metadata.name,
      namespace: request.metadata.namespace,
      resource: request.metadata.name,
      pipeline,
    });
    const files = new Map<string, string>();
    files.set(
      `${folder}/${request.kind.toLowerCase()}-${request.metadata.name}.yaml`,
      stringify({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: `${promise.metadata.name}-${request.metadata.name}`.slice(
            0,
            63,
          ),
          namespace: request.metadata.namespace,
          labels: {
            [KRATIX_LABELS.promiseName]: promise.metadata.name,
            [KRATIX_LABELS.resourceName]: request.metadata.name,
          },
        },
        data: {
          request: stringify({
            apiVersion: request.apiVersion,
            kind: request.kind,
            spec: request.spec ?? {},
          }),
        },
      }),
    );
    const subRequests = composeSubRequests(request, promise, promises);
    if (subRequests.length > 0) {
      files.set(
        `${folder}/requests.yaml`,
        subRequests.map(r => stringify(r)).join('---\n'),
      );
    }
    const changes: RepositoryFileChange[] = [...files].map(
      ([path, content]) => ({ path, content }),
    );
    for (const placement of landed) {
      for (const file of placement.files) {
        if (!files.has(file)) changes.push({ path: file, content: null });
      }
    }
    const workId = md5Hex(`${key}/${pipeline}`).slice(0, 5);
    return {
      changes,
      workPlacement: `${promise.metadata.name}-${request.metadata.name}-${pipeline}-${workId}.${destination.metadata.name}-5058f`,
    };
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
