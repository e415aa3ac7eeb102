import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { KratixApi, RequestFilter } from './KratixApi';

/** The default {@link KratixApi}: fetches `/api/kratix` with the signed-in user's identity. @public */
export class KratixClient implements KratixApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  private async get<T>(path: string, query: Record<string, string | number | undefined> = {}): Promise<T> {
    const base = await this.discoveryApi.getBaseUrl('kratix');
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') params.set(key, String(value));
    }
    const qs = params.toString();
    const response = await this.fetchApi.fetch(`${base}${path}${qs ? `?${qs}` : ''}`);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }

  async getPlatforms() {
    return (await this.get<{ items: any[] }>('/platforms')).items;
  }

  getPromises(filter: { platform?: string; availability?: string; search?: string } = {}) {
    return this.get<any>('/promises', filter);
  }

  getPromise(platform: string, name: string) {
    return this.get<any>(`/platforms/${encodeURIComponent(platform)}/promises/${encodeURIComponent(name)}`);
  }

  getDestinations(filter: { platform?: string } = {}) {
    return this.get<any>('/destinations', filter);
  }

  getDestination(platform: string, name: string) {
    return this.get<any>(`/platforms/${encodeURIComponent(platform)}/destinations/${encodeURIComponent(name)}`);
  }

  getRequests(filter: RequestFilter = {}) {
    return this.get<any>('/requests', { ...filter });
  }

  getRequest(platform: string, promise: string, namespace: string, name: string) {
    const e = encodeURIComponent;
    return this.get<any>(`/platforms/${e(platform)}/promises/${e(promise)}/requests/${e(namespace)}/${e(name)}`);
  }
}
