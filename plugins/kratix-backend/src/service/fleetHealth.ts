import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  FleetHealth,
  fleetProblems,
  FleetProblem,
  kratixPromiseInstallPermission,
  toFleetHealth,
} from '@kratix-backstage/plugin-kratix-common';
import {
  KratixAccess,
  KratixPlatform,
  KratixPlatformsService,
} from '@kratix-backstage/plugin-kratix-node';
import { ensureSynced } from '../routes/ensureSynced';
import { platformNamed, readFrom } from './platformFor';

/** What gitops mode can and cannot show of a platform's health, said on every fleet view. */
export const GITOPS_FLEET_NOTE =
  'Read from git, where Kratix writes no status: failing and suspended pipelines, request health, the conditions of Destinations and state stores (writer errors included) and the versions Kratix has applied are not in the repository, so they are not listed. Listed: Promises and requests paused in their documents (kratix.io/paused), requests pinned by a ResourceBinding in the repository to a version older than the latest, Works the state store shows on a Destination that no longer matches, and Destinations whose state store is not declared.';

/** Said of a cluster whose Kratix predates Promise versions. */
export const NO_REVISIONS_FLEET_NOTE =
  'This platform’s Kratix has no PromiseRevisions (it predates Promise versions), so requests on older revisions are not counted.';

/**
 * The platforms whose fleet health the caller may see: the one named, which they must
 * administer (403 otherwise, 404 for an unknown one), or every platform they administer.
 * Administering is holding kratix.promise.install on the platform, as the admin tab asks.
 */
export async function administeredPlatforms(
  platforms: KratixPlatformsService,
  access: KratixAccess,
  credentials: BackstageCredentials,
  name: string | undefined,
): Promise<KratixPlatform[]> {
  const isAdmin = (platform: KratixPlatform) =>
    access.allowed(credentials, kratixPromiseInstallPermission, platform.name);
  if (name) {
    const platform = platformNamed(platforms, name);
    if (!(await isAdmin(platform)))
      throw new NotAllowedError(
        `Not allowed: ${kratixPromiseInstallPermission.name} on platform ${platform.name} (the fleet's health is for its admins)`,
      );
    return [platform];
  }
  const all = platforms.list();
  const allowed = await Promise.all(all.map(isAdmin));
  return all.filter((_, i) => allowed[i]);
}

/** Everything unhealthy on one platform, with what its mode cannot show. */
async function readPlatform(
  platform: KratixPlatform,
): Promise<{ items: FleetProblem[]; notes: string[] }> {
  await ensureSynced(platform);
  return readFrom(platform, async () => {
    const promises = await platform.listPromises();
    const [
      requests,
      destinations,
      stateStores,
      placements,
      revisions,
      bindings,
    ] = await Promise.all([
      Promise.all(
        promises.map(async p =>
          (
            await platform.listRequests({ promise: p.metadata.name })
          ).map(request => ({ promise: p.metadata.name, request })),
        ),
      ).then(lists => lists.flat()),
      platform.listDestinations(),
      platform.listStateStores(),
      platform.listPlacements(),
      platform.listPromiseRevisions?.(),
      platform.listResourceBindings?.(),
    ]);
    const notes: string[] = [];
    if (platform.mode === 'gitops') notes.push(GITOPS_FLEET_NOTE);
    else if (!revisions) notes.push(NO_REVISIONS_FLEET_NOTE);
    return {
      items: fleetProblems({
        platform: platform.name,
        promises,
        requests,
        destinations,
        stateStores,
        placements,
        revisions,
        bindings,
      }),
      notes,
    };
  });
}

/**
 * The fleet view of the given platforms: each one's problems and notes; a platform that
 * cannot be read goes to `errors`, never failing the others.
 */
export async function readFleetHealth(
  platforms: KratixPlatform[],
): Promise<FleetHealth> {
  const items: FleetProblem[] = [];
  const notes: FleetHealth['notes'] = [];
  const errors: FleetHealth['errors'] = [];
  await Promise.all(
    platforms.map(async platform => {
      try {
        const read = await readPlatform(platform);
        items.push(...read.items);
        notes.push(
          ...read.notes.map(message => ({ platform: platform.name, message })),
        );
      } catch (error) {
        errors.push({
          platform: platform.name,
          message: (error as Error).message,
        });
      }
    }),
  );
  const byPlatform = (a: { platform: string }, b: { platform: string }) =>
    a.platform.localeCompare(b.platform);
  return toFleetHealth(items, notes.sort(byPlatform), errors.sort(byPlatform));
}
