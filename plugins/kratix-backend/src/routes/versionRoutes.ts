import Router from 'express-promise-router';
import { InputError, NotAllowedError } from '@backstage/errors';
import { kratixResourceManageAnyPermission } from '@kratix-backstage/plugin-kratix-common';
import { z } from 'zod';
import { commitAuthorOf, userClusterCredentials } from '../service/actingUser';
import { platformNamed } from '../service/platformFor';
import {
  moveRequestsToRevision,
  readPromiseRevisions,
} from '../service/promiseRevisions';
import { optionalString } from '../service/query';
import { AUDITED_ACTS, auditedRoute } from './auditedActs';
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
      res.json(
        await readPromiseRevisions(
          platform,
          req.params.promise,
          from && to ? { from, to } : undefined,
        ),
      );
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
        const body = await moveRequestsToRevision(
          platform,
          promise,
          version,
          parsed.data.requests,
          {
            asUser: userClusterCredentials(req),
            author: await commitAuthorOf(user, context),
            requester: user.actor,
          },
        );
        context.logger.info(
          `Moved ${body.moved} of ${body.results.length} requests of Promise ${promise} to ${version} on platform ${platform.name} by ${user.actor}`,
        );
        res.json(body);
        return body;
      },
      result => ({ moved: result.moved, failed: result.failed }),
    ),
  );

  return router;
}
