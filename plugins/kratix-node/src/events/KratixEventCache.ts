import { LoggerService } from '@backstage/backend-plugin-api';
import {
  compactEvent,
  extractPromiseApi,
  isKratixEvent,
  KratixPromise,
  KubernetesEvent,
} from '@kratix-backstage/plugin-kratix-common';
import { ResourceCache } from '../cache/ResourceCache';
import {
  KubernetesApiClient,
  ResourceType,
} from '../kubernetes/KubernetesApiClient';
import { KubernetesApiError } from '../kubernetes/KubernetesApiError';

/** core/v1 Events, in every namespace. @internal */
export const EVENTS_RESOURCE: ResourceType = {
  group: '',
  version: 'v1',
  plural: 'events',
  namespaced: true,
};

/**
 * A watch cache of the Kubernetes Events about Kratix objects: those whose involved object
 * is of platform.kratix.io (Promises, Works…) or of a group a known Promise's API serves
 * (requests), each kept small (see compactEvent). Events about anything else are dropped as
 * they are listed or watched, so they take no memory. An Event seen before the Promise
 * whose API it concerns was known is not kept.
 *
 * Optional: a cluster that does not let the backend list Events (403) or lacks them (404)
 * serves none, says so once in the log, looks again every few minutes, and does not count
 * against the platform's health.
 * @internal
 */
export class KratixEventCache {
  private readonly cache: ResourceCache<KubernetesEvent>;
  private groups?: Set<string>;
  private forbiddenLogged = false;

  constructor(
    client: KubernetesApiClient,
    private readonly promises: ResourceCache<KratixPromise>,
    private readonly options: {
      logger?: LoggerService;
      backoff?: { initialMs: number; maxMs: number };
    } = {},
  ) {
    // The groups Promise APIs serve, worked out again only when the Promises change.
    promises.subscribe(() => {
      this.groups = undefined;
    });
    this.cache = new ResourceCache<KubernetesEvent>(
      this.kratixOnly(client),
      EVENTS_RESOURCE,
      {
        logger: options.logger,
        optional: true,
        backoff: options.backoff,
        transform: compactEvent,
      },
    );
  }

  private promiseGroups(): Set<string> {
    if (!this.groups) {
      this.groups = new Set();
      for (const promise of this.promises.list()) {
        const group = extractPromiseApi(promise)?.group;
        if (group) this.groups.add(group);
      }
    }
    return this.groups;
  }

  /**
   * The client the cache lists and watches through: it passes on only Events about Kratix
   * objects, and answers a forbidden list as one of a resource the cluster does not have
   * (so the cache serves none and looks again later, without an error every few seconds).
   */
  private kratixOnly(client: KubernetesApiClient): KubernetesApiClient {
    const keep = (event: KubernetesEvent) =>
      isKratixEvent(event, this.promiseGroups());
    const filtered = Object.create(client) as KubernetesApiClient;
    filtered.listPaged = async (resource, listOptions, onPage) => {
      try {
        return await client.listPaged<KubernetesEvent>(
          resource,
          listOptions,
          items => onPage(items.filter(keep) as any),
        );
      } catch (error) {
        if (error instanceof KubernetesApiError && error.statusCode === 403) {
          if (!this.forbiddenLogged) {
            this.forbiddenLogged = true;
            this.options.logger?.warn(
              `Kratix: not allowed to list Kubernetes Events (${error.message}); pages show no Events until the backend may list and watch events`,
            );
          }
          throw new KubernetesApiError(404, error.message, 'Forbidden');
        }
        throw error;
      }
    };
    filtered.watch = (
      resource,
      resourceVersion,
      labelSelector,
      onEvent,
      onDone,
    ) =>
      client.watch(
        resource,
        resourceVersion,
        labelSelector,
        (type, object) => {
          // Bookmarks and errors pass; an Event about anything else is never seen.
          if (
            (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') &&
            object?.involvedObject &&
            !keep(object)
          )
            return;
          onEvent(type, object);
        },
        onDone,
      );
    return filtered;
  }

  start(): Promise<void> {
    return this.cache.start();
  }

  stop(): void {
    this.cache.stop();
  }

  /** Every kept Event. */
  list(): KubernetesEvent[] {
    return this.cache.list();
  }

  /** Calls the listener on every change of the kept Events. */
  subscribe(listener: () => void): () => void {
    return this.cache.subscribe(listener);
  }
}
