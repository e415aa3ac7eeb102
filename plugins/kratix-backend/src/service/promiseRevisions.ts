import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  boundRequestViews,
  countOnOlderRevisions,
  diffPromiseRevisions,
  unretainedVersionMessage,
  latestRevisionVersion,
  PromiseRevision,
  PromiseRevisionsResponse,
  promiseRevisionViews,
  readRequestOwnerRef,
  RevisionMoveResult,
} from '@kratix-backstage/plugin-kratix-common';
import {
  KratixPlatform,
  UserClusterCredentials,
} from '@kratix-backstage/plugin-kratix-node';
import { ensureSynced } from '../routes/ensureSynced';
import { readFrom } from './platformFor';

/** Said instead of revisions where the platform cannot read them (gitops mode). */
const NO_REVISIONS =
  'PromiseRevisions and ResourceBindings live on the platform cluster; this platform reads a git repository only, so it cannot show them or move requests between revisions';

/** Said where revisions come from git history but bindings would need the cluster. */
const NO_BINDINGS =
  'ResourceBindings live on the platform cluster; this platform reads a git repository only, so it cannot say which revision each request runs or move requests between revisions';

/** Said of requests whose ResourceBinding is not declared in git. */
const UNDECLARED_BINDINGS =
  'No ResourceBinding is declared in the repository for these requests, so Kratix binds them on the cluster: to latest, or to the then-latest revision where the platform pins bindings. Moving one declares its binding in the repository.';

/** Said where the platform's Kratix has no PromiseRevision kind (v0.125.0, for one). */
const OLD_KRATIX =
  'The Kratix on this platform predates PromiseRevisions (added in 2025-11), so it keeps no revisions of a Promise and cannot move requests between them';

/** A Promise's revisions, the requests bound to each, and what Kratix knows of them. */
async function readRevisions(platform: KratixPlatform, promiseName: string) {
  const promise = await platform.getPromise(promiseName);
  if (!promise)
    throw new NotFoundError(
      `Promise "${promiseName}" not found on platform ${platform.name}`,
    );
  if (!platform.listPromiseRevisions)
    return { objects: undefined, reason: NO_REVISIONS };
  const [objects, bindings, requests] = await Promise.all([
    platform.listPromiseRevisions(),
    // In gitops mode the revisions may come from git history; bindings never do.
    platform.listResourceBindings?.(),
    platform.listRequests({ promise: promiseName }),
  ]);
  if (!objects) return { objects: undefined, reason: OLD_KRATIX };
  const revisions = promiseRevisionViews(promiseName, objects);
  const latest = latestRevisionVersion(revisions);
  const owners = new Map(
    requests.map(r => [
      `${r.metadata.namespace}/${r.metadata.name}`,
      readRequestOwnerRef(r.metadata),
    ]),
  );
  if (!bindings)
    return {
      objects,
      revisions,
      latest,
      bound: undefined,
      reason: NO_BINDINGS,
    };
  const bound = boundRequestViews(promiseName, bindings, latest, ref =>
    owners.get(`${ref.namespace}/${ref.name}`),
  );
  // In git only the bindings someone declared are seen; Kratix makes the others itself.
  const undeclared =
    platform.mode === 'gitops'
      ? requests
          .filter(
            r =>
              !bound.some(
                b =>
                  b.namespace === r.metadata.namespace &&
                  b.name === r.metadata.name,
              ),
          )
          .map(r => {
            const owner = readRequestOwnerRef(r.metadata);
            return {
              namespace: r.metadata.namespace,
              name: r.metadata.name,
              ...(owner && { owner }),
            };
          })
      : [];
  return {
    objects,
    revisions,
    latest,
    bound,
    ...(undeclared.length > 0 && {
      undeclaredBindings: { note: UNDECLARED_BINDINGS, requests: undeclared },
    }),
  };
}

/**
 * A Promise's revisions with the requests running each and, given two versions, what
 * changed between them: what the Versions tab, the REST route and the agents' action show.
 */
export async function readPromiseRevisions(
  platform: KratixPlatform,
  promise: string,
  diff?: { from: string; to: string },
): Promise<PromiseRevisionsResponse> {
  await ensureSynced(platform);
  const read = await readFrom(platform, () => readRevisions(platform, promise));
  const base = { platform: platform.name, promise };
  if (!read.objects) return { ...base, available: false, reason: read.reason };
  const { objects, revisions, latest, bound } = read;
  const find = (version: string): PromiseRevision => {
    const found = objects.find(
      o =>
        o.spec?.version === version &&
        revisions!.some(r => r.name === o.metadata.name),
    );
    if (!found)
      throw new NotFoundError(
        `Version ${version} is not a retained revision of Promise ${promise}`,
      );
    return found;
  };
  return {
    ...base,
    available: true,
    ...(latest && { latestVersion: latest }),
    revisions: revisions!.map(r => ({
      ...r,
      requests: (bound ?? []).filter(b => b.revision === r.version),
    })),
    ...('undeclaredBindings' in read &&
      read.undeclaredBindings && {
        undeclaredBindings: read.undeclaredBindings,
      }),
    ...(bound
      ? {
          requests: bound,
          requestsOnOlderRevisions: countOnOlderRevisions(bound, latest),
        }
      : { requestsUnavailable: read.reason }),
    ...(diff && { diff: diffPromiseRevisions(find(diff.from), find(diff.to)) }),
  };
}

/**
 * Moves requests of a Promise to a retained revision, each as the single upgrade does (its
 * own checks and patch); the version is checked once first, so a wrong one moves none.
 * The caller checks who may.
 */
export async function moveRequestsToRevision(
  platform: KratixPlatform,
  promise: string,
  version: string,
  requests: Array<{ namespace: string; name: string }>,
  options: {
    asUser?: UserClusterCredentials;
    author?: { name: string; email: string };
    requester?: string;
  },
): Promise<RevisionMoveResult> {
  await ensureSynced(platform);
  const read = await readFrom(platform, () => readRevisions(platform, promise));
  if (!read.revisions || !read.bound) throw new ConflictError(read.reason);
  const unretained = unretainedVersionMessage(version, read.revisions, {
    promise,
    platform: platform.name,
  });
  if (unretained) throw new ConflictError(unretained);
  const results: RevisionMoveResult['results'] = [];
  for (const ref of requests) {
    try {
      const result = await readFrom(platform, () =>
        platform.manageRequest({ promise, ...ref }, 'upgrade', {
          version,
          ...options,
        }),
      );
      results.push({ ...ref, moved: true, message: result.message });
    } catch (error) {
      const e = error as Error;
      results.push({
        ...ref,
        moved: false,
        error: { name: e.name, message: e.message },
      });
    }
  }
  const moved = results.filter(r => r.moved).length;
  return { version, moved, failed: results.length - moved, results };
}
