import express from 'express';
import Router from 'express-promise-router';
import {
  KRATIX_NOT_CONFIGURED_MESSAGE,
  kratixReadPermission,
} from '@kratix-backstage/plugin-kratix-common';
import { requirePermission } from '../service/requirePermission';
import {
  AUDITED_ACTS_AUTH_POLICY,
  auditRefusal,
  auditRefusals,
  credentialsBarrier,
  markAuditedActs,
} from './auditedActs';
import { destinationRoutes } from './destinationRoutes';
import { dryRunRoutes } from './dryRunRoutes';
import { fleetHealthRoutes } from './fleetHealthRoutes';
import { marketplaceRoutes } from './marketplaceRoutes';
import { platformRoutes } from './platformRoutes';
import { promiseManageRoutes } from './promiseManageRoutes';
import { promiseRoutes } from './promiseRoutes';
import { registerDestinationRoute } from './registerDestinationRoute';
import { requestRoutes } from './requestRoutes';
import { stateStoreFileRoutes } from './stateStoreFileRoutes';
import { versionRoutes } from './versionRoutes';
import { RouterContext } from './RouterContext';

export type { RouterContext as RouterOptions } from './RouterContext';

/** Largest JSON body accepted; a request document is a few kilobytes. */
const BODY_LIMIT = '256kb';

/** The routes of `/api/kratix`: every one needs the read permission, writes need more. */
export async function createRouter(
  context: RouterContext,
): Promise<express.Router> {
  const router = Router();
  // Which audited act a request is, then every check that can refuse it before its route:
  // each refusal of an act is audited (auditRefusals, last) with the status it always had.
  router.use(markAuditedActs());
  router.use(credentialsBarrier(context));
  context.httpRouter?.addAuthPolicy(AUDITED_ACTS_AUTH_POLICY);
  router.use(express.json({ limit: BODY_LIMIT }));
  router.use((req, _res, next) => {
    // A body that is not JSON would otherwise arrive empty and be misread as "no fields".
    if (req.method === 'POST' && !req.is('application/json')) {
      const error = new Error(
        'Send the body as JSON (Content-Type: application/json)',
      );
      error.name = 'InputError';
      next(Object.assign(error, { statusCode: 415 }));
      return;
    }
    next();
  });
  router.use(async (req, _res, next) => {
    await requirePermission(req, kratixReadPermission, context);
    next();
  });
  router.use(notConfigured(context));
  router.use(platformRoutes(context));
  router.use(promiseRoutes(context));
  router.use(promiseManageRoutes(context));
  router.use(destinationRoutes(context));
  router.use(requestRoutes(context));
  router.use(stateStoreFileRoutes(context));
  router.use(versionRoutes(context));
  router.use(dryRunRoutes(context));
  router.use(fleetHealthRoutes(context));
  router.use(marketplaceRoutes(context));
  router.use(registerDestinationRoute(context));
  router.use(auditRefusals(context));
  return router;
}

/**
 * With no platform configured, every route says so and what to add: `/platforms` answers an
 * empty list marked `configured: false` (pages show the message), the rest a 503.
 */
function notConfigured(context: RouterContext): express.RequestHandler {
  return async (req, res, next) => {
    if (context.platforms.list().length > 0) {
      next();
      return;
    }
    await auditRefusal(
      context,
      req,
      res,
      Object.assign(new Error(KRATIX_NOT_CONFIGURED_MESSAGE), {
        name: 'NotConfiguredError',
      }),
    );
    if (req.method === 'GET' && req.path === '/platforms') {
      res.json({
        items: [],
        configured: false,
        message: KRATIX_NOT_CONFIGURED_MESSAGE,
      });
      return;
    }
    res.status(503).json({
      error: {
        name: 'NotConfiguredError',
        message: KRATIX_NOT_CONFIGURED_MESSAGE,
      },
      request: { method: req.method, url: req.originalUrl },
      response: { statusCode: 503 },
    });
  };
}
