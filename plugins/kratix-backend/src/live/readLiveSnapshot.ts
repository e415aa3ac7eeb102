import {
  buildLiveSnapshot,
  LivePlatformSnapshot,
  LivePullRequestState,
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
 * request's status and landings, open pull requests and health. Open pull requests that
 * cannot be read (the git host is down or rate-limits) are taken as they were last seen:
 * the platform itself was read, and a host outage must neither close nor open anything.
 */
export async function readLiveSnapshot(
  platform: KratixPlatform,
  previous?: LivePlatformSnapshot,
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
  const pullRequests = await openPullRequests(platform).catch(() => [
    ...(previous?.pullRequests.values() ?? []),
  ]);
  const health = platform.health();
  return buildLiveSnapshot({
    requests,
    placements,
    promises: promiseItems,
    destinations,
    health,
    pullRequests,
  });
}

async function openPullRequests(
  platform: KratixPlatform,
): Promise<LivePullRequestState[]> {
  const pending = (await platform.listPendingRequests?.()) ?? [];
  return pending.map(p => ({
    promise: p.promise,
    namespace: p.request.metadata.namespace,
    name: p.request.metadata.name,
    owner: readRequestOwnerRef(p.request.metadata),
    url: p.pullRequestUrl,
  }));
}
