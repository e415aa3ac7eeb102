import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  KratixPlatform,
  KratixPlatformsService,
} from '@kratix-backstage/plugin-kratix-node';

/** The platforms a query names (one, by `platform`), or all of them. */
export function platformsFor(
  platforms: KratixPlatformsService,
  name: string | undefined,
): KratixPlatform[] {
  if (name === undefined || name === '') return platforms.list();
  return [platformNamed(platforms, name)];
}

/** One platform by name, or a 404 naming it. */
export function platformNamed(
  platforms: KratixPlatformsService,
  name: string,
): KratixPlatform {
  const platform = platforms.get(name);
  if (!platform) throw new NotFoundError(`No Kratix platform named "${name}"`);
  return platform;
}

/**
 * Runs a call against a platform, turning "cannot reach it" into a 503 that names the
 * platform (so one platform being down never breaks the others), and a 403 from the
 * cluster into a 403 that says what was denied.
 */
export async function readFrom<T>(
  platform: KratixPlatform,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const e = error as { name?: string; statusCode?: number; message?: string };
    if (
      [
        'NotFoundError',
        'InputError',
        'ConflictError',
        'NotAllowedError',
        'AuthenticationError',
      ].includes(e?.name ?? '')
    ) {
      throw error;
    }
    if (e?.statusCode === 403 || e?.statusCode === 401) {
      throw new NotAllowedError(
        `Platform ${platform.name} denied the request: ${e.message}`,
      );
    }
    if (e?.statusCode === 404)
      throw new NotFoundError(
        e.message ?? `Not found on platform ${platform.name}`,
      );
    if (e?.statusCode === 409)
      throw new ConflictError(
        e.message ?? `Conflict on platform ${platform.name}`,
      );
    if (e?.statusCode === 422 || e?.statusCode === 400)
      throw new InputError(e.message ?? 'Rejected by the platform');
    const health = platform.health();
    throw new ServiceUnavailableError(
      `Platform ${platform.name} unreachable: ${
        e?.message ?? health.lastError ?? String(error)
      }`,
    );
  }
}
