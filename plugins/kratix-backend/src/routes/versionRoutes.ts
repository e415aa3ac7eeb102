import Router from 'express-promise-router';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  boundRequestViews,
  countOnOlderRevisions,
  diffPromiseRevisions,
  isRetainedVersion,
  kratixResourceManageAnyPermission,
  latestRevisionVersion,
  PromiseRevision,
  PromiseRevisionsResponse,
  promiseRevisionViews,
  readRequestOwnerRef,
  RevisionMoveResult,
} from '@kratix-backstage/plugin-kratix-common';
import { KratixPlatform } from '@kratix-backstage/plugin-kratix-node';
import { z } from 'zod';
import { commitAuthorOf, userClusterCredentials } from '../service/actingUser';
import { platformNamed, readFrom } from '../service/platformFor';
import { optionalString } from '../service/query';
import { AUDITED_ACTS, auditedRoute } from './auditedActs';
import { ensureSynced } from './ensureSynced';
import { RouterContext } from './RouterContext';

const moveBody = z
  .object({
    requests: z
      .array(
        z
          .object({ namespace: z.string().min(1), name: z.string().min(1) })
          .strict(),
      )
      .min(1),
  })
  .strict();

/** Said instead of revisions where the platform cannot read them (gitops mode). */
const NO_REVISIONS =
  'PromiseRevisions and ResourceBindings live on the platform cluster; this platform reads a git repository only, so it cannot show them or move requests between revisions';

/** Said where revisions come from git history but bindings would need the cluster. */
const NO_BINDINGS =
  'ResourceBindings live on the platform cluster; this platform reads a git repository only, so it cannot say which revision each request runs or move requests between revisions';

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
  return { objects, revisions, latest, bound };
}

/** Promise versions: retained revisions, bound requests, diffs, and an admin's bulk move. */
export function versionRoutes(context: RouterContext) {
  const router = Router();

  router.get(
    '/platforms/:platform/promises/:promise/revisions',
    async (req, res) => {
      const platform = platformNamed(context.platforms, req.params.platform);
      const from = optionalString(req.query.from, 'from');
      const to = optionalString(req.query.to, 'to');
      if (!!from !== !!to)
        throw new InputError('from and to: a diff needs both versions');
      await ensureSynced(platform);
      const read = await readFrom(platform, () =>
        readRevisions(platform, req.params.promise),
      );
      const base = { platform: platform.name, promise: req.params.promise };
      if (!read.objects) {
        const unavailable: PromiseRevisionsResponse = {
          ...base,
          available: false,
          reason: read.reason,
        };
        res.json(unavailable);
        return;
      }
      const { objects, revisions, latest, bound } = read;
      const find = (version: string): PromiseRevision => {
        const found = objects.find(
          o =>
            o.spec?.version === version &&
            revisions!.some(r => r.name === o.metadata.name),
        );
        if (!found)
          throw new NotFoundError(
            `Version ${version} is not a retained revision of Promise ${req.params.promise}`,
          );
        return found;
      };
      const answer: PromiseRevisionsResponse = {
        ...base,
        available: true,
        ...(latest && { latestVersion: latest }),
        revisions: revisions!.map(r => ({
          ...r,
          requests: (bound ?? []).filter(b => b.revision === r.version),
        })),
        ...(bound
          ? {
              requests: bound,
              requestsOnOlderRevisions: countOnOlderRevisions(bound, latest),
            }
          : { requestsUnavailable: read.reason }),
        ...(from && to && { diff: diffPromiseRevisions(find(from), find(to)) }),
      };
      res.json(answer);
    },
  );

  router.post(
    AUDITED_ACTS.requestsMove.path,
    auditedRoute(
      context,
      AUDITED_ACTS.requestsMove,
      async (req, res, user, platform) => {
        const { promise, version } = req.params;
        if (
          !(await context.access.isPlatformAdmin(
            user.credentials,
            platform.name,
          ))
        )
          throw new NotAllowedError(
            `Not allowed: ${kratixResourceManageAnyPermission.name} on platform ${platform.name} (only a platform admin moves many requests)`,
          );
        const parsed = moveBody.safeParse(req.body ?? {});
        if (!parsed.success)
          throw new InputError(
            parsed.error.issues
              .map(i => `${i.path.join('.') || 'body'}: ${i.message}`)
              .join('; '),
          );
        await ensureSynced(platform);
        const read = await readFrom(platform, () =>
          readRevisions(platform, promise),
        );
        if (!read.revisions || !read.bound)
          throw new ConflictError(read.reason);
        // Checked once for all, so a wrong version moves none of them.
        if (!isRetainedVersion(version, read.revisions))
          throw new ConflictError(
            `Version ${version} is not a retained revision of Promise ${promise} on platform ${
              platform.name
            }; retained: ${[
              'latest',
              ...read.revisions.map(r => r.version),
            ].join(', ')}`,
          );
        const author = await commitAuthorOf(user, context);
        const results: RevisionMoveResult['results'] = [];
        // One after another, each as the single upgrade does (its own checks and patch).
        for (const ref of parsed.data.requests) {
          try {
            const result = await readFrom(platform, () =>
              platform.manageRequest({ promise, ...ref }, 'upgrade', {
                version,
                asUser: userClusterCredentials(req),
                author,
                requester: user.actor,
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
        context.logger.info(
          `Moved ${moved} of ${results.length} requests of Promise ${promise} to ${version} on platform ${platform.name} by ${user.actor}`,
        );
        const body: RevisionMoveResult = {
          version,
          moved,
          failed: results.length - moved,
          results,
        };
        res.json(body);
        return body;
      },
      result => ({ moved: result.moved, failed: result.failed }),
    ),
  );

  return router;
}
