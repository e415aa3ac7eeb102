import { createApiRef } from '@backstage/core-plugin-api';
import {
  ManageAction,
  PromiseManageAction,
  MarketplaceListing,
  DestinationDetail,
  DestinationListItem,
  DryRunPreview,
  FleetHealth,
  Page,
  PlatformView,
  PromiseDetail,
  PromiseListItem,
  PromiseReleaseView,
  PromiseRevisionsResponse,
  RequestDetail,
  RequestListItem,
  RevisionMoveResult,
} from '@kratix-backstage/plugin-kratix-common';

/** A platform that could not answer a list, with why. @public */
export interface PlatformError {
  platform: string;
  message: string;
}

/**
 * A list gathered from every platform asked. A platform that cannot answer does not fail the
 * list: it is named in `errors` and the others' rows are still in `items`.
 *
 * @public
 */
export interface KratixList<T> {
  items: T[];
  errors: PlatformError[];
}

/** Filters of the Promises list; every one optional. @public */
export interface PromiseFilter {
  /** Only this platform's Promises. */
  platform?: string;
  /** Only Promises with this availability (Available, Unavailable, ...). */
  availability?: string;
  /** Only Promises of this marketplace category. */
  category?: string;
  /** Text in the name, kind or description. */
  search?: string;
}

/** Filters of the clusters list. @public */
export interface DestinationFilter {
  /** Only this platform's clusters. */
  platform?: string;
}

/** Filters of the requests list. @public */
export interface RequestFilter {
  platform?: string;
  promise?: string;
  namespace?: string;
  owner?: string;
  phase?: string;
  search?: string;
  page?: number;
  pageSize?: number;
}

/** The Kratix backend's REST API (`/api/kratix`), as the frontend uses it. @public */
export interface KratixApi {
  /** Every configured platform with its mode and health (`GET /platforms`). */
  getPlatforms(): Promise<PlatformView[]>;
  /** Promises of every platform, or of one (`GET /promises`). */
  getPromises(filter?: PromiseFilter): Promise<KratixList<PromiseListItem>>;
  /** One Promise with its status, API and the raw object (`GET /platforms/:p/promises/:name`). */
  getPromise(platform: string, name: string): Promise<PromiseDetail>;
  /** Clusters (Destinations) of every platform, or of one (`GET /destinations`). */
  getDestinations(
    filter?: DestinationFilter,
  ): Promise<KratixList<DestinationListItem>>;
  /** One cluster with its worker resources and workloads. */
  getDestination(platform: string, name: string): Promise<DestinationDetail>;
  /** One page of resource requests (`GET /requests`). */
  getRequests(
    filter?: RequestFilter,
  ): Promise<Page<RequestListItem> & { errors: PlatformError[] }>;
  /** One resource request with its status, pipelines and where it landed. */
  getRequest(
    platform: string,
    promise: string,
    namespace: string,
    name: string,
  ): Promise<RequestDetail>;
  /** Re-runs, pauses, resumes, upgrades or deletes a request; answers what was done. */
  manageRequest(
    ref: { platform: string; promise: string; namespace: string; name: string },
    action: ManageAction,
    version?: string,
  ): Promise<{ message: string; commit?: string }>;
  /**
   * A Promise's retained revisions with the requests running each; with `diff`, what
   * changed between two of them (`GET .../promises/:promise/revisions?from=&to=`).
   */
  getPromiseRevisions(
    platform: string,
    promise: string,
    diff?: { from: string; to: string },
  ): Promise<PromiseRevisionsResponse>;
  /** Moves requests of a Promise to a retained revision (platform admins). */
  moveRequestsToRevision(
    ref: { platform: string; promise: string },
    version: string,
    requests: Array<{ namespace: string; name: string }>,
  ): Promise<RevisionMoveResult>;
  /** Pauses, resumes, re-runs or resumes the suspended workflow of a Promise (platform admins). */
  managePromise(
    ref: { platform: string; promise: string },
    action: PromiseManageAction,
  ): Promise<{ message: string; commit?: string; pullRequestUrl?: string }>;
  /**
   * Changes a request's spec (`PUT .../requests/:namespace/:name`); with `dryRun` the backend
   * checks it and answers with the document it would write, writing nothing.
   */
  updateRequest(
    ref: { platform: string; promise: string; namespace: string; name: string },
    update: { spec: Record<string, unknown>; dryRun?: boolean },
  ): Promise<RequestUpdateResult>;
  /**
   * Asks the platform's Kratix for a DryRun of a request with this spec (a new request or a
   * change to one): `POST .../promises/:promise/dry-runs`. Answers at once, pending, or says
   * the platform has no DryRun; read it again with `getDryRun`.
   */
  startDryRun(
    ref: { platform: string; promise: string; namespace: string; name: string },
    spec: Record<string, unknown>,
  ): Promise<DryRunPreview>;
  /** A DryRun started with `startDryRun`, as Kratix has got on with it. */
  getDryRun(ref: {
    platform: string;
    namespace: string;
    name: string;
  }): Promise<DryRunPreview>;
  /** What is unhealthy across the platforms the user administers (`GET /fleet-health`). */
  getFleetHealth(platform?: string): Promise<FleetHealth>;
  /** State stores: where documents go and whether they are ready (`GET /statestores`). */
  getStateStores(
    filter?: DestinationFilter,
  ): Promise<KratixList<StateStoreView>>;
  /** PromiseReleases with the Promise each installs (`GET /promisereleases`). */
  getPromiseReleases(
    filter?: DestinationFilter,
  ): Promise<KratixList<PromiseReleaseView>>;
  /** The marketplace, with what a platform has installed (`GET /marketplace`). */
  getMarketplace(platform?: string): Promise<{
    platform?: string;
    categories: string[];
    items: MarketplaceListing[];
  }>;
  /**
   * Installs or upgrades a marketplace Promise on a platform (admins). With `dryRun` the
   * backend writes nothing and answers with what it would write.
   */
  installPromise(
    platform: string,
    name: string,
    options?: { dryRun?: boolean },
  ): Promise<MarketplaceInstallResult>;
  /**
   * The text of one document Kratix placed in a platform's state store, where the platform
   * holds a copy of its store (`filesReadable` on request and cluster pages); Secret values
   * are hidden (`redacted`).
   */
  getStateStoreFile(
    platform: string,
    path: string,
  ): Promise<{ path: string; content: string; redacted: boolean }>;
  /** The container logs of one pipeline run. */
  getPipelineLogs(
    platform: string,
    namespace: string,
    run: string,
  ): Promise<{
    run: string;
    pod?: string;
    containers: Array<{ name: string; log: string }>;
  }>;
}

