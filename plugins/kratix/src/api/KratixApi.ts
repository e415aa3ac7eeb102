import { createApiRef } from '@backstage/core-plugin-api';
import {
  DestinationDetail,
  DestinationListItem,
  Page,
  PlatformView,
  PromiseDetail,
  PromiseListItem,
  RequestDetail,
  RequestListItem,
} from '@kratix-backstage/plugin-kratix-common';

/** A platform that could not answer a list, with why. @public */
export interface PlatformError {
  platform: string;
  message: string;
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
  getPlatforms(): Promise<PlatformView[]>;
  getPromises(filter?: { platform?: string; availability?: string; search?: string }): Promise<{
    items: PromiseListItem[];
    errors: PlatformError[];
  }>;
  getPromise(platform: string, name: string): Promise<PromiseDetail>;
  getDestinations(filter?: { platform?: string }): Promise<{ items: DestinationListItem[]; errors: PlatformError[] }>;
  getDestination(platform: string, name: string): Promise<DestinationDetail>;
  getRequests(filter?: RequestFilter): Promise<Page<RequestListItem> & { errors: PlatformError[] }>;
  getRequest(platform: string, promise: string, namespace: string, name: string): Promise<RequestDetail>;
}

/** The API ref of the Kratix client. @public */
export const kratixApiRef = createApiRef<KratixApi>({ id: 'plugin.kratix.service' });
