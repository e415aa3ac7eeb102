import { HttpRouterServiceAuthPolicy } from '@backstage/backend-plugin-api';
import express, { ErrorRequestHandler, Request, Response } from 'express';
import Router from 'express-promise-router';
import {
  audited,
  KratixAuditOptions,
  KratixPlatform,
} from '@kratix-backstage/plugin-kratix-node';
import { ActingUser, actingUser, actorOf } from '../service/actingUser';
import { platformNamed } from '../service/platformFor';
import { RouterContext } from './RouterContext';

type Meta = KratixAuditOptions['meta'];

/** One act of the REST API that leaves an audit event, whether it is done or refused. */
export interface AuditedAct {
  method: 'get' | 'post' | 'put';
  path: string;
  eventId: string;
  severityLevel?: KratixAuditOptions['severityLevel'];
  /** What the act is on, from its path and its body as sent (read before any check). */
  meta(params: Record<string, string>, body: any): Meta;
}

const REQUEST_PATH =
  '/platforms/:platform/promises/:promise/requests/:namespace/:name';

const onRequest = ({ promise, namespace, name }: Record<string, string>) => ({
  promise,
  namespace,
  name,
});

/** Every audited act, by route: the routes run them, and refusals before a route are audited from here. */
export const AUDITED_ACTS = {
  requestCreate: {
    method: 'post',
    path: '/platforms/:platform/promises/:promise/requests',
    eventId: 'request-create',
    meta: (params, body) => ({
      promise: params.promise,
      namespace: String(body?.namespace),
      name: String(body?.name),
      dryRun: !!body?.dryRun,
    }),
  },
  requestUpdate: {
    method: 'put',
    path: REQUEST_PATH,
    eventId: 'request-update',
    meta: (params, body) => ({ ...onRequest(params), dryRun: !!body?.dryRun }),
  },
  requestManage: {
    method: 'post',
    path: `${REQUEST_PATH}/actions`,
    eventId: 'request-manage',
    meta: (params, body) => ({
      ...onRequest(params),
      action: String(body?.action),
    }),
  },
  promiseManage: {
    method: 'post',
    path: '/platforms/:platform/promises/:promise/actions',
    eventId: 'promise-manage',
    severityLevel: 'high',
    meta: (params, body) => ({
      promise: params.promise,
      action: String(body?.action),
    }),
  },
  requestsMove: {
    method: 'post',
    path: '/platforms/:platform/promises/:promise/revisions/:version/move',
    eventId: 'requests-move',
    severityLevel: 'high',
    meta: ({ promise, version }, body) => ({
      promise,
      version,
      requests: Array.isArray(body?.requests)
        ? body.requests.map(
            (r: any) => `${String(r?.namespace)}/${String(r?.name)}`,
          )
        : [],
    }),
  },
  requestDryRun: {
    method: 'post',
    path: '/platforms/:platform/promises/:promise/dry-runs',
    eventId: 'request-dry-run',
    meta: (params, body) => ({
      promise: params.promise,
      namespace: String(body?.namespace),
      name: String(body?.name),
    }),
  },
  dryRunRead: {
    method: 'get',
    path: '/platforms/:platform/dry-runs/:namespace/:name',
    eventId: 'dry-run-read',
    severityLevel: 'low',
    meta: ({ namespace, name }) => ({ namespace, name }),
  },
  pipelineLogsRead: {
    method: 'get',
    path: '/platforms/:platform/pipelines/:namespace/:run/logs',
    eventId: 'pipeline-logs-read',
    severityLevel: 'low',
    meta: ({ namespace, run }) => ({ namespace, run }),
  },
  promiseInstall: {
    method: 'post',
    path: '/platforms/:platform/marketplace/install',
    eventId: 'promise-install',
    severityLevel: 'high',
    meta: (_params, body) => ({
      name: String(body?.name ?? ''),
      url: String(body?.url ?? ''),
    }),
  },
  destinationRegister: {
    method: 'post',
    path: '/platforms/:platform/destinations',
    eventId: 'destination-register',
    severityLevel: 'high',
    meta: (_params, body) => ({ name: String(body?.name) }),
  },
} satisfies Record<string, AuditedAct>;

