import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  Destination,
  KratixPromise,
  KubernetesObject,
  LegacyCluster,
  PipelineRun,
  Placement,
  WorkPlacementCandidates,
  RequestStoreEvidence,
  ResourceRequest,
  StateStore,
  StoreCommit,
  isPlatformAsWorker,
  KRATIX_LABELS,
  isNoneModeStateFile,
  withDerivedRequestStatus,
  canonicalJson,
  placementsFromStateStore,
} from '@kratix-backstage/plugin-kratix-common';
import { classifyDocuments } from './classifyDocuments';
import { HistoryCommit, RepositoryHistory } from './RepositoryHistory';
import { KnownPipelineRuns, requestRevisionHash } from './KnownPipelineRuns';

/** A request read in gitops mode, with the repository file its document lives in. @public */
export interface SourcedRequest {
  promise: string;
  request: ResourceRequest;
  /** Path of the document's file relative to the working tree, when known. */
  path?: string;
  /** `declared` in the platform repository, or `state-store` (a composite's sub-request). */
  source: 'declared' | 'state-store';
}

/** Key of a document by its identity, to find the file it was read from. @public */
export function documentKey(obj: KubernetesObject): string {
  return [
    obj.apiVersion,
    String(obj.kind).toLowerCase(),
    obj.metadata?.namespace || 'default',
    obj.metadata?.name,
  ].join('|');
}

function isKubernetesObject(value: unknown): value is KubernetesObject {
  const v = value as KubernetesObject | null;
  return (
    !!v &&
    typeof v === 'object' &&
    typeof v.apiVersion === 'string' &&
    typeof v.kind === 'string' &&
    typeof v.metadata?.name === 'string'
  );
}

/**
 * Requests Kratix wrote to the state store of the platform cluster registered as its own
 * worker (`isPlatformAsWorker`): a composite Promise's pipeline emits requests of other
 * Promises there, and Flux applies them to the platform. Each document whose apiVersion and
 * kind are a known Promise's API is a request of that Promise, with its parent read from
 * Kratix's `component-of-*` / `parent-*` labels (see `parentOf`).
 * @public
 */
export async function readStateStoreRequests(options: {
  directory: string;
  placements: Placement[];
  destinations: Array<Destination | LegacyCluster>;
  promises: KratixPromise[];
  /**
   * Reads one of a placement's files (a store outside the platform repository is read
   * through its own source); default: from `directory`.
   */
  readFile?: (
    file: string,
    placement: Placement,
  ) => Promise<string | undefined>;
}): Promise<SourcedRequest[]> {
  const platformDestinations = new Set(
    options.destinations
      .filter(d => isPlatformAsWorker(d))
      .map(d => d.metadata.name),
  );
  const read =
    options.readFile ??
    ((file: string) =>
      readFile(join(options.directory, file), 'utf8').catch(() => undefined));
  const files = new Map<string, { file: string; placement: Placement }>();
  for (const placement of options.placements) {
    if (!platformDestinations.has(placement.destination)) continue;
    const store = placement.externalStore;
    for (const file of placement.files.filter(f => /\.ya?ml$/i.test(f)))
      files.set(`${store ? `${store.kind}/${store.name}:` : ''}${file}`, {
        file,
        placement,
      });
  }
  const objects: KubernetesObject[] = [];
  const fileOf: string[] = [];
  for (const { file, placement } of files.values()) {
    const text = await read(file, placement);
    if (text === undefined) continue;
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length > 0) continue;
      const value = doc.toJS();
      if (!isKubernetesObject(value)) continue;
      objects.push(value);
      fileOf.push(file);
    }
  }
  if (objects.length === 0) return [];
  const paths = new Map<string, string>();
  objects.forEach((obj, i) => {
    if (!paths.has(documentKey(obj))) paths.set(documentKey(obj), fileOf[i]);
  });
  const { requests } = classifyDocuments([...options.promises, ...objects]);
  return [...requests].flatMap(([promise, list]) =>
    list.map(request => ({
      promise,
      request,
      path: paths.get(documentKey(request)),
      source: 'state-store' as const,
    })),
  );
}

/** How long a pipeline is given to deliver after a request changed, by default. */
const DEFAULT_SETTLE_MS = 10 * 60 * 1000;

