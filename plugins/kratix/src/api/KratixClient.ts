import { ApiHolder, DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
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
import {
  DestinationFilter,
  KratixApi,
  KratixList,
  MarketplaceInstallResult,
  PlatformError,
  PromiseFilter,
  RequestFilter,
  RequestUpdateResult,
  StateStoreView,
} from './KratixApi';
import { getClusterToken } from './clusterToken';

type Query = Record<string, string | number | undefined>;

const segment = encodeURIComponent;

/** The default {@link KratixApi}: fetches `/api/kratix` with the signed-in user's identity. @public */
export class KratixClient implements KratixApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;
  private readonly apis?: ApiHolder;

  /**
   * `apis` holds the auth APIs the user's cluster token comes from, for writes to platforms
   * that act as the user: Backstage's built-in ones, and for `oidc` the app's `core.auth.oidc`.
   */
  constructor(options: {
    discoveryApi: DiscoveryApi;
    fetchApi: FetchApi;
    apis?: ApiHolder;
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
    this.apis = options.apis;
  }

  async getPlatforms(): Promise<PlatformView[]> {
    return (await this.get<{ items: PlatformView[] }>('/platforms')).items;
  }

  getPromises(
    filter: PromiseFilter = {},
  ): Promise<KratixList<PromiseListItem>> {
    return this.get('/promises', { ...filter });
  }

  getPromise(platform: string, name: string): Promise<PromiseDetail> {
    return this.get(
      `/platforms/${segment(platform)}/promises/${segment(name)}`,
    );
  }

  getDestinations(
    filter: DestinationFilter = {},
  ): Promise<KratixList<DestinationListItem>> {
    return this.get('/destinations', { ...filter });
  }

  getDestination(platform: string, name: string): Promise<DestinationDetail> {
    return this.get(
      `/platforms/${segment(platform)}/destinations/${segment(name)}`,
    );
  }

  getRequests(
    filter: RequestFilter = {},
  ): Promise<Page<RequestListItem> & { errors: PlatformError[] }> {
    return this.get('/requests', { ...filter });
  }

  getRequest(
    platform: string,
    promise: string,
    namespace: string,
    name: string,
  ): Promise<RequestDetail> {
    return this.get(
      `/platforms/${segment(platform)}/promises/${segment(
        promise,
      )}/requests/${segment(namespace)}/${segment(name)}`,
    );
  }

  async manageRequest(
    ref: { platform: string; promise: string; namespace: string; name: string },
    action: ManageAction,
    version?: string,
  ): Promise<{ message: string; commit?: string }> {
    return this.post(
      `/platforms/${segment(ref.platform)}/promises/${segment(
        ref.promise,
      )}/requests/${segment(ref.namespace)}/${segment(ref.name)}/actions`,
      version ? { action, version } : { action },
      await this.clusterAuthorization(ref.platform),
    );
  }

  getPromiseRevisions(
    platform: string,
    promise: string,
    diff?: { from: string; to: string },
  ): Promise<PromiseRevisionsResponse> {
    return this.get(
      `/platforms/${segment(platform)}/promises/${segment(promise)}/revisions`,
      { from: diff?.from, to: diff?.to },
    );
  }

  async moveRequestsToRevision(
    ref: { platform: string; promise: string },
    version: string,
    requests: Array<{ namespace: string; name: string }>,
  ): Promise<RevisionMoveResult> {
    return this.post(
      `/platforms/${segment(ref.platform)}/promises/${segment(
        ref.promise,
      )}/revisions/${segment(version)}/move`,
      { requests },
      await this.clusterAuthorization(ref.platform),
    );
  }

  async managePromise(
    ref: { platform: string; promise: string },
    action: PromiseManageAction,
  ): Promise<{ message: string; commit?: string; pullRequestUrl?: string }> {
    return this.post(
      `/platforms/${segment(ref.platform)}/promises/${segment(
        ref.promise,
      )}/actions`,
      { action },
    );
  }

  async updateRequest(
    ref: { platform: string; promise: string; namespace: string; name: string },
    update: { spec: Record<string, unknown>; dryRun?: boolean },
  ): Promise<RequestUpdateResult> {
    return this.post(
      `/platforms/${segment(ref.platform)}/promises/${segment(
        ref.promise,
      )}/requests/${segment(ref.namespace)}/${segment(ref.name)}`,
      { spec: update.spec, ...(update.dryRun && { dryRun: true }) },
      await this.clusterAuthorization(ref.platform),
      'PUT',
    );
  }

  async startDryRun(
    ref: { platform: string; promise: string; namespace: string; name: string },
    spec: Record<string, unknown>,
  ): Promise<DryRunPreview> {
    return this.post(
      `/platforms/${segment(ref.platform)}/promises/${segment(
        ref.promise,
      )}/dry-runs`,
      { namespace: ref.namespace, name: ref.name, spec },
      await this.clusterAuthorization(ref.platform),
    );
  }

  async getDryRun(ref: {
    platform: string;
    namespace: string;
    name: string;
  }): Promise<DryRunPreview> {
    return this.get(
      `/platforms/${segment(ref.platform)}/dry-runs/${segment(
        ref.namespace,
      )}/${segment(ref.name)}`,
    );
  }

  getFleetHealth(platform?: string): Promise<FleetHealth> {
    return this.get('/fleet-health', { platform });
  }

  getStateStores(
    filter: DestinationFilter = {},
  ): Promise<KratixList<StateStoreView>> {
    return this.get('/statestores', { ...filter });
  }

  getPromiseReleases(
    filter: DestinationFilter = {},
  ): Promise<KratixList<PromiseReleaseView>> {
    return this.get('/promisereleases', { ...filter });
  }

  getMarketplace(platform?: string) {
    return this.get<{
      platform?: string;
      categories: string[];
      items: MarketplaceListing[];
    }>('/marketplace', { platform });
  }

  async installPromise(
    platform: string,
    name: string,
    options: { dryRun?: boolean } = {},
  ) {
    return this.post<MarketplaceInstallResult>(
      `/platforms/${segment(platform)}/marketplace/install`,
      { name, ...(options.dryRun && { dryRun: true }) },
    );
  }

  getStateStoreFile(platform: string, path: string) {
    return this.get<{ path: string; content: string; redacted: boolean }>(
      `/platforms/${segment(platform)}/statestore/files`,
      { path },
    );
  }

  getPipelineLogs(platform: string, namespace: string, run: string) {
    return this.get<{
      run: string;
      pod?: string;
      containers: Array<{ name: string; log: string }>;
    }>(
      `/platforms/${segment(platform)}/pipelines/${segment(
        namespace,
      )}/${segment(run)}/logs`,
    );
  }

  /** The user's cluster token header for a write to a platform that acts as the user; none otherwise. */
  private async clusterAuthorization(
    platform: string,
  ): Promise<Record<string, string>> {
    const view = (await this.getPlatforms()).find(p => p.name === platform);
    if (!view?.actAsUser) return {};
    const provider = view.actAsUser.authProvider;
    if (!this.apis)
      throw new Error(
        `Platform ${platform} writes as you (${provider}), but this Kratix client has no auth APIs`,
      );
    const token = await getClusterToken(this.apis, provider).catch(
      (e: Error) => {
        throw new Error(
          `Platform ${platform} writes as you, but your ${provider} token could not be had: ${e.message}`,
        );
      },
    );
    return { 'X-Kratix-Cluster-Authorization': `Bearer ${token}` };
  }

  private async post<T>(
    path: string,
    body: unknown,
    headers: Record<string, string> = {},
    method: 'POST' | 'PUT' = 'POST',
  ): Promise<T> {
    const base = await this.discoveryApi.getBaseUrl('kratix');
    const response = await this.fetchApi.fetch(`${base}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }

  private async get<T>(path: string, query: Query = {}): Promise<T> {
    // Asked on every call: discovery may move the backend (and caches the answer itself).
    const base = await this.discoveryApi.getBaseUrl('kratix');
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      // An empty filter means "all", which the backend expresses by the parameter's absence.
      if (value !== undefined && value !== '') params.set(key, String(value));
    }
    const qs = params.toString();
    const response = await this.fetchApi.fetch(
      `${base}${path}${qs ? `?${qs}` : ''}`,
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}
