import { stringify } from 'yaml';
import {
  Destination,
  installingReleaseName,
  KRATIX_LABELS,
  KratixPromise,
  LegacyCluster,
  PromiseRelease,
  ResourceBinding,
  ResourceRequest,
  StateStore,
} from '../model';
import { KRATIX_BACKSTAGE_KEYS } from '../annotations';
import { extractPromiseApi } from '../api';
import { promiseDescription } from '../entities/promiseDisplay';
import { ConditionChange, KubernetesEvent, toEventViews } from '../events';
import { readRequestOwnerRef } from '../ownership';
import { PipelineRun } from '../pipelines';
import { isDerivedStatus, Placement } from '../placements';
import { explainMatch, readPromiseSelectors } from '../selectors';
import {
  findCondition,
  readDestinationReadiness,
  readPromiseStatus,
  readRequestStatus,
} from '../status';
import {
  DestinationDetail,
  DestinationListItem,
  PipelineView,
  PromiseReleaseView,
  PromiseDetail,
  PromiseListItem,
  RequestDelivery,
  RequestDetail,
  RequestListItem,
  RequestOrigin,
  RequestTimes,
  StoreFileAccess,
} from './types';
import {
  destinationStateStore,
  gitCommitBrowseUrl,
  storeFileUrls,
} from './storeFiles';

/**
 * What a page needs to open the state-store files it lists: the platform's Destinations and
 * state stores, and whether the backend serves the files' text.
 * @public
 */
export interface StoreFileContext {
  destinations?: Array<Destination | LegacyCluster>;
  stateStores?: StateStore[];
  /** The backend serves the files' text (see `StoreFileAccess.filesReadable`). */
  filesReadable?: boolean;
}

function fileAccess(
  placements: Placement[],
  context: StoreFileContext,
): StoreFileAccess {
  return {
    fileUrls: storeFileUrls(
      placements,
      context.destinations ?? [],
      context.stateStores ?? [],
    ),
    filesReadable: !!context.filesReadable,
  };
}

const CATEGORY_ANNOTATION = KRATIX_BACKSTAGE_KEYS.categories;

/** The row of the Promises table. @public */
export function toPromiseListItem(
  platform: string,
  promise: KratixPromise,
  requestCount: number,
): PromiseListItem {
  const status = readPromiseStatus(promise);
  const api = extractPromiseApi(promise);
  const annotations = promise.metadata.annotations ?? {};
  return {
    platform,
    name: promise.metadata.name,
    version: status.version,
    availability: status.availability,
    reason: status.reason,
    message: status.message,
    statusSource: isDerivedStatus(promise.status) ? 'state-store' : 'kratix',
    kind: status.kind ?? api?.kind,
    group: api?.group,
    apiVersion: status.apiVersion ?? api?.apiVersion,
    hasApi: !!api,
    // As the Promise's catalog entity and Template describe it, when its author did.
    description: promiseDescription(promise),
    categories: (annotations[CATEGORY_ANNOTATION] ?? '')
      .split(',')
      .map(c => c.trim())
      .filter(Boolean),
    requiredPromises: (promise.spec?.requiredPromises ?? []).map(r => r.name),
    requestCount,
  };
}

function pipelinesOf(promise: KratixPromise): PipelineView[] {
  const out: PipelineView[] = [];
  for (const workflow of ['promise', 'resource'] as const) {
    for (const action of ['configure', 'delete'] as const) {
      for (const pipeline of promise.spec?.workflows?.[workflow]?.[action] ??
        []) {
        out.push({
          workflow,
          action,
          name: pipeline.metadata?.name ?? '',
          images: (pipeline.spec?.containers ?? []).map(c => ({
            container: c.name,
            image: c.image,
          })),
        });
      }
    }
  }
  return out;
}

/** Everything the Promise page shows. @public */
export function toPromiseDetail(
  platform: string,
  promise: KratixPromise,
  context: {
    requestCount: number;
    destinations: Array<Destination | LegacyCluster>;
    placements: Placement[];
    /** The platform's PromiseReleases; the one that installs this Promise is shown. */
    releases?: PromiseRelease[];
    /** Its Kubernetes Events and its Works', where the platform has them. */
    events?: KubernetesEvent[];
  },
): PromiseDetail {
  const release = (context.releases ?? []).find(r =>
    releaseInstalls(r, promise),
  );
  const api = extractPromiseApi(promise);
  const selectors = readPromiseSelectors(promise);
  const status = readPromiseStatus(promise);
  return {
    ...toPromiseListItem(platform, promise, context.requestCount),
    status,
    api: api && {
      group: api.group,
      version: api.storageVersion,
      kind: api.kind,
      plural: api.plural,
      scope: api.scope,
      schema: api.specSchema,
    },
    dependencies: (promise.spec?.dependencies ?? []).map(d => ({
      apiVersion: d.apiVersion,
      kind: d.kind,
      name: d.metadata?.name,
      namespace: d.metadata?.namespace,
    })),
    destinationSelectors: selectors.map(s => ({ matchLabels: s.matchLabels })),
    pipelines: pipelinesOf(promise),
    requiredBy: status.requiredBy,
    eligibleDestinations: context.destinations.map(d => {
      const explained = explainMatch(selectors, d);
      return {
        destination: d.metadata.name,
        matches: explained.matches,
        reasons: explained.reasons,
      };
    }),
    workerResources: context.placements.filter(
      p => p.type === 'dependency' && p.promise === promise.metadata.name,
    ),
    release: release && toPromiseReleaseView(platform, release, [promise]),
    ...(context.events && { events: toEventViews(context.events) }),
    promise,
  };
}