const commitOf = (c: HistoryCommit): StoreCommit => ({
  sha: c.sha,
  time: c.time,
});

const sameRequest = (a: KubernetesObject, b: ResourceRequest) =>
  a.apiVersion === b.apiVersion &&
  canonicalJson((a as ResourceRequest).spec ?? {}) ===
    canonicalJson(b.spec ?? {});

/**
 * What the history says about one request: the last commit that changed its document, the
 * last that wrote its documents, and whether those documents are older than its current
 * spec. A request whose document changed after its documents were written is outdated only
 * when its spec (or apiVersion) differs from what it was when they were written, so label
 * changes (pause, resume, owner) do not read as an update nobody will act on.
 * @public
 */
export async function requestEvidence(
  history: RepositoryHistory,
  entry: SourcedRequest,
  landed: Placement[],
  pipelines: string[],
): Promise<RequestStoreEvidence> {
  const { request, path } = entry;
  const requestIndex = path ? history.lastTouchOf(path) : undefined;
  let documentsIndex: number | undefined;
  let documentsCommit: StoreCommit | undefined;
  for (const placement of landed) {
    const write = lastWrite(history, placement);
    if (
      write &&
      (documentsIndex === undefined || write.index < documentsIndex)
    ) {
      documentsIndex = write.index;
      documentsCommit = write.commit;
    }
  }
  const evidence: RequestStoreEvidence = {
    pipelines,
    requestCommit:
      requestIndex !== undefined
        ? commitOf(history.commits[requestIndex])
        : undefined,
    documentsCommit,
  };
  if (!path || requestIndex === undefined) return evidence;
  const match = {
    kind: request.kind,
    namespace: request.metadata.namespace,
    name: request.metadata.name,
  };
  // A BucketStateStore keeps no history (Kratix lib/writers/s3.go puts objects, no
  // versions): documents only there are current when they are there, as no outdated check
  // is possible. The same for a store outside the repository whose write is older than the
  // history read of it.
  const versioned = landed.filter(p => !p.externalStore || p.committedAt);
  let outdated = false;
  if (versioned.length > 0 && (documentsIndex ?? Infinity) > requestIndex) {
    // The request changed after its documents were last written (smaller index = newer).
    let before: string | undefined;
    if (documentsIndex !== undefined && documentsIndex < history.commits.length)
      before = history.commits[documentsIndex].sha;
    else if (history.truncated)
      // Written before the history read: compare with the request as the history starts.
      before = `${history.commits[history.commits.length - 1].sha}^`;
    if (before) {
      const then = await history.documentAt(before, path, match);
      outdated = !then || !sameRequest(then, request);
    }
  }
  const touches = history.touchesOf(path);
  const generation = Math.max(touches.length, 1);
  let observed = generation;
  if (landed.length === 0) observed = 0;
  else if (outdated) {
    observed = Math.min(
      generation - 1,
      touches.filter(i => i >= (documentsIndex ?? Infinity)).length,
    );
  }
  return { ...evidence, outdated, revisions: { generation, observed } };
}

/**
 * Every request of a gitops platform with its status derived from the state store and its
 * history: declared requests first, then sub-requests read from the platform cluster's
 * state store (a declared request of the same Promise, namespace and name wins).
 * @public
 */
