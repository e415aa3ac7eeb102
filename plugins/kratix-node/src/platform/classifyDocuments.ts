import {
  Destination,
  extractPromiseApi,
  KRATIX_API_VERSION,
  KratixPromise,
  LegacyCluster,
  PlatformProblem,
  PromiseRelease,
  ResourceRequest,
  StateStore,
  KubernetesObject,
} from '@kratix-backstage/plugin-kratix-common';

/** Kratix objects sorted out of a pile of documents. @public */
export interface ClassifiedDocuments {
  /**
   * Promises as declared, without any `status:` block (Kubernetes never applies status from a
   * manifest, so a declared one says nothing); one per name.
   */
  promises: KratixPromise[];
  /** PromiseReleases as declared, without any `status:` block. */
  promiseReleases: PromiseRelease[];
  /**
   * Duplicates (a Promise name declared twice, two Promises serving the same API group and
   * kind): reported with which one is served (the first by file path), never silently.
   */
  problems: PlatformProblem[];
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
  return api.servedVersions.map(version =>
    `${api.group}/${version}/${api.kind}`.toLowerCase(),
  );
}

/** Where a document was read from, to choose among duplicates and name them. */
interface Sourced<T> {
  object: T;
  file?: string;
  index: number;
}

/**
 * First by file path (compared as plain strings, as the tree is listed, so the choice does
 * not depend on the locale), then by order of reading: the duplicate that is served.
 */
function byFile<T>(a: Sourced<T>, b: Sourced<T>): number {
  const [x, y] = [a.file ?? '', b.file ?? ''];
  if (x !== y) return x < y ? -1 : 1;
  return a.index - b.index;
}

function describe<T>(entries: Array<Sourced<T>>): string {
  return entries.map(e => e.file ?? `document ${e.index + 1}`).join(', ');
}

/** The document without its `status:`, which Kubernetes would never apply from a manifest. */
function withoutStatus<T extends KubernetesObject>(obj: T): T {
  if (!('status' in obj)) return obj;
  const { status: _declared, ...declared } = obj as T & { status?: unknown };
  return declared as T;
}

/**
 * Sorts documents into Promises, PromiseReleases, clusters, state stores and requests. A
 * document is a request of a Promise when its apiVersion and kind are one of the Promise
 * API's served versions and kind (kinds compared case-insensitively: marketplace kinds are
 * often lower-case while requests are written either way).
 *
 * A `status:` declared on any Kratix object or request is dropped: it is what someone wrote,
 * not what Kratix reports, and the API server ignores it in a manifest for every kind with a
 * status subresource (every Kratix CRD and every Promise API has one). Duplicates are never resolved silently: the same Promise name
 * declared twice, or two Promises serving the same API group and kind, are each reported in
 * `problems`, and the one served is the first by file path (`options.files`, the file each
 * document was read from, in the same order), then by order of reading.
 * @public
 */
export function classifyDocuments(
  objects: KubernetesObject[],
  options: { files?: Array<string | undefined> } = {},
): ClassifiedDocuments {
  const result: ClassifiedDocuments = {
    promises: [],
    promiseReleases: [],
    problems: [],
    destinations: [],
    stateStores: [],
    requests: new Map(),
    other: [],
  };
  const rest: KubernetesObject[] = [];
  const promises: Array<Sourced<KratixPromise>> = [];
  objects.forEach((obj, index) => {
    if (obj.apiVersion !== KRATIX_API_VERSION) {
      rest.push(obj);
      return;
    }
    switch (obj.kind) {
      case 'Promise':
        promises.push({
          object: withoutStatus(obj as KratixPromise),
          file: options.files?.[index],
          index,
        });
        break;
      case 'PromiseRelease':
        result.promiseReleases.push(withoutStatus(obj as PromiseRelease));
        break;
      case 'Destination':
      case 'Cluster':
        result.destinations.push(
          withoutStatus(obj as Destination | LegacyCluster),
        );
        break;
      case 'GitStateStore':
      case 'BucketStateStore':
        result.stateStores.push(withoutStatus(obj as StateStore));
        break;
      default:
        rest.push(obj);
    }
  });

  // One Promise per name: the first by file path is served, the others reported.
  const byName = new Map<string, Array<Sourced<KratixPromise>>>();
  for (const entry of promises) {
    const list = byName.get(entry.object.metadata.name) ?? [];
    list.push(entry);
    byName.set(entry.object.metadata.name, list);
  }
  const served = new Set<Sourced<KratixPromise>>();
  for (const [name, entries] of byName) {
    const [first, ...others] = [...entries].sort(byFile);
    served.add(first);
    if (others.length === 0) continue;
    result.problems.push({
      kind: 'duplicate-promise',
      message: `Promise "${name}" is declared ${
        entries.length
      } times (${describe([first, ...others])}); serving the one in ${describe([
        first,
      ])} (the first by file path) and ignoring ${describe(others)}`,
      paths: [first, ...others].flatMap(e => (e.file ? [e.file] : [])),
    });
  }
  const kept = promises.filter(e => served.has(e));
  result.promises = kept.map(e => e.object);

  // One Promise per API group and kind: its requests belong to the first by file path.
  const byApi = new Map<string, Array<Sourced<KratixPromise>>>();
  for (const entry of [...kept].sort(byFile)) {
    const api = extractPromiseApi(entry.object);
    if (!api) continue;
    const key = `${api.group}/${api.kind}`.toLowerCase();
    byApi.set(key, [...(byApi.get(key) ?? []), entry]);
  }
  const owners = new Map<string, string>();
  for (const entries of byApi.values()) {
    const [first, ...others] = entries;
    for (const key of apiKeys(first.object))
      owners.set(key, first.object.metadata.name);
    if (others.length === 0) continue;
    const api = extractPromiseApi(first.object)!;
    const names = entries
      .map(e => `"${e.object.metadata.name}" (${describe([e])})`)
      .join(', ');
    result.problems.push({
      kind: 'duplicate-api',
      message: `Promises ${names} all serve the API ${api.group} kind ${
        api.kind
      }; its requests are read as requests of "${
        first.object.metadata.name
      }" (the first by file path), and ${others
        .map(e => `"${e.object.metadata.name}"`)
        .join(', ')} serve${others.length === 1 ? 's' : ''} none`,
      paths: entries.flatMap(e => (e.file ? [e.file] : [])),
    });
  }

  for (const obj of rest) {
    const owner = owners.get(`${obj.apiVersion}/${obj.kind}`.toLowerCase());
    if (!owner) {
      result.other.push(obj);
      continue;
    }
    const request = withoutStatus(obj as ResourceRequest);
    if (!request.metadata.namespace) request.metadata.namespace = 'default';
    const list = result.requests.get(owner) ?? [];
    list.push(request);
    result.requests.set(owner, list);
  }
  return result;
}
