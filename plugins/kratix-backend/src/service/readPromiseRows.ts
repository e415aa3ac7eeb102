import {
  boundRequestViews,
  countOnOlderRevisions,
  KratixPromise,
  latestRevisionVersion,
  PromiseListItem,
  promiseRevisionViews,
  toPromiseListItem,
} from '@kratix-backstage/plugin-kratix-common';
import { KratixPlatform } from '@kratix-backstage/plugin-kratix-node';

/**
 * A Promise list row, with how many of its requests run a revision older than the latest
 * (where the platform has PromiseRevisions and ResourceBindings: kubernetes mode).
 */
export type PromiseRowItem = PromiseListItem & {
  requestsOnOlderRevisions?: number;
};

/** One Promise of a platform with its list row (availability, request count, …). */
export type PromiseRow = { promise: KratixPromise; item: PromiseRowItem };

/** Every Promise of a platform as the Promise list and `kratix:list-promises` show it. */
export async function readPromiseRows(
  platform: KratixPlatform,
): Promise<PromiseRow[]> {
  const rows: PromiseRow[] = [];
  // Both come from watch caches: no API-server call per Promise.
  const [revisions, bindings] = await Promise.all([
    platform.listPromiseRevisions?.(),
    platform.listResourceBindings?.(),
  ]);
  for (const promise of await platform.listPromises()) {
    const name = promise.metadata.name;
    const requests = await platform.listRequests({ promise: name });
    const item: PromiseRowItem = toPromiseListItem(
      platform.name,
      promise,
      requests.length,
    );
    if (revisions && bindings) {
      const latest = latestRevisionVersion(
        promiseRevisionViews(name, revisions),
      );
      item.requestsOnOlderRevisions = countOnOlderRevisions(
        boundRequestViews(name, bindings, latest),
        latest,
      );
    }
    rows.push({ promise, item });
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
