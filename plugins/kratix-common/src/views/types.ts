import {
  Condition,
  KratixPromise,
  MatchLabels,
  ResourceRequest,
} from '../model';
import { PipelineRun } from '../pipelines';
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
 * same Promise name declared twice, or two Promises serving the same API group and kind. The
 * message says which one is served and why.
 * @public
 */
export interface PlatformProblem {
  kind: 'duplicate-promise' | 'duplicate-api';
  message: string;
  /** The files that declare the clashing objects, the served one first. */
  paths?: string[];
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
  /** The Promise it installs: the one labelled with its name, else the one named like it. */
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

/** Everything the cluster page shows. @public */
export interface DestinationDetail extends DestinationListItem {
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

/** Everything the request page shows. @public */
export interface RequestDetail extends RequestListItem {
  status: RequestStatusSummary;
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
  request: ResourceRequest;
}
