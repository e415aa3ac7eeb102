import Router from 'express-promise-router';
import { NotFoundError } from '@backstage/errors';
import {
  KRATIX_GROUP,
  toPromiseDetail,
  toPromiseReleaseView,
} from '@kratix-backstage/plugin-kratix-common';
import { platformNamed, platformsFor, readFrom } from '../service/platformFor';
import { optionalString } from '../service/query';
import {
  byPromiseName,
  promiseRowMatches,
  readPromiseRows,
} from '../service/readPromiseRows';
import { ensureSynced, fromEach } from './ensureSynced';
import { RouterContext } from './RouterContext';

/** Promises: the list (filterable), one Promise's page, and the PromiseReleases. */
export function promiseRoutes({ platforms }: RouterContext) {
  const router = Router();

  router.get('/promises', async (req, res) => {
    const availability = optionalString(req.query.availability, 'availability');
    const search = optionalString(req.query.search, 'search')?.toLowerCase();
    const category = optionalString(req.query.category, 'category');
    const { items, errors } = await fromEach(
      platformsFor(platforms, optionalString(req.query.platform, 'platform')),
      async p => (await readPromiseRows(p)).map(row => row.item),
    );
    res.json({
      items: items
        .filter(i => !availability || i.availability === availability)
        .filter(i => !category || i.categories.includes(category))
        .filter(i => promiseRowMatches(i, search))
        .sort(byPromiseName),
      errors,
    });
  });

  router.get('/platforms/:platform/promises/:name', async (req, res) => {
    const platform = platformNamed(platforms, req.params.platform);
    await ensureSynced(platform);
    const detail = await readFrom(platform, async () => {
      const promise = await platform.getPromise(req.params.name);
      if (!promise)
        throw new NotFoundError(
          `Promise "${req.params.name}" not found on platform ${platform.name}`,
        );
      const [requests, destinations, placements, releases, events] =
        await Promise.all([
          platform.listRequests({ promise: promise.metadata.name }),
          platform.listDestinations(),
          platform.listPlacements({ promise: promise.metadata.name }),
          platform.listPromiseReleases?.() ?? [],
          platform.listEvents?.({
            kind: 'Promise',
            group: KRATIX_GROUP,
            name: promise.metadata.name,
            promise: promise.metadata.name,
          }),
        ]);
      return toPromiseDetail(platform.name, promise, {
        requestCount: requests.length,
        destinations,
        placements,
        releases,
        events,
      });
    });
    res.json(detail);
  });

  // PromiseReleases with the Promise each installs (the admin tab's list).
  router.get('/promisereleases', async (req, res) => {
    const { items, errors } = await fromEach(
      platformsFor(platforms, optionalString(req.query.platform, 'platform')),
      async p => {
        const [releases, promises] = await Promise.all([
          p.listPromiseReleases?.() ?? [],
          p.listPromises(),
        ]);
        return releases.map(r => toPromiseReleaseView(p.name, r, promises));
      },
    );
    res.json({
      items: items.sort(
        (a, b) =>
          a.name.localeCompare(b.name) || a.platform.localeCompare(b.platform),
      ),
      errors,
    });
  });

  return router;
}
