import Router from 'express-promise-router';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  joinStorePath,
  Placement,
  redactSecretValues,
} from '@kratix-backstage/plugin-kratix-common';
import {
  GitOpsKratixPlatform,
  KratixPlatform,
  KubernetesKratixPlatform,
} from '@kratix-backstage/plugin-kratix-node';
import { platformNamed, readFrom } from '../service/platformFor';
import { ensureSynced } from './ensureSynced';
import { RouterContext } from './RouterContext';

/** Reads the text of one file of a placement; undefined when it is not there. */
type StoreFileReader = (
  path: string,
  placement: Placement,
) => Promise<string | undefined>;

/**
 * How a platform's state-store files are read, where the backend can: a gitops platform reads
 * the store's documents from its own repository, or from the store they are in where that
 * store lives elsewhere (a GitStateStore's own repository, a bucket); a cluster platform
 * reads them from the WorkPlacement that carries them (Kratix keeps each document's content
 * there). Undefined for any other platform.
 */
export function storeFileReader(
  platform: KratixPlatform,
): StoreFileReader | undefined {
  if (platform instanceof GitOpsKratixPlatform)
    return (path, placement) => platform.readStoreFile(path, placement);
  if (platform instanceof KubernetesKratixPlatform) {
    return async (path, placement) => {
      const wp = placement.workPlacement;
      if (!wp?.namespace) return undefined;
      const documents = await platform.readWorkloads(
        'WorkPlacement',
        wp.namespace,
        wp.name,
      );
      // aggregatedYAML: the placement is one file holding all of its documents.
      if (
        placement.files.length === 1 &&
        placement.files[0] === placement.location
      )
        return documents.map(d => d.content.trimEnd()).join('\n---\n');
      return documents.find(
        d => joinStorePath(placement.location, d.filepath) === path,
      )?.content;
    };
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
        `Platform ${platform.name} can read no copy of its state store's files; open ${path} where the state store is`,
      );
    await ensureSynced(platform);
    const content = await readFrom(platform, async () => {
      // Only what Kratix placed: the store's other files, and the rest of the repository, stay unserved.
      const placement = (await platform.listPlacements()).find(p =>
        p.files.includes(path),
      );
      return placement ? read(path, placement) : undefined;
    });
    if (content === undefined)
      throw new NotFoundError(
        `No document ${path} in the state store of platform ${platform.name}`,
      );
    res.json({ path, ...redactSecretValues(content) });
  });

  return router;
}
