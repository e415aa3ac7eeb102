import {
  Condition,
  KratixPromise,
  MatchLabels,
  ResourceRequest,
  StateStoreRef,
} from '../model';
import { ConditionChange, KubernetesEventView } from '../events';
import { PipelineRun } from '../pipelines';
import { HealthChange } from '../fleet';
import { Placement } from '../placements';
import {
  PromiseStatusSummary,
  Readiness,
  RequestStatusSummary,
} from '../status';

/** One page of a list the REST API serves. @public */
export interface Page<T> {
  items: T[];
  totalCount: number;
  page: number;
  pageSize: number;
}

/** A configured platform and its health. @public */
export interface PlatformView {
  name: string;
  title: string;
  mode: 'kubernetes' | 'hybrid' | 'gitops';
  health: {
    connected: boolean;
    lastSync?: string;
    lastError?: string;
    /** What is wrong in what the platform declares (duplicates), never resolved silently. */
    problems?: PlatformProblem[];
  };
  /**
   * Present when the platform writes to its cluster as the signed-in user: the Backstage auth
   * provider (`google`, `microsoft`, `okta`, `onelogin`, `gitlab` or `oidc`) whose token the
   * frontend sends in `X-Kratix-Cluster-Authorization`.
   */
  actAsUser?: { authProvider: string };
}

/**
 * Something wrong in what a platform declares that the suite will not resolve silently: the
 * same Promise name declared twice, two Promises serving the same API group and kind, a
 * PromiseRelease whose Promise could not be read from its URL (or which Kratix would refuse
 * to install), or a state store outside the platform repository that cannot be read (its
 * Destinations' documents are unknown, not absent). The message says which one is served
 * and why.
 * @public
 */
export interface PlatformProblem {
  kind:
    | 'duplicate-promise'
    | 'duplicate-api'
    | 'promise-release'
    | 'state-store-unreadable';
  message: string;
  /** The files that declare the clashing objects, the served one first. */
  paths?: string[];
  /** `state-store-unreadable`: the store. */
  stateStore?: StateStoreRef;
  /** `state-store-unreadable`: why it cannot be read, free of credentials. */
  reason?: string;
  /**
   * `state-store-unreadable`: a GitStateStore whose latest fetch failed, still served as it
   * was last fetched.
   */
  stale?: boolean;
}

/**
 * Where a shown status comes from: written by Kratix on the platform cluster, or worked out
 * by the suite from the state store (gitops mode, where no cluster writes status).
 * @public
 */
export type StatusSource = 'kratix' | 'state-store';

/** A PromiseRelease: which version of a Promise is installed from where. @public */
export interface PromiseReleaseView {
  platform: string;
  name: string;
  /** `spec.version`. */
  version?: string;
  /** `spec.sourceRef.type` (`http`). */
  sourceType?: string;
  /** `spec.sourceRef.url`, where Kratix fetches the Promise. */
  sourceUrl?: string;
  /**
   * The Promise it installs: the one Kratix labelled (or made owned by) it. In gitops mode,
   * the Promise the document at its URL names, as the suite fetched it.
   */
  promise?: string;
  /** `status.status` where Kratix reports it (`Installed`, `Error installing`). */
  status?: string;
}

/** A row of the Promises table. @public */
export interface PromiseListItem {
  platform: string;
  name: string;
  version?: string;
  availability: PromiseStatusSummary['availability'];
  reason?: string;
  message?: string;
  /** `state-store` when the availability was derived by the suite, not written by Kratix. */
  statusSource?: StatusSource;
  kind?: string;
  group?: string;
  apiVersion?: string;
  hasApi: boolean;
  description?: string;
  categories: string[];
  requiredPromises: string[];
  requestCount: number;
}

/** A pipeline of a workflow, with its images. @public */
export interface PipelineView {
  workflow: 'promise' | 'resource';
  action: 'configure' | 'delete';
  name: string;
  images: Array<{ container: string; image: string }>;
}

/** Whether one cluster may receive a Promise's documents, and why. @public */
export interface DestinationEligibility {
  destination: string;
  matches: boolean;
  reasons: string[];
}

/** Everything the Promise page shows. @public */
export interface PromiseDetail extends PromiseListItem {
  status: PromiseStatusSummary;
  api?: {
    group: string;
    version: string;
    kind: string;
    plural: string;
    scope: string;
    schema?: unknown;
  };
  dependencies: Array<{
    apiVersion: string;
    kind: string;
    name: string;
    namespace?: string;
  }>;
  destinationSelectors: Array<{ matchLabels?: MatchLabels }>;
  pipelines: PipelineView[];
  requiredBy: Array<{
    name: string;
    version?: string;
    requiredVersion?: string;
  }>;
  eligibleDestinations: DestinationEligibility[];
  workerResources: Placement[];
  /** The PromiseRelease that installs this Promise, where there is one. */
  release?: PromiseReleaseView;
  /** Kubernetes Events of the Promise and its Works, newest first (cluster platforms only). */
  events?: KubernetesEventView[];
  promise: KratixPromise;
}

