import {
  Destination,
  extractPromiseApi,
  KRATIX_API_VERSION,
  KratixPromise,
  LegacyCluster,
  ResourceRequest,
  StateStore,
  KubernetesObject,
} from '@kratix-backstage/plugin-kratix-common';

/** Kratix objects sorted out of a pile of documents. @public */
export interface ClassifiedDocuments {
  promises: KratixPromise[];
  destinations: Array<Destination | LegacyCluster>;
  stateStores: StateStore[];
  /** Requests, keyed by the name of the Promise whose API they use. */
  requests: Map<string, ResourceRequest[]>;
  /** Documents that are neither Kratix objects nor requests of a known Promise. */
  other: KubernetesObject[];
}

/** `group/kind` for every served version of a Promise's API, lower-cased for matching. */
function apiKeys(promise: KratixPromise): string[] {
  const api = extractPromiseApi(promise);
  if (!api) return [];
  return api.servedVersions.map(version => `${api.group}/${version}/${api.kind}`.toLowerCase());
}

/**
 * Sorts documents into Promises, clusters, state stores and requests. A document is a
 * request of a Promise when its apiVersion and kind are one of the Promise API's served
 * versions and kind (kinds compared case-insensitively: marketplace kinds are often
 * lower-case while requests are written either way).
 * @public
 */
export function classifyDocuments(objects: KubernetesObject[]): ClassifiedDocuments {
  const result: ClassifiedDocuments = {
    promises: [],
    destinations: [],
    stateStores: [],
    requests: new Map(),
    other: [],
  };
  const rest: KubernetesObject[] = [];
  for (const obj of objects) {
    if (obj.apiVersion !== KRATIX_API_VERSION) {
      rest.push(obj);
      continue;
    }
    switch (obj.kind) {
      case 'Promise':
        result.promises.push(obj as KratixPromise);
        break;
      case 'Destination':
      case 'Cluster':
        result.destinations.push(obj as Destination | LegacyCluster);
        break;
      case 'GitStateStore':
      case 'BucketStateStore':
        result.stateStores.push(obj as StateStore);
        break;
      default:
        rest.push(obj);
    }
  }
  const owners = new Map<string, string>();
  for (const promise of result.promises) {
    for (const key of apiKeys(promise)) owners.set(key, promise.metadata.name);
  }
  for (const obj of rest) {
    const owner = owners.get(`${obj.apiVersion}/${obj.kind}`.toLowerCase());
    if (!owner) {
      result.other.push(obj);
      continue;
    }
    const request = obj as ResourceRequest;
    if (!request.metadata.namespace) request.metadata.namespace = 'default';
    const list = result.requests.get(owner) ?? [];
    list.push(request);
    result.requests.set(owner, list);
  }
  return result;
}
