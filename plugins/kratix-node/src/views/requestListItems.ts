import {
  RequestListItem,
  ResourceRequest,
  toRequestListItem,
} from '@kratix-backstage/plugin-kratix-common';
import { KratixPlatform } from '../platform/KratixPlatform';

// Cached objects are replaced, never mutated, on every change, so a row computed for an
// object stays right for as long as that object is the one in the cache.
const rows = new WeakMap<ResourceRequest, RequestListItem>();

/** The list row of a request, computed once per version of the object. @public */
export function requestListItem(
  platform: string,
  promise: string,
  request: ResourceRequest,
): RequestListItem {
  let row = rows.get(request);
  if (!row || row.platform !== platform || row.promise !== promise) {
    row = toRequestListItem(platform, promise, request);
    rows.set(request, row);
  }
  return row;
}

/** The rows of a platform's requests, of one Promise or all, optionally in one namespace. @public */
export async function requestListItems(
  platform: KratixPlatform,
  query: { promise?: string; namespace?: string } = {},
): Promise<RequestListItem[]> {
  const names = query.promise
    ? [query.promise]
    : (await platform.listPromises()).map(p => p.metadata.name);
  const out: RequestListItem[] = [];
  for (const name of names) {
    for (const request of await platform.listRequests({
      promise: name,
      namespace: query.namespace,
    })) {
      out.push(requestListItem(platform.name, name, request));
    }
  }
  return out;
}
