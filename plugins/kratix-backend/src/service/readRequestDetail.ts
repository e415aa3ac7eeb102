import { NotFoundError } from '@backstage/errors';
import {
  apiGroupOf,
  healthHistory,
  isResourceBindingOf,
  RequestDetail,
  toRequestDetail,
} from '@kratix-backstage/plugin-kratix-common';
import {
  KratixPlatform,
  requestListItems,
} from '@kratix-backstage/plugin-kratix-node';
import { readFrom } from './platformFor';

/** Which request to read: its Promise, namespace and name. */
export type RequestKey = { promise: string; namespace: string; name: string };

/**
 * One request with everything its page and `kratix:get-request` show: the Promise, where it
 * landed, its pipeline runs, its binding, its sub-requests, and (on cluster platforms) its
 * Events, condition history and health history. A missing request is a 404; one still proposed in an open
 * pull request says so and names the pull request.
 */
export async function readRequestDetail(
  platform: KratixPlatform,
  { promise: promiseName, namespace, name }: RequestKey,
  options: { filesReadable: boolean },
): Promise<RequestDetail> {
  return readFrom(platform, async () => {
    const request = (
      await platform.listRequests({ promise: promiseName, namespace })
    ).find(r => r.metadata.name === name);
    if (!request) {
      throw new NotFoundError(
        await notFoundMessage(platform, {
          promise: promiseName,
          namespace,
          name,
        }),
      );
    }
    const [
      promise,
      placements,
      pipelineRuns,
      bindings,
      all,
      destinations,
      stateStores,
      events,
      conditionHistory,
      healthChanges,
      origin,
    ] = await Promise.all([
      platform.getPromise(promiseName),
      // Keyed by Promise too: two Promises' requests may share a namespace and name.
      platform.listPlacements({
        promise: promiseName,
        namespace,
        resource: name,
      }),
      platform.listPipelineRuns({
        promise: promiseName,
        namespace,
        resource: name,
      }),
      platform.listResourceBindings?.() ?? Promise.resolve([]),
      requestListItems(platform),
      platform.listDestinations(),
      platform.listStateStores(),
      // Cluster platforms: the Events of the request and its Works, its condition history.
      platform.listEvents?.({
        kind: request.kind,
        group: apiGroupOf(request.apiVersion),
        namespace,
        name,
        promise: promiseName,
      }),
      platform.listConditionHistory?.({
        promise: promiseName,
        namespace,
        name,
      }),
      platform.listHealthHistory?.({ promise: promiseName, namespace, name }),
      // Git platforms: the commit (and pull request) that last changed the request's file.
      platform.getRequestOrigin?.({ promise: promiseName, namespace, name }),
    ]);
    // Found by its labels, as Kratix finds it (a name past 63 characters is hashed).
    const binding = bindings.find(b =>
      isResourceBindingOf(b, { promise: promiseName, namespace, name }),
    );
    const subRequests = all.filter(
      r =>
        r.parent?.promise === promiseName &&
        r.parent.name === name &&
        r.parent.namespace === namespace,
    );
    const detail = toRequestDetail(platform.name, promise, request, {
      placements,
      subRequests,
      pipelineRuns,
      binding,
      destinations,
      stateStores,
      filesReadable: options.filesReadable,
      events,
      conditionHistory,
      origin,
    });
    // Cluster platforms: Kratix's HealthRecord Events on the request, and what the watch saw.
    if (healthChanges)
      detail.healthHistory = healthHistory(
        { kind: request.kind, name, namespace },
        events ?? [],
        healthChanges,
      );
    return detail;
  });
}

async function notFoundMessage(
  platform: KratixPlatform,
  { promise, namespace, name }: RequestKey,
): Promise<string> {
  // Read afresh (another replica may have proposed it); a host that cannot be read is a 503,
  // not a "not found" that would invite a second create.
  const proposed = await platform.findPendingRequest?.({
    promise,
    namespace,
    name,
  });
  return proposed
    ? `Request ${namespace}/${name} of Promise ${promise} is not on platform ${platform.name} yet: it is proposed in ${proposed.pullRequestUrl}, and appears once that pull request is merged and applied`
    : `Request ${namespace}/${name} of Promise ${promise} not found on platform ${platform.name}`;
}