export async function deriveGitOpsRequests(options: {
  declared: Map<string, ResourceRequest[]>;
  /** Repository path of each declared document, by {@link documentKey}. */
  declaredPaths: Map<string, string>;
  composed: SourcedRequest[];
  promises: KratixPromise[];
  placements: Placement[];
  history: RepositoryHistory;
  /** Runs the history cannot show (they committed nothing), by request. */
  knownRuns?: KnownPipelineRuns;
  /**
   * How long after a request's change its pipeline is awaited before documents that did not
   * change are taken as its output (Kratix commits nothing then). Default 10 minutes.
   */
  settleMs?: number;
  now?: number;
}): Promise<Map<string, ResourceRequest[]>> {
  const entries: SourcedRequest[] = [];
  const seen = new Set<string>();
  const keyOf = (promise: string, r: ResourceRequest) =>
    `${promise}/${r.metadata.namespace}/${r.metadata.name}`;
  for (const [promise, list] of options.declared) {
    for (const request of list) {
      seen.add(keyOf(promise, request));
      entries.push({
        promise,
        request,
        path: options.declaredPaths.get(documentKey(request)),
        source: 'declared',
      });
    }
  }
  for (const entry of options.composed) {
    const key = keyOf(entry.promise, entry.request);
    if (seen.has(key)) continue;
    seen.add(key);
    entries.push(entry);
  }
  const out = new Map<string, ResourceRequest[]>(
    [...options.declared.keys()].map(k => [k, []]),
  );
  for (const entry of entries) {
    const promise = options.promises.find(
      p => p.metadata.name === entry.promise,
    );
    const pipelines = (promise?.spec?.workflows?.resource?.configure ?? []).map(
      p => p.metadata?.name ?? '',
    );
    const mine = options.placements.filter(
      p =>
        p.promise === entry.promise &&
        p.type === 'resource' &&
        p.namespace === entry.request.metadata.namespace &&
        p.resource === entry.request.metadata.name,
    );
    const evidence = await requestEvidence(
      options.history,
      entry,
      mine,
      pipelines,
    );
    const { request } = entry;
    const current = requestRevisionHash(request);
    evidence.runs =
      options.knownRuns
        ?.forRequest(
          entry.promise,
          request.metadata.namespace ?? 'default',
          request.metadata.name,
        )
        .map(run => ({
          pipeline: run.pipeline,
          time: run.time,
          forCurrentSpec: run.requestHash === current,
        })) ?? [];
    const changedAt = Date.parse(evidence.requestCommit?.time ?? '');
    evidence.settled =
      !Number.isNaN(changedAt) &&
      (options.now ?? Date.now()) - changedAt >
        (options.settleMs ?? DEFAULT_SETTLE_MS);
    const list = out.get(entry.promise) ?? [];
    list.push(withDerivedRequestStatus(entry.request, mine, evidence));
    out.set(entry.promise, list);
  }
  return out;
}

/**
 * The last write of a placement's documents, as an index in the platform repository's
 * history (see {@link lastWriteIndex}) and its commit. A placement of a GitStateStore
 * outside the repository carries its own commit and time (from that store's history): its
 * index is that of the newest platform commit at or before the write (the request as it was
 * then), or past the oldest one read.
 */
function lastWrite(
  history: RepositoryHistory,
  placement: Placement,
): { index: number; commit: StoreCommit } | undefined {
  if (placement.externalStore) {
    if (!placement.commit || !placement.committedAt) return undefined;
    const at = Date.parse(placement.committedAt);
    const index = history.commits.findIndex(c => Date.parse(c.time) <= at);
    return {
      index: index >= 0 ? index : history.commits.length,
      commit: { sha: placement.commit, time: placement.committedAt },
    };
  }
  const index = lastWriteIndex(history, placement);
  return index === undefined
    ? undefined
    : { index, commit: commitOf(history.commits[index]) };
}

/**
 * The index in the history of the last commit that wrote a placement's documents: the commit
 * it names (an aggregatedYAML write, told by its subject), the newest touch of its own files
 * where they lie beside other placements' (`none` mode), or the newest touch under its folder.
 */
export function lastWriteIndex(
  history: RepositoryHistory,
  placement: Placement,
): number | undefined {
  if (placement.commit) {
    const index = history.commits.findIndex(c => c.sha === placement.commit);
    return index >= 0 ? index : undefined;
  }
  if (placement.workPlacement && placement.source === 'state-store') {
    const touches = placement.files
      .map(f => history.lastTouchOf(f))
      .filter((i): i is number => i !== undefined);
    return touches.length ? Math.min(...touches) : undefined;
  }
  return history.lastTouchUnder(placement.location);
}

/**
 * Sets `commit` on state-store placements: the last commit that wrote into each one's
 * folder (or file), as a WorkPlacement's `status.versionID` would say.
 * @public
 */
export function withDeliveryCommits(
  placements: Placement[],
  history: RepositoryHistory,
): Placement[] {
  return placements.map(p => {
    if (p.commit || p.source !== 'state-store') return p;
    const index = lastWriteIndex(history, p);
    return index === undefined
      ? p
      : { ...p, commit: history.commits[index].sha };
  });
}