/**
 * What installing a marketplace Promise wrote, or with `dryRun` would write.
 * @public
 */
export interface MarketplaceInstallResult {
  /** `created` for a new Promise, `updated` for an upgrade, `unchanged` when identical. */
  action: string;
  /** The Promise's name. */
  promise: string;
  /** The version installed (the document's `kratix.io/promise-version`). */
  version?: string;
  /** The version the platform had before, when it had the Promise. */
  installedVersion?: string;
  /** The object written: the Promise itself, or a PromiseRelease pointing at it. */
  kind?: string;
  /** The file committed, for platforms that write to git; absent when written through the API. */
  path?: string;
  /** The commit made; absent on a dry run. */
  commit?: string;
  /** The platform's mode: `gitops` and `hybrid` write to git, `kubernetes` to the API. */
  mode?: string;
  /** Where the Promise document came from. */
  source?: string;
  dryRun?: boolean;
}

/** What updating a request wrote, or with `dryRun` would write. @public */
export interface RequestUpdateResult {
  /** `updated`, or `unchanged` when the request already was as given. */
  action: string;
  /** The request document as written (YAML). */
  document: string;
  dryRun: boolean;
  /** Where the document is: its file in git modes, its API path in kubernetes mode. */
  path: string;
  commit?: string;
  /** The pull request that proposes the change, on platforms that write through them. */
  pullRequestUrl?: string;
  /** The PromiseRevision version the spec was also checked against (the request's own). */
  boundRevisionVersion?: string;
}

/** A state store as the admin tab shows it. @public */
export interface StateStoreView {
  platform: string;
  name: string;
  kind: 'GitStateStore' | 'BucketStateStore';
  location: Record<string, string | undefined>;
  authMethod?: string;
  ready: {
    ready: boolean | 'Unknown';
    state: string;
    reason?: string;
    message?: string;
  };
  destinations: string[];
}

/** The API ref of the Kratix client. @public */
export const kratixApiRef = createApiRef<KratixApi>({
  id: 'plugin.kratix.service',
});
