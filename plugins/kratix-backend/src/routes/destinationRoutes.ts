import Router from 'express-promise-router';
import { NotFoundError } from '@backstage/errors';
import {
  readStateStoreReadiness,
  toDestinationDetail,
  toDestinationListItem,
} from '@kratix-backstage/plugin-kratix-common';
import { platformNamed, platformsFor, readFrom } from '../service/platformFor';
import { optionalString } from '../service/query';
import { ensureSynced, fromEach } from './ensureSynced';
import { storeFileReader } from './stateStoreFileRoutes';
import { RouterContext } from './RouterContext';

/** Clusters (Destinations) and state stores. */
export function destinationRoutes({ platforms }: RouterContext) {
  const router = Router();

  router.get('/destinations', async (req, res) => {
    const { items, errors } = await fromEach(
      platformsFor(platforms, optionalString(req.query.platform, 'platform')),
      async p => {
        const [destinations, placements] = await Promise.all([
          p.listDestinations(),
          p.listPlacements(),
        ]);
        return destinations.map(d =>
          toDestinationListItem(p.name, d, placements),
        );
      },
    );
    res.json({
      items: items.sort((a, b) => a.name.localeCompare(b.name)),
      errors,
    });
  });

  router.get('/platforms/:platform/destinations/:name', async (req, res) => {
    const platform = platformNamed(platforms, req.params.platform);
    await ensureSynced(platform);
    res.json(
      await readFrom(platform, async () => {
        const destination = (await platform.listDestinations()).find(
          d => d.metadata.name === req.params.name,
        );
        if (!destination)
          throw new NotFoundError(
            `Cluster "${req.params.name}" not found on platform ${platform.name}`,
          );
        const [placements, stateStores] = await Promise.all([
          platform.listPlacements({ destination: req.params.name }),
          platform.listStateStores(),
        ]);
        return toDestinationDetail(platform.name, destination, placements, {
          stateStores,
          filesReadable: !!storeFileReader(platform),
        });
      }),
    );
  });

  router.get('/statestores', async (req, res) => {
    const { items, errors } = await fromEach(
      platformsFor(platforms, optionalString(req.query.platform, 'platform')),
      async p => {
        const [stores, destinations] = await Promise.all([
          p.listStateStores(),
          p.listDestinations(),
        ]);
        return stores.map(store => ({
          platform: p.name,
          name: store.metadata.name,
          kind: store.kind,
          // Only where documents go; credentials stay in the referenced Secret and are never read.
          location:
            store.kind === 'GitStateStore'
              ? {
                  url: store.spec.url,
                  branch: store.spec.branch ?? 'main',
                  path: store.spec.path,
                }
              : {
                  bucketName: store.spec.bucketName,
                  endpoint: store.spec.endpoint,
                  path: store.spec.path,
                },
          authMethod: store.spec.authMethod,
          ready: readStateStoreReadiness(store),
          destinations: destinations
            .filter(d => d.spec?.stateStoreRef?.name === store.metadata.name)
            .map(d => d.metadata.name),
        }));
      },
    );
    res.json({ items, errors });
  });

  return router;
}