/**
 * Pipeline runs read from the state store's history, where no Job can be seen: each commit
 * that wrote documents into a pipeline's folder is one Succeeded run of that pipeline for
 * that Promise or request (one run however many Destinations it wrote to), started and
 * completed at the commit's time, naming the commit. Commits that only removed documents
 * are no runs (documents go when a request or Promise is deleted, not by a pipeline), nor
 * are static dependencies (written by no pipeline). Newest first.
 * @public
 */
export function pipelineRunsFromHistory(options: {
  history: RepositoryHistory;
  stateStorePaths: string[];
  stores: StateStore[];
  destinations: Array<Destination | LegacyCluster>;
  /**
   * The Promises and requests runs may belong to: a `none`-mode record or an aggregatedYAML
   * commit names only its WorkPlacement, and a pipeline namespace is not the request's.
   */
  candidates?: WorkPlacementCandidates;
}): PipelineRun[] {
  const candidates = options.candidates ?? { promises: [], requests: [] };
  const roots = options.stateStorePaths.map(
    dir => `${dir.replace(/^\.\/+|\/+$/g, '')}/`,
  );
  const runs: PipelineRun[] = [];
  for (const commit of options.history.commits) {
    const written = commit.changes.filter(
      c => c.status !== 'D' && roots.some(r => c.path.startsWith(r)),
    );
    if (written.length === 0) continue;
    const seen = new Set<string>();
    const paths = written.map(c => c.path);
    // A record's content does not matter here: its name says whose run it was.
    const records = new Map(
      paths.filter(isNoneModeStateFile).map(p => [p, 'files: []']),
    );
    for (const p of placementsFromStateStore(
      { files: paths, records, commits: [commit] },
      options.stores,
      options.destinations,
      candidates,
    )) {
      if (!p.pipeline) continue;
      const key = [p.type, p.promise, p.namespace, p.resource, p.pipeline].join(
        '/',
      );
      if (seen.has(key)) continue;
      seen.add(key);
      const short = commit.sha.slice(0, 7);
      runs.push({
        name: [p.promise, p.resource, p.pipeline, short]
          .filter(Boolean)
          .join('-'),
        namespace:
          p.type === 'resource' && p.namespace
            ? p.namespace
            : 'kratix-platform-system',
        promise: p.promise,
        resource: p.type === 'resource' ? p.resource : undefined,
        pipeline: p.pipeline,
        type: p.type === 'resource' ? 'resource' : 'promise',
        action: 'configure',
        state: 'Succeeded',
        startTime: commit.time,
        completionTime: commit.time,
        commit: commit.sha,
        message: `Derived from the state store: documents written in commit ${short} by ${commit.author}: ${commit.subject}`,
      });
    }
  }
  return runs;
}

/**
 * Every version a Promise has had since it was last created, read from the history of its
 * document: Kratix keeps one PromiseRevision per version until the Promise is deleted
 * (internal/controller/promise_controller.go), and a required version is met by any of them.
 * Only Promises required at a version other than their current one are looked up, so the
 * usual case reads no old file.
 * @public
 */
export async function retainedPromiseVersions(
  history: RepositoryHistory,
  promises: KratixPromise[],
  pathOf: (promise: KratixPromise) => string | undefined,
): Promise<Map<string, Set<string>>> {
  const versionOf = (p: KubernetesObject | undefined) =>
    p?.metadata?.labels?.[KRATIX_LABELS.promiseVersion];
  const wanted = new Set(
    promises.flatMap(p =>
      (p.spec?.requiredPromises ?? [])
        .filter(r => r.version)
        .filter(r => {
          const required = promises.find(o => o.metadata.name === r.name);
          return required && versionOf(required) !== r.version;
        })
        .map(r => r.name),
    ),
  );
  const retained = new Map<string, Set<string>>();
  for (const promise of promises) {
    const name = promise.metadata.name;
    const path = pathOf(promise);
    if (!wanted.has(name) || !path) continue;
    const versions = new Set<string>();
    const current = versionOf(promise);
    if (current) versions.add(current);
    for (const index of history.touchesOf(path)) {
      const commit = history.commits[index];
      // Deleted here: the revisions before it went with the Promise.
      if (commit.changes.some(c => c.path === path && c.status === 'D')) break;
      const then = await history.documentAt(commit.sha, path, {
        kind: 'Promise',
        name,
      });
      const version = versionOf(then);
      if (version) versions.add(version);
    }
    retained.set(name, versions);
  }
  return retained;
}
