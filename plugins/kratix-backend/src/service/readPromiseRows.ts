import {
  KratixPromise,
  PromiseListItem,
  toPromiseListItem,
} from '@kratix-backstage/plugin-kratix-common';
import { KratixPlatform } from '@kratix-backstage/plugin-kratix-node';

/** One Promise of a platform with its list row (availability, request count, …). */
export type PromiseRow = { promise: KratixPromise; item: PromiseListItem };

/** Every Promise of a platform as the Promise list and `kratix:list-promises` show it. */
export async function readPromiseRows(
  platform: KratixPlatform,
): Promise<PromiseRow[]> {
  const rows: PromiseRow[] = [];
  for (const promise of await platform.listPromises()) {
    const requests = await platform.listRequests({
      promise: promise.metadata.name,
    });
    rows.push({
      promise,
      item: toPromiseListItem(platform.name, promise, requests.length),
    });
  }
  return rows;
}

/** Whether a row's name, kind or description contains the (lower-case) search text. */
export function promiseRowMatches(
  item: PromiseListItem,
  search: string | undefined,
): boolean {
  return (
    !search ||
    `${item.name} ${item.kind ?? ''} ${item.description ?? ''}`
      .toLowerCase()
      .includes(search)
  );
}

/** By Promise name, then platform. */
export function byPromiseName(
  a: { name: string; platform: string },
  b: { name: string; platform: string },
): number {
  return a.name.localeCompare(b.name) || a.platform.localeCompare(b.platform);
}
