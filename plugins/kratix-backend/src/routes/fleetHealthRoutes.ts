import Router from 'express-promise-router';
import { administeredPlatforms, readFleetHealth } from '../service/fleetHealth';
import { optionalString } from '../service/query';
import { RouterContext } from './RouterContext';

/** What is unhealthy across the platforms the caller administers (read-only). */
export function fleetHealthRoutes(context: RouterContext) {
  const router = Router();

  router.get('/fleet-health', async (req, res) => {
    const platforms = await administeredPlatforms(
      context.platforms,
      context.access,
      await context.httpAuth.credentials(req),
      optionalString(req.query.platform, 'platform'),
    );
    res.json(await readFleetHealth(platforms));
  });

  return router;
}
