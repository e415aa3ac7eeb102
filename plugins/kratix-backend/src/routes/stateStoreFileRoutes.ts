import Router from 'express-promise-router';
import { InputError, NotFoundError } from '@backstage/errors';
import { redactSecretValues } from '@kratix-backstage/plugin-kratix-common';
import {
  GitOpsKratixPlatform,
  KratixPlatform,
} from '@kratix-backstage/plugin-kratix-node';
import { platformNamed, readFrom } from '../service/platformFor';
import { ensureSynced } from './ensureSynced';
import { RouterContext } from './RouterContext';

/**
 * Reads a state-store file of a platform that holds a copy of its state store: a gitops
 * platform reads the store's documents from its own repository. Undefined for platforms
 * that read through a cluster, whose files live only where the state store is.
 */
export function storeFileReader(
  platform: KratixPlatform,
): ((path: string) => Promise<string | undefined>) | undefined {
  if (platform instanceof GitOpsKratixPlatform) {
    const repository = platform.repository;
    return path => repository.readFile(path);
  }
  return undefined;
}

/**
 * `GET /platforms/:platform/statestore/files?path=`: the text of one document Kratix wrote
 * to the platform's state store, for pages to show. Read-only, behind the read permission
 * every route needs (as the requests and clusters that list the files); only paths Kratix
 * placed (a request's workloads, a Promise's worker resources) are served, and Secret
 * values are hidden.
 */
export function stateStoreFileRoutes({ platforms }: RouterContext) {
  const router = Router();

  router.get('/platforms/:platform/statestore/files', async (req, res) => {
    const platform = platformNamed(platforms, req.params.platform);
    const path = req.query.path;
    if (typeof path !== 'string' || path === '')
      throw new InputError(
        'Query parameter path must name one state-store file',
      );
    const read = storeFileReader(platform);
    if (!read)
      throw new NotFoundError(
        `Platform ${platform.name} reads its state store through its cluster and holds no copy of its files; open ${path} where the state store is`,
      );
    await ensureSynced(platform);
    const content = await readFrom(platform, async () => {
      // Only what Kratix placed: the store's other files, and the rest of the repository, stay unserved.
      const placed = (await platform.listPlacements()).some(p =>
        p.files.includes(path),
      );
      return placed ? read(path) : undefined;
    });
    if (content === undefined)
      throw new NotFoundError(
        `No document ${path} in the state store of platform ${platform.name}`,
      );
    res.json({ path, ...redactSecretValues(content) });
  });

  return router;
}
