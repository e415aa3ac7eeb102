import {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import {
  kratixReadPermission,
  readPromiseStatus,
} from '@kratix-backstage/plugin-kratix-common';
import { KratixPlatformsService } from '@kratix-backstage/plugin-kratix-node';
import { platformsFor } from '../service/platformFor';
import { requirePermission } from '../service/requireRead';
import { destinationSummary, promiseSummary, requestSummary } from './summaries';

/** What the router needs from the backend. */
export interface RouterOptions {
  platforms: KratixPlatformsService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  logger: LoggerService;
}

function optionalString(query: unknown, field: string): string | undefined {
  if (query === undefined) return undefined;
  if (typeof query !== 'string') throw new InputError(`Query parameter ${field} must be a single string`);
  return query || undefined;
}

/** The read routes of `/api/kratix`. */
export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { platforms } = options;
  const router = Router();
  router.use(express.json());

  router.use(async (req, _res, next) => {
    await requirePermission(req, kratixReadPermission, options);
    next();
  });

  router.get('/platforms', async (_req, res) => {
    res.json({
      items: platforms.list().map(p => ({
        name: p.name,
        title: p.title,
        mode: p.mode,
        health: p.health(),
      })),
    });
  });

  router.get('/promises', async (req, res) => {
    const items = [];
    for (const platform of platformsFor(platforms, optionalString(req.query.platform, 'platform'))) {
      for (const promise of await platform.listPromises()) {
        const requests = await platform.listRequests({ promise: promise.metadata.name });
        items.push(promiseSummary(platform.name, promise, requests.length));
      }
    }
    res.json({ items });
  });

  router.get('/platforms/:platform/promises/:name', async (req, res) => {
    const [platform] = platformsFor(platforms, req.params.platform);
    const promise = await platform.getPromise(req.params.name);
    if (!promise) throw new NotFoundError(`Promise "${req.params.name}" not found on platform ${platform.name}`);
    const requests = await platform.listRequests({ promise: promise.metadata.name });
    res.json({
      ...promiseSummary(platform.name, promise, requests.length),
      status: readPromiseStatus(promise),
      promise,
    });
  });

  router.get('/destinations', async (req, res) => {
    const items = [];
    for (const platform of platformsFor(platforms, optionalString(req.query.platform, 'platform'))) {
      for (const destination of await platform.listDestinations()) {
        items.push(destinationSummary(platform.name, destination));
      }
    }
    res.json({ items });
  });

  router.get('/requests', async (req, res) => {
    const promise = optionalString(req.query.promise, 'promise');
    const namespace = optionalString(req.query.namespace, 'namespace');
    const items = [];
    for (const platform of platformsFor(platforms, optionalString(req.query.platform, 'platform'))) {
      const names = promise ? [promise] : (await platform.listPromises()).map(p => p.metadata.name);
      for (const name of names) {
        for (const request of await platform.listRequests({ promise: name, namespace })) {
          items.push(requestSummary(platform.name, name, request));
        }
      }
    }
    res.json({ items });
  });

  return router;
}