/**
 * Every audited act is under `/platforms`. The plugin's own barrier (first in its router)
 * refuses a caller without valid credentials exactly as Backstage's would, with the same
 * 401, but audits the refusal first; this policy lets such a caller get that far.
 */
export const AUDITED_ACTS_AUTH_POLICY: HttpRouterServiceAuthPolicy = {
  path: '/platforms',
  allow: 'unauthenticated',
};

/** The actor an audit event names: the caller, or `unknown` where credentials are missing or invalid. */
async function actorOfRequest(req: Request, context: RouterContext) {
  return context.httpAuth.credentials(req).then(actorOf, () => 'unknown');
}

async function eventOf(
  context: RouterContext,
  act: AuditedAct,
  req: Request,
  params: Record<string, string>,
): Promise<KratixAuditOptions> {
  return {
    eventId: act.eventId,
    severityLevel: act.severityLevel,
    request: req,
    meta: {
      actor: await actorOfRequest(req, context),
      // The platform as the caller named it: a refusal of an unknown one is audited too.
      platform: params.platform,
      ...act.meta(params, req.body),
    },
  };
}

/** Marks that an act's event was opened, so the refusal handler does not record it twice. */
const AUDITED = Symbol('kratix-audited');
/** The act a request is, set before any check can refuse it. */
const PENDING = Symbol('kratix-act');

type Locals = {
  [AUDITED]?: boolean;
  [PENDING]?: { act: AuditedAct; params: Record<string, string> };
};
const locals = (res: Response) => res.locals as Locals;

/**
 * The handler of an audited route: one audit event around everything that can refuse the
 * act (the caller's credentials, the platform named, the act's own checks and its work).
 */
export function auditedRoute<T>(
  context: RouterContext,
  act: AuditedAct,
  run: (
    req: Request,
    res: Response,
    user: ActingUser,
    platform: KratixPlatform,
  ) => Promise<T>,
  outcome?: (result: T) => Meta,
) {
  return async (req: Request, res: Response) => {
    locals(res)[AUDITED] = true;
    await audited(
      context.auditor,
      await eventOf(context, act, req, req.params),
      async () => {
        const user = await actingUser(req, context);
        const platform = platformNamed(context.platforms, req.params.platform);
        return run(req, res, user, platform);
      },
      outcome,
    );
  };
}

/** Notes which audited act a request is, before the credentials, body and read checks run. */
export function markAuditedActs(): express.Router {
  const router = express.Router();
  for (const act of Object.values(AUDITED_ACTS) as AuditedAct[]) {
    router[act.method](act.path, (req, res, next) => {
      locals(res)[PENDING] = { act, params: { ...req.params } };
      next();
    });
  }
  return router;
}

/** Records a refusal of a marked act that came before its route (no credentials, not JSON, no read permission). */
export async function auditRefusal(
  context: RouterContext,
  req: Request,
  res: Response,
  error: Error,
): Promise<void> {
  const pending = locals(res)[PENDING];
  if (!pending || locals(res)[AUDITED]) return;
  locals(res)[AUDITED] = true;
  await audited(
    context.auditor,
    await eventOf(context, pending.act, req, pending.params),
    async () => {
      throw error;
    },
  ).catch(() => undefined);
}

/** The error handler that audits what {@link auditRefusal} covers, then lets the error answer. */
export function auditRefusals(context: RouterContext): ErrorRequestHandler {
  return (error, req, res, next) => {
    auditRefusal(context, req, res, error).then(
      () => next(error),
      () => next(error),
    );
  };
}

/** Refuses a caller without valid credentials (401), as Backstage's barrier does. */
export function credentialsBarrier(context: RouterContext) {
  const router = Router();
  router.use(async (req, _res, next) => {
    await context.httpAuth.credentials(req, { allow: ['user', 'service'] });
    next();
  });
  return router;
}
