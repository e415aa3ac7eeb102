import {
  buildLiveSnapshot,
  LivePlatformSnapshot,
  LiveSnapshotInput,
  readRequestOwnerRef,
  toDestinationListItem,
  toPromiseListItem,
} from '@kratix-backstage/plugin-kratix-common';
import {
  KratixPlatform,
  requestListItem,
} from '@kratix-backstage/plugin-kratix-node';

/**
 * Reads what the live service compares: the same rows the REST API's lists serve, each
 * request's status and landings, open pull requests and health.
 */
export async function readLiveSnapshot(
  platform: KratixPlatform,
): Promise<LivePlatformSnapshot> {
  const promises = await platform.listPromises();
  const requests: LiveSnapshotInput['requests'] = [];
  const promiseItems = [];
  for (const promise of promises) {
    const name = promise.metadata.name;
    const mine = await platform.listRequests({ promise: name });
    for (const request of mine) {
      requests.push({
        item: requestListItem(platform.name, name, request),
        status: request.status,
      });
    }
    promiseItems.push(toPromiseListItem(platform.name, promise, mine.length));
  }
  const placements = await platform.listPlacements();
  const destinations = (await platform.listDestinations()).map(d =>
    toDestinationListItem(platform.name, d, placements),
  );
  const pending = platform.listPendingRequests
    ? await platform.listPendingRequests()
    : [];
  const health = platform.health();
  return buildLiveSnapshot({
    requests,
    placements,
    promises: promiseItems,
    destinations,
    health,
    pullRequests: pending.map(p => ({
      promise: p.promise,
      namespace: p.request.metadata.namespace,
      name: p.request.metadata.name,
      owner: readRequestOwnerRef(p.request.metadata),
      url: p.pullRequestUrl,
    })),
  });
}
