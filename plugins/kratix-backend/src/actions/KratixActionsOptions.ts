import {
  AuditorService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  CommitAuthor,
  KRATIX_NOT_CONFIGURED_MESSAGE,
  kratixReadPermission,
} from '@kratix-backstage/plugin-kratix-common';
import {
  KratixAccess,
  KratixPlatform,
  KratixPlatformsService,
} from '@kratix-backstage/plugin-kratix-node';
import { ensureSynced } from '../routes/ensureSynced';

/** What the Kratix actions need from the backend plugin. */
export interface KratixActionsOptions {
  actionsRegistry: ActionsRegistryService;
  platforms: KratixPlatformsService;
  /** The same permission questions the REST API asks. */
  access: KratixAccess;
  auditor: Pick<AuditorService, 'createEvent'>;
  /** The commit identity of a user: their User entity's profile, or their entity ref. */
  authorOf(userRef: string): Promise<CommitAuthor>;
}

/** Description of the optional `platform` input, shared by every action. */
export const PLATFORM_INPUT_DESCRIPTION =
  'Name of the configured Kratix platform (each kratix:list-promises row names its platform). May be left out when the backend has exactly one platform.';

/** The entity ref the audit trail names for the caller, as the REST API names it. */
export { actorOf } from '../service/actingUser';

/**
 * Every REST route needs the read permission first; the actions ask it too, so a registry
 * without visibility checks still cannot leak what the REST API would refuse.
 */
export function requireRead(
  access: KratixAccess,
  credentials: BackstageCredentials,
): Promise<void> {
  return access.require(credentials, kratixReadPermission);
}

/** The name of the only configured platform, which an action that names none acts on. */
export function onlyPlatformName(
  platforms: KratixPlatformsService,
): string | undefined {
  const all = platforms.list();
  return all.length === 1 ? all[0].name : undefined;
}

/**
 * The platform an action names, or the only configured one when it names none; a platform
 * never read is read first (503 naming it when it cannot be).
 */
export async function platformFor(
  platforms: KratixPlatformsService,
  name: string | undefined,
): Promise<KratixPlatform> {
  const all = platforms.list();
  const names = all.map(p => p.name).join(', ') || 'none';
  let platform: KratixPlatform | undefined;
  if (name) {
    platform = platforms.get(name);
    if (!platform)
      throw new NotFoundError(
        `platform: no Kratix platform named "${name}" (configured: ${names})`,
      );
  } else if (all.length === 1) {
    platform = all[0];
  } else if (all.length === 0) {
    throw new ServiceUnavailableError(KRATIX_NOT_CONFIGURED_MESSAGE);
  } else {
    throw new InputError(
      `platform: name one of the configured platforms (${names})`,
    );
  }
  await ensureSynced(platform);
  return platform;
}