/** A row of the clusters table. @public */
export interface DestinationListItem {
  platform: string;
  name: string;
  kind: 'Destination' | 'Cluster';
  labels: Record<string, string>;
  path?: string;
  stateStore?: { kind: string; name: string };
  strictMatchLabels: boolean;
  filepathMode: string;
  ready: Readiness;
  /** `state-store` when readiness was derived from Kratix's canary files, not written by Kratix. */
  statusSource?: StatusSource;
  /** The platform cluster registered as a worker of itself. */
  platformAsWorker: boolean;
  workerResourceCount: number;
  workloadCount: number;
}

/**
 * How the state-store files on a page can be opened: on the git host's web UI, or as text
 * the backend serves.
 * @public
 */
export interface StoreFileAccess {
  /**
   * The web page of each file on its git host, by the file's path: files of a GitStateStore
   * on a GitHub-, GitLab- or Bitbucket-style host. A file absent here has no such page.
   */
  fileUrls?: Record<string, string>;
  /**
   * The backend serves the files' text (`GET /platforms/:platform/statestore/files?path=`):
   * from the repository a gitops platform reads, or from the WorkPlacements on a cluster.
   */
  filesReadable?: boolean;
}

/** Everything the cluster page shows. @public */
export interface DestinationDetail
  extends DestinationListItem,
    StoreFileAccess {
  workerResources: Placement[];
  workloads: Placement[];
}

/** A row of the requests table. @public */
export interface RequestListItem {
  platform: string;
  promise: string;
  name: string;
  namespace: string;
  apiVersion: string;
  kind: string;
  owner?: string;
  phase: RequestStatusSummary['phase'];
  reason?: string;
  message?: string;
  updating: boolean;
  /** `state-store` when the phase was derived by the suite (gitops mode), not written by Kratix. */
  statusSource?: StatusSource;
  createdAt?: string;
  parent?: { promise: string; name: string; namespace: string };
}

/**
 * A commit of the state store that wrote a request's documents: a WorkPlacement's
 * `status.versionID`, or (gitops mode) the last commit in the store's history to write the
 * documents' folder.
 * @public
 */
export interface RequestDelivery {
  commit: string;
  /** When it was committed, where a pipeline run names the same commit. */
  time?: string;
  /** The clusters whose documents it wrote. */
  destinations: string[];
  /** Its web page on the git host, where the state store is on a known one. */
  url?: string;
}

/**
 * The commit that last changed a request's document in the repository a gitops platform
 * reads, and the pull request that merged it where the commit names one.
 * @public
 */
export interface RequestOrigin {
  commit: string;
  /** Committer time, ISO 8601. */
  time?: string;
  author?: string;
  subject?: string;
  /** When the file was added, where the history read reaches that commit. */
  created?: string;
  /** The request's file in the repository. */
  path?: string;
  /** The commit's page on the git host, where the repository is on a known one. */
  url?: string;
  pullRequest?: { number: number; url?: string };
}

/** When a request was created and changed, as far as the platform records it. @public */
export interface RequestTimes {
  /** `metadata.creationTimestamp`. */
  created?: string;
  /** The last change to the request (not its status) the cluster recorded (`managedFields`). */
  updated?: string;
  /** When its configure pipelines last all succeeded. */
  lastConfigured?: string;
}

/** Everything the request page shows. @public */
export interface RequestDetail extends RequestListItem, StoreFileAccess {
  status: RequestStatusSummary;
  /** The request's `spec` as YAML, as it was written. */
  specYaml?: string;
  times?: RequestTimes;
  /** The state-store commits that carried its documents to the clusters, newest first. */
  deliveries?: RequestDelivery[];
  /** The commit (and pull request) that last changed the request itself (gitops mode). */
  origin?: RequestOrigin;
  /**
   * An open pull request that proposes the request, where the caller knows one (platforms
   * that write through pull requests).
   */
  pullRequestUrl?: string;
  conditions: Condition[];
  landed: Placement[];
  subRequests: RequestListItem[];
  pipelineRuns: PipelineRun[];
  binding?: {
    desiredVersion?: string;
    appliedVersion?: string;
    failedVersion?: string;
    upgrading: boolean;
  };
  /** Kubernetes Events of the request and its Works, newest first (cluster platforms only). */
  events?: KubernetesEventView[];
  /** Every change of its conditions the platform's watch saw, newest first, where recorded. */
  conditionHistory?: ConditionChange[];
  /** Its health over time, newest first: Kratix's HealthRecord Events and changes the watch saw. */
  healthHistory?: HealthChange[];
  request: ResourceRequest;
}
