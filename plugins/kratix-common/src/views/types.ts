import { Condition, KratixPromise, MatchLabels, ResourceRequest } from '../model';
import { PipelineRun } from '../pipelines';
import { Placement } from '../placements';
import { PromiseStatusSummary, Readiness, RequestStatusSummary } from '../status';

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
  health: { connected: boolean; lastSync?: string; lastError?: string };
  /**
   * Present when the platform writes to its cluster as the signed-in user: the Backstage auth
   * provider (`google`, `microsoft`, `okta`, `onelogin`, `gitlab` or `oidc`) whose token the
   * frontend sends in `X-Kratix-Cluster-Authorization`.
   */
  actAsUser?: { authProvider: string };
}

/** A row of the Promises table. @public */
export interface PromiseListItem {
  platform: string;
  name: string;
  version?: string;
  availability: PromiseStatusSummary['availability'];
  reason?: string;
  message?: string;
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
  dependencies: Array<{ apiVersion: string; kind: string; name: string; namespace?: string }>;
  destinationSelectors: Array<{ matchLabels?: MatchLabels }>;
  pipelines: PipelineView[];
  requiredBy: Array<{ name: string; version?: string; requiredVersion?: string }>;
  eligibleDestinations: DestinationEligibility[];
  workerResources: Placement[];
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
  binding?: { desiredVersion?: string; appliedVersion?: string; failedVersion?: string; upgrading: boolean };
  request: ResourceRequest;
}