/**
 * Whether a PromiseRelease installs a Promise, by what Kratix marks on the Promise it installs
 * (see {@link installingReleaseName}): its `kratix.io/promise-release-name` label, else its
 * controlling owner reference. Never by name: a release installs whatever Promise the document
 * at its URL holds, so a Promise named like a release may have nothing to do with it.
 * @public
 */
export function releaseInstalls(
  release: PromiseRelease,
  promise: KratixPromise,
): boolean {
  return installingReleaseName(promise) === release.metadata.name;
}

/** A PromiseRelease with the Promise it installs, out of the platform's Promises. @public */
export function toPromiseReleaseView(
  platform: string,
  release: PromiseRelease,
  promises: KratixPromise[],
): PromiseReleaseView {
  const installs = promises.find(p => releaseInstalls(release, p));
  return {
    platform,
    name: release.metadata.name,
    version: release.spec?.version || undefined,
    sourceType: release.spec?.sourceRef?.type,
    sourceUrl: release.spec?.sourceRef?.url,
    promise: installs?.metadata.name,
    status: release.status?.status,
  };
}

/** Whether a Destination is the platform cluster registered as its own worker. @public */
export function isPlatformAsWorker(
  destination: Destination | LegacyCluster,
): boolean {
  const labels = destination.metadata.labels ?? {};
  return (
    destination.metadata.annotations?.[
      KRATIX_BACKSTAGE_KEYS.platformCluster
    ] === 'true' ||
    labels.environment === 'platform' ||
    ['platform', 'platform-cluster'].includes(destination.metadata.name)
  );
}

/** The row of the clusters table. @public */
export function toDestinationListItem(
  platform: string,
  destination: Destination | LegacyCluster,
  placements: Placement[],
): DestinationListItem {
  const mine = placements.filter(
    p => p.destination === destination.metadata.name,
  );
  return {
    platform,
    name: destination.metadata.name,
    kind: destination.kind,
    labels: destination.metadata.labels ?? {},
    path: destination.spec?.path,
    stateStore: destination.spec?.stateStoreRef,
    strictMatchLabels:
      destination.kind === 'Destination'
        ? !!destination.spec.strictMatchLabels
        : false,
    filepathMode:
      (destination.kind === 'Destination' && destination.spec.filepath?.mode) ||
      'nestedByMetadata',
    ready: readDestinationReadiness(destination),
    statusSource:
      destination.kind === 'Destination' && isDerivedStatus(destination.status)
        ? 'state-store'
        : 'kratix',
    platformAsWorker: isPlatformAsWorker(destination),
    workerResourceCount: mine.filter(p => p.type === 'dependency').length,
    workloadCount: mine.filter(p => p.type === 'resource').length,
  };
}

/** Everything the cluster page shows. @public */
export function toDestinationDetail(
  platform: string,
  destination: Destination | LegacyCluster,
  placements: Placement[],
  files: StoreFileContext = {},
): DestinationDetail {
  const mine = placements.filter(
    p => p.destination === destination.metadata.name,
  );
  return {
    ...toDestinationListItem(platform, destination, placements),
    ...fileAccess(mine, {
      ...files,
      destinations: files.destinations ?? [destination],
    }),
    workerResources: mine.filter(p => p.type === 'dependency'),
    workloads: mine.filter(p => p.type === 'resource'),
  };
}

/** The composite request a sub-request belongs to, from either label set Kratix uses. @public */
export function parentOf(request: ResourceRequest): RequestListItem['parent'] {
  const l = request.metadata.labels ?? {};
  const promise =
    l[KRATIX_LABELS.componentOfPromiseName] ??
    l[KRATIX_LABELS.parentPromiseName];
  const name =
    l[KRATIX_LABELS.componentOfResourceName] ??
    l[KRATIX_LABELS.parentResourceName];
  const namespace =
    l[KRATIX_LABELS.componentOfResourceNamespace] ??
    l[KRATIX_LABELS.parentResourceNamespace] ??
    request.metadata.namespace;
  return promise && name ? { promise, name, namespace } : undefined;
}

/** The row of the requests table. @public */
export function toRequestListItem(
  platform: string,
  promise: string,
  request: ResourceRequest,
): RequestListItem {
  const status = readRequestStatus(request);
  return {
    platform,
    promise,
    name: request.metadata.name,
    namespace: request.metadata.namespace,
    apiVersion: request.apiVersion,
    kind: request.kind,
    owner: readRequestOwnerRef(request.metadata),
    phase: status.phase,
    reason: status.reason,
    message: status.message,
    updating: status.catchUp.updating,
    statusSource: isDerivedStatus(status) ? 'state-store' : 'kratix',
    createdAt: request.metadata.creationTimestamp,
    parent: parentOf(request),
  };
}

