import {
  Destination,
  KratixPromise,
  LegacyCluster,
  ManageAction,
  PipelineRun,
  Placement,
  PlacementQuery,
  PlatformProblem,
  PromiseManageAction,
  PromiseRelease,
  PromiseRevision,
  ResourceBinding,
  ResourceRequest,
  StateStore,
  ConditionChange,
  HealthChange,
  RequestOrigin,
  KubernetesEvent,
  KubernetesEventQuery,
} from '@kratix-backstage/plugin-kratix-common';
import type { PlatformDryRunMethods } from './PlatformDryRuns';
import type { PlacedDocument, PlacedDocumentsQuery } from './placedDocuments';

/** How a platform is read and written (see the design's platform modes). @public */
export type PlatformMode = 'kubernetes' | 'hybrid' | 'gitops';

/** Connection health of one platform, as the REST API and admin tab report it. @public */
export interface PlatformHealth {
  connected: boolean;
  /** The platform has been read at least once, so there is data to serve (maybe stale). */
  synced: boolean;
  /** ISO time of the last successful read of the platform's source. */
  lastSync?: string;
  /** The last error, already free of credentials. */
  lastError?: string;
  /**
   * What is wrong in what the platform declares (gitops mode: a Promise name declared twice,
   * two Promises serving the same API), with which one is served; never resolved silently.
   */
  problems?: PlatformProblem[];
}

/** How a request was (or, in a dry run, would be) delivered. @public */
export interface SubmitRequestResult {
  /** `created` or `updated` a document, or `unchanged` when it was already as given. */
  action: 'created' | 'updated' | 'unchanged';
  /** Where the request document is, in the requests repository. */
  path: string;
  /** The commit that holds it; absent in a dry run. */
  commit?: string;
  /** The pull request that proposes it, when the platform writes through pull requests. */
  pullRequestUrl?: string;
  /** The document as written. */
  document: string;
  dryRun: boolean;
}

/** How a Promise was (or would be) installed. @public */
export interface InstallPromiseResult {
  action: 'created' | 'updated' | 'unchanged';
  /** What was written: the Promise itself, or a PromiseRelease pointing at its URL. */
  kind: 'Promise' | 'PromiseRelease';
  /** Where the document is, in git modes. */
  path?: string;
  commit?: string;
  /** The pull request proposing it, with pull requests. */
  pullRequestUrl?: string;
  dryRun: boolean;
}

/** Options of a Promise installation. @public */
export interface InstallPromiseOptions {
  dryRun?: boolean;
  /** Who asks, recorded on a proposal branch's commit (see SubmitRequestOptions). */
  requester?: string;
  /** Install as a PromiseRelease of this URL and version (kubernetes mode). */
  release?: { url: string; version?: string };
  author?: { name: string; email: string };
}

/** The signed-in user's own credentials for the platform cluster, when it acts as them. @public */
export interface UserClusterCredentials {
  /** A bearer token the cluster accepts for this user (for example an OIDC ID token). */
  token: string;
}

/** Options of a request submission. @public */
export interface SubmitRequestOptions {
  /**
   * `create` (the default) refuses a request that exists with ConflictError; `update`
   * refuses one that does not with NotFoundError. Never one silently turned into the other.
   */
  operation?: 'create' | 'update';
  dryRun?: boolean;
  /** Write as the signed-in user rather than the backend's service account. */
  asUser?: UserClusterCredentials;
  /** Commit author, the signed-in user where known. */
  author?: { name: string; email: string };
  /**
   * The entity ref of whoever asks (a user, or `service:<subject>`): recorded on a proposal
   * branch's commit, so that the suite replaces only its own commits for the same requester.
   */
  requester?: string;
}

/** The logs of one pipeline run: its pod and each container's output, in run order. @public */
export interface PipelineLogs {
  run: string;
  pod?: string;
  containers: Array<{ name: string; log: string }>;
}

/** Identifies one request on a platform. @public */
export interface RequestRef {
  promise: string;
  namespace: string;
  name: string;
}

