import {
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  Watch,
} from '@kubernetes/client-node';
import { KubernetesObject } from '@kratix-backstage/plugin-kratix-common';
import { KubernetesApiError } from './KubernetesApiError';

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

/** Everything secret a KubeConfig's users hold, for scrubbing error messages. */
function credentialsOf(kubeConfig: KubeConfig): string[] {
  return kubeConfig.getUsers().flatMap(user => {
    const provider = (user.authProvider?.config ?? {}) as Record<
      string,
      unknown
    >;
    const fromProvider = [
      'access-token',
      'id-token',
      'refresh-token',
      'client-secret',
    ].map(k => provider[k]);
    // keyData is the base64 of a PEM key: both it and the PEM text are secret.
    const key = user.keyData
      ? [user.keyData, Buffer.from(user.keyData, 'base64').toString('utf8')]
      : [];
    return [user.token, user.password, ...key, ...fromProvider].filter(
      (v): v is string => typeof v === 'string',
    );
  });
}

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
  private readonly secrets: string[];

  constructor(
    readonly kubeConfig: KubeConfig,
    options: { timeoutMs?: number } = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.secrets = credentialsOf(kubeConfig);
    this.custom = kubeConfig.makeApiClient(CustomObjectsApi);
    this.core = kubeConfig.makeApiClient(CoreV1Api);
    this.watcher = new Watch(kubeConfig);
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
  private withTimeout<T>(call: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new KubernetesApiError(
              504,
              `${what}: no answer from the API server in ${this.timeoutMs} ms`,
              'Timeout',
            ),
          ),
        this.timeoutMs,
      );
    });
    return Promise.race([call, timeout]).finally(() => clearTimeout(timer));
  }

  /**
   * Lists a collection, or one page of it: with `limit` the server may answer with that many
   * items and a `continue` token for the next page (servers that do not page answer with all).
   */
  async list<T = KubernetesObject>(
    r: ResourceType,
    options: {
      namespace?: string;
      labelSelector?: string;
      limit?: number;
      continue?: string;
    } = {},
  ): Promise<ListResult<T>> {
    return this.withTimeout(this.listNow<T>(r, options), `list ${describe(r)}`);
  }

  private async listNow<T>(
    r: ResourceType,
    options: {
      namespace?: string;
      labelSelector?: string;
      limit?: number;
      continue?: string;
    },
  ): Promise<ListResult<T>> {
    try {
      let result: any;
      const paging = {
        labelSelector: options.labelSelector,
        ...(options.limit ? { limit: options.limit } : {}),
        ...(options.continue ? { _continue: options.continue } : {}),
      };
      if (!r.group && r.plural === 'pods') {
        result = options.namespace
          ? await this.core.listNamespacedPod({
              namespace: options.namespace,
              ...paging,
            })
          : await this.core.listPodForAllNamespaces(paging);
      } else if (r.namespaced && options.namespace) {
        result = await this.custom.listNamespacedCustomObject({
          ...r,
          namespace: options.namespace,
          ...paging,
        });
      } else if (r.namespaced) {
        result = await this.custom.listCustomObjectForAllNamespaces({
          ...r,
          ...paging,
        });
      } else {
        result = await this.custom.listClusterCustomObject({
          ...r,
          ...paging,
        });
      }
      // Custom objects come back as sent (`continue`), typed lists as the model has it (`_continue`).
      const next: string | undefined =
        result.metadata?.continue || result.metadata?._continue || undefined;
      return {
        items: result.items ?? [],
        resourceVersion: result.metadata?.resourceVersion ?? '',
        ...(next ? { continue: next } : {}),
      };
    } catch (error) {
      throw KubernetesApiError.from(error, `list ${describe(r)}`, this.secrets);
    }
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