/** Everything the request page shows. @public */
export function toRequestDetail(
  platform: string,
  promise: KratixPromise | undefined,
  request: ResourceRequest,
  context: {
    placements: Placement[];
    subRequests: RequestListItem[];
    pipelineRuns: PipelineRun[];
    binding?: ResourceBinding;
    /** An open pull request that proposes the request, where the caller knows one. */
    pullRequestUrl?: string;
    /** Its Kubernetes Events and its Works', where the platform has them. */
    events?: KubernetesEvent[];
    /** The changes of its conditions the platform recorded, newest first. */
    conditionHistory?: ConditionChange[];
    /** The commit that last changed the request's document (gitops mode). */
    origin?: RequestOrigin;
  } & StoreFileContext,
): RequestDetail {
  const declared = promise?.spec?.workflows?.resource?.configure ?? [];
  const status = readRequestStatus(request, declared);
  const binding = context.binding;
  const upgrade = findCondition(
    binding?.status?.conditions,
    'UpgradeSucceeded',
  );
  const landed = context.placements.filter(
    p =>
      p.type === 'resource' &&
      (!promise || p.promise === promise.metadata.name) &&
      p.resource === request.metadata.name &&
      p.namespace === request.metadata.namespace,
  );
  return {
    ...toRequestListItem(platform, promise?.metadata.name ?? '', request),
    ...fileAccess(landed, context),
    status,
    specYaml: stringify(request.spec ?? {}),
    times: requestTimes(
      request,
      status.lastSuccessfulConfigureTime,
      context.origin,
    ),
    deliveries: requestDeliveries(landed, context),
    ...(context.origin && { origin: context.origin }),
    ...(context.pullRequestUrl && { pullRequestUrl: context.pullRequestUrl }),
    conditions: status.conditions,
    landed,
    subRequests: context.subRequests,
    pipelineRuns: context.pipelineRuns,
    binding: binding && {
      desiredVersion: binding.spec.version,
      appliedVersion: binding.status?.lastAppliedVersion,
      failedVersion: binding.status?.failedVersion,
      upgrading:
        upgrade?.status === 'Unknown' ||
        (!!binding.status?.lastAppliedVersion &&
          binding.spec.version !== 'latest' &&
          binding.spec.version !== binding.status.lastAppliedVersion),
    },
    ...(context.events && { events: toEventViews(context.events) }),
    ...(context.conditionHistory && {
      conditionHistory: context.conditionHistory,
    }),
    request,
  };
}

/** Newest first, by ISO time; undefined times last. */
const byTimeDesc = (a?: string, b?: string) => (b ?? '').localeCompare(a ?? '');

/**
 * When a request was created and changed: its creation timestamp, the newest entry of its
 * `managedFields` that changed the object rather than its status, and its last successful
 * configure run.
 */
function requestTimes(
  request: ResourceRequest,
  lastConfigured: string | undefined,
  origin: RequestOrigin | undefined,
): RequestTimes {
  const managed =
    (
      request.metadata as {
        managedFields?: Array<{ time?: string; subresource?: string }>;
      }
    ).managedFields ?? [];
  const updated = managed
    .filter(f => f.subresource !== 'status' && f.time)
    .map(f => f.time!)
    .sort(byTimeDesc)[0];
  // A gitops request has neither: its file's history says when it was added and changed.
  return {
    created: request.metadata.creationTimestamp ?? origin?.created,
    updated: updated ?? origin?.time,
    lastConfigured,
  };
}

/**
 * The state-store commits that carried a request's documents: one per commit named by its
 * placements, with the clusters it wrote to, its time where a pipeline run names it, and
 * its web page where the store is on a known git host. Newest first.
 */
function requestDeliveries(
  landed: Placement[],
  context: { pipelineRuns: PipelineRun[] } & StoreFileContext,
): RequestDelivery[] {
  const byCommit = new Map<string, RequestDelivery>();
  for (const placement of landed) {
    if (!placement.commit) continue;
    const existing = byCommit.get(placement.commit);
    if (existing) {
      if (!existing.destinations.includes(placement.destination))
        existing.destinations.push(placement.destination);
      continue;
    }
    const run = context.pipelineRuns.find(r => r.commit === placement.commit);
    const store = destinationStateStore(
      (context.destinations ?? []).find(
        d => d.metadata.name === placement.destination,
      ),
      context.stateStores ?? [],
    );
    byCommit.set(placement.commit, {
      commit: placement.commit,
      time: run?.completionTime ?? run?.startTime,
      destinations: [placement.destination],
      url:
        store?.kind === 'GitStateStore'
          ? gitCommitBrowseUrl(store.spec.url, placement.commit)
          : undefined,
    });
  }
  return [...byCommit.values()].sort((a, b) => byTimeDesc(a.time, b.time));
}
