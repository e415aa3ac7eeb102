import Router from 'express-promise-router';
import { commitAuthorOf } from '../service/actingUser';
import {
  managePromiseWorkflows,
  promiseManageAction,
} from '../service/managePromiseWorkflows';
import { AUDITED_ACTS, auditedRoute } from './auditedActs';
import { RouterContext } from './RouterContext';

/** `POST /platforms/:platform/promises/:promise/actions`: a platform admin's workflow control of a Promise. */
export function promiseManageRoutes(context: RouterContext) {
  const router = Router();
  router.post(
    AUDITED_ACTS.promiseManage.path,
    auditedRoute(
      context,
      AUDITED_ACTS.promiseManage,
      async (req, res, user, platform) => {
        const result = await managePromiseWorkflows(
          context.access,
          user.credentials,
          platform,
          req.params.promise,
          promiseManageAction(req.body?.action),
          {
            author: await commitAuthorOf(user, context),
            requester: user.actor,
          },
        );
        context.logger.info(
          `${result.message} on platform ${platform.name} by ${user.actor}`,
        );
        res.json(result);
        return result;
      },
      result => ({ commit: result.commit ?? null }),
    ),
  );
  return router;
}