/** A request proposed as a pull request that has not reached the platform yet. @public */
export interface PendingRequest {
  promise: string;
  request: ResourceRequest;
  pullRequestUrl: string;
  branch: string;
}

/** Which requests to list. @public */
export interface RequestQuery {
  promise?: string;
  namespace?: string;
}

/**
 * Who carries out a manage act in git modes: the commit's author, and the requester
 * recorded on a proposal branch's commit (see SubmitRequestOptions).
 * @public
 */
export interface ManageActOptions {
  author?: { name: string; email: string };
  requester?: string;
}

/**
 * What a manage act did: a sentence for people, and in git modes the commit that carries
 * it out or the pull request that proposes it.
 * @public
 */
export interface ManageActResult {
  message: string;
  commit?: string;
  pullRequestUrl?: string;
}

/**
 * Read access to one Kratix platform: its Promises, clusters, state stores and requests,
 * whatever the mode keeps them in (the cluster's API or a git repository).
 * @public
 */
export interface KratixPlatform extends PlatformDryRunMethods {
  /** Name from configuration, unique in this backend. */
  readonly name: string;
  readonly mode: PlatformMode;
  /** Human title for pages; defaults to the name. */
  readonly title: string;
  /** Entity refs of this platform's admins (install Promises, register clusters, manage any request). */
  readonly admins?: string[];
  /**
   * Set when the platform writes to its cluster (requests in kubernetes mode, manage actions)
   * as the signed-in user: the Backstage auth provider whose token the cluster accepts.
   */
  readonly actAsUser?: { authProvider: string };
  /** Every Promise on the platform. */
  listPromises(): Promise<KratixPromise[]>;
  /** One Promise by name, or undefined. */
  getPromise(name: string): Promise<KratixPromise | undefined>;
  /** Destinations, plus legacy Cluster objects where the platform still has them. */
  listDestinations(): Promise<Array<Destination | LegacyCluster>>;
  /** GitStateStores and BucketStateStores. */
  listStateStores(): Promise<StateStore[]>;
  /** Resource requests of every Promise with an API, optionally filtered. */
  listRequests(query?: RequestQuery): Promise<ResourceRequest[]>;
  /**
   * Where documents landed: from WorkPlacements on a cluster, or from the state store's
   * files in gitops mode.
   */
  listPlacements(query?: PlacementQuery): Promise<Placement[]>;
  /**
   * The documents Kratix placed on the given Destinations, parsed (a Backstage portal
   * Destination's entities, for the catalog): from the WorkPlacements scheduled to them on a
   * cluster, from their state-store files in gitops mode.
   */
  readPlacedDocuments?(query: PlacedDocumentsQuery): Promise<PlacedDocument[]>;
  /**
   * Requests proposed as pull requests that are not on the platform yet (platforms that
   * write through pull requests); they leave this list when the real request appears.
   */
  listPendingRequests?(): Promise<PendingRequest[]>;
  /**
   * The request an open pull request proposes, read afresh from the remote and the git host
   * (for write checks; a 503 when they cannot be read), or undefined.
   */
  findPendingRequest?(ref: RequestRef): Promise<PendingRequest | undefined>;
  /**
   * PromiseReleases (which version of a Promise is installed from which URL): watched on the
   * cluster, or declared in the platform repository in gitops mode.
   */
  listPromiseReleases?(): Promise<PromiseRelease[]>;
  /** ResourceBindings (Promise versioning); absent where the platform has none. */
  listResourceBindings?(): Promise<ResourceBinding[]>;
  /**
   * PromiseRevisions (the versions Kratix retains of each Promise); absent where the platform
   * cannot read them, undefined where its Kratix predates them.
   */
  listPromiseRevisions?(): Promise<PromiseRevision[] | undefined>;
  /**
   * The Kubernetes Events Kratix emitted about one object and, with `query.promise`, its
   * Works, from a watch; absent where there is no cluster (gitops mode).
   */
  listEvents?(query: KubernetesEventQuery): Promise<KubernetesEvent[]>;
  /**
   * Every change of a request's status conditions the platform saw, newest first (a
   * bounded record); absent where the platform records none.
   */
  listConditionHistory?(ref: RequestRef): Promise<ConditionChange[]>;
  /**
   * Every change of a request's aggregated health (`status.healthStatus.state`) the
   * platform's watch saw, newest first (a bounded record); absent where there is no watch.
   */
  listHealthHistory?(ref: RequestRef): Promise<HealthChange[]>;
  /**
   * The commit (and pull request) that last changed a request's document, where the platform
   * reads requests from git; absent elsewhere.
   */
  getRequestOrigin?(ref: RequestRef): Promise<RequestOrigin | undefined>;
  /** Pipeline runs (Jobs) of a Promise or request, newest first; none in gitops mode. */
  listPipelineRuns(query: {
    promise: string;
    namespace?: string;
    resource?: string;
  }): Promise<PipelineRun[]>;
  /** One pipeline run by its Job's namespace and name, or undefined (none in gitops mode). */
  findPipelineRun?(
    namespace: string,
    run: string,
  ): Promise<PipelineRun | undefined>;
  /** The container logs of one pipeline run. Throws NotFoundError when there is none. */
  readPipelineLogs(namespace: string, run: string): Promise<PipelineLogs>;
  /**
   * Re-runs, pauses, resumes, upgrades or deletes a request by the labels and objects
   * Kratix reads. Throws NotFoundError for an unknown request, ConflictError for an
   * action the platform's mode cannot carry out.
   */
  manageRequest(
    ref: RequestRef,
    action: ManageAction,
    options?: {
      version?: string;
      author?: { name: string; email: string };
      asUser?: UserClusterCredentials;
      /** Who asks, recorded on a proposal branch's commit (see SubmitRequestOptions). */
      requester?: string;
    },
  ): Promise<ManageActResult>;
  /**
   * Pauses, resumes, re-runs or resumes the suspended workflow of a Promise by the labels
   * Kratix's Promise controller reads (platform admins; the caller checks permission): a
   * patch of the Promise on the cluster, or a commit to its document in git modes. Throws
   * NotFoundError for an unknown Promise, ConflictError where its document cannot be changed.
   */
  managePromise?(
    name: string,
    action: PromiseManageAction,
    options?: ManageActOptions,
  ): Promise<ManageActResult>;
  /** Registers (or updates) a cluster as a Destination (platform admins; the caller checks permission). */
  registerDestination(
    destination: Destination,
    options?: {
      dryRun?: boolean;
      author?: { name: string; email: string };
      /** Who asks, recorded on a proposal branch's commit (see SubmitRequestOptions). */
      requester?: string;
    },
  ): Promise<{
    action: 'created' | 'updated' | 'unchanged';
    path?: string;
    commit?: string;
    pullRequestUrl?: string;
    dryRun: boolean;
  }>;
  /** Installs or upgrades a Promise (platform admins; the caller checks permission). */
  installPromise(
    promise: KratixPromise,
    options?: InstallPromiseOptions,
  ): Promise<InstallPromiseResult>;
  /**
   * Creates or updates (`options.operation`) a resource request of the named Promise. The
   * caller validates the request and checks who may write it; the platform only delivers it
   * by its mode, refusing to create what exists or update what does not.
   */
  submitRequest(
    promise: string,
    request: ResourceRequest,
    options?: SubmitRequestOptions,
  ): Promise<SubmitRequestResult>;
  /**
   * Reads the platform for the first time (or waits for that read); resolves once it has
   * succeeded or failed, never rejects. Later calls return at once.
   */
  start?(): Promise<void>;
  /** Calls the listener on every change the platform sees (watch events, new commits). */
  subscribe?(
    listener: (change: { kind: string; promise?: string }) => void,
  ): () => void;
  /** Current health; never throws. */
  health(): PlatformHealth;
}
