import { LoggerService } from '@backstage/backend-plugin-api';
import {
  Destination,
  extractPromiseApi,
  KratixPromise,
  matchingDestinations,
  md5Hex,
  nestedPlacementFolder,
  readPromiseSelectors,
  ResourceRequest,
  StateStore,
} from '@kratix-backstage/plugin-kratix-common';
import { stringify } from 'yaml';
import { GitOpsKratixPlatform } from '../platform/GitOpsKratixPlatform';

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
 * The output is a ConfigMap recording the request, since no real pipeline image runs here.
 * Everything that reads the state store treats these documents like Kratix's own.
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

  stop(): void {
    this.unsubscribe?.();
    clearTimeout(this.timer);
  }

  /** Waits for the reconcile in progress (tests). */
  idle(): Promise<void> {
    return this.running;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.running.then(() => this.reconcile()).catch(error => {
        this.options.logger?.warn(`Embedded Kratix could not reconcile: ${String(error)}`);
      });
    }, this.options.pipelineDelayMs ?? 1500);
    this.timer.unref?.();
  }

  /** Writes documents for requests that have none, and removes those of deleted requests. */
  async reconcile(): Promise<void> {
    const { platform } = this.options;
    const repository = platform.repository;
    const [promises, destinations, stores, placements] = await Promise.all([
      platform.listPromises(),
      platform.listDestinations(),
      platform.listStateStores(),
      platform.listPlacements({ type: 'resource' }),
    ]);
    const changes: Array<{ path: string; content: string | null }> = [];
    const messages: string[] = [];
    const wanted = new Set<string>();
    for (const promise of promises) {
      if (!extractPromiseApi(promise)) continue;
      for (const request of await platform.listRequests({ promise: promise.metadata.name })) {
        const key = `${request.metadata.namespace}/${promise.metadata.name}/${request.metadata.name}`;
        wanted.add(key);
        const landed = placements.some(
          p => p.promise === promise.metadata.name && p.namespace === request.metadata.namespace && p.resource === request.metadata.name,
        );
        if (landed) continue;
        const written = this.write(promise, request, destinations as Destination[], stores);
        if (written) {
          changes.push(written.change);
          messages.push(`Update from: ${written.workPlacement}`);
        }
      }
    }
    for (const placement of placements) {
      const key = `${placement.namespace}/${placement.promise}/${placement.resource}`;
      if (wanted.has(key) || placement.source !== 'state-store') continue;
      for (const file of placement.files) changes.push({ path: file, content: null });
      messages.push(`Delete from: ${placement.promise}-${placement.resource}.${placement.destination}`);
    }
    if (changes.length === 0) return;
    await repository.commit(changes, messages.join('\n'), KRATIX_AUTHOR);
    this.options.logger?.info(`Embedded Kratix wrote ${messages.length} placement(s): ${messages.join('; ')}`);
    platform.invalidate();
  }

  private write(
    promise: KratixPromise,
    request: ResourceRequest,
    destinations: Destination[],
    stores: StateStore[],
  ): { change: { path: string; content: string }; workPlacement: string } | undefined {
    const candidates = matchingDestinations(readPromiseSelectors(promise), destinations).filter(d => d.kind === 'Destination');
    if (candidates.length === 0) {
      this.options.logger?.warn(
        `Embedded Kratix: no Destination matches Promise ${promise.metadata.name}; ${request.metadata.namespace}/${request.metadata.name} stays pending`,
      );
      return undefined;
    }
    // Kratix picks one matching Destination at random; a hash keeps the pick stable here.
    const key = `${request.metadata.namespace}/${request.metadata.name}`;
    const destination = candidates[parseInt(md5Hex(key).slice(0, 8), 16) % candidates.length];
    const store = stores.find(s => s.metadata.name === destination.spec.stateStoreRef?.name);
    const pipeline = promise.spec.workflows?.resource?.configure?.[0]?.metadata.name ?? 'instance-configure';
    const folder = nestedPlacementFolder({
      storePath: store?.spec.path,
      destinationPath: destination.spec.path ?? destination.metadata.name,
      promise: promise.metadata.name,
      namespace: request.metadata.namespace,
      resource: request.metadata.name,
      pipeline,
    });
    const document = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: `${promise.metadata.name}-${request.metadata.name}`.slice(0, 63),
        namespace: request.metadata.namespace,
        labels: { 'kratix.io/promise-name': promise.metadata.name, 'kratix.io/resource-name': request.metadata.name },
      },
      data: { request: stringify({ apiVersion: request.apiVersion, kind: request.kind, spec: request.spec ?? {} }) },
    };
    const workId = md5Hex(`${key}/${pipeline}`).slice(0, 5);
    return {
      change: { path: `${folder}/${request.kind.toLowerCase()}-${request.metadata.name}.yaml`, content: stringify(document) },
      workPlacement: `${promise.metadata.name}-${request.metadata.name}-${pipeline}-${workId}.${destination.metadata.name}-5058f`,
    };
  }
}
