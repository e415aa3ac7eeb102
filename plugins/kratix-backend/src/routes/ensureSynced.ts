import { ServiceUnavailableError } from '@backstage/errors';
import { KratixPlatform } from '@kratix-backstage/plugin-kratix-node';

/**
 * A platform that has never been read has nothing to serve: 503 naming it. A platform
 * read before but failing now keeps serving what it has (marked stale in /platforms).
 */
export async function ensureSynced(platform: KratixPlatform): Promise<void> {
  await platform.start?.();
  const health = platform.health();
  if (!health.synced) {
    throw new ServiceUnavailableError(
      `Platform ${platform.name} unreachable: ${
        health.lastError ?? 'not read yet, try again in a moment'
      }`,
    );
  }
}

/** Reads from every platform, collecting the ones that cannot answer instead of failing. */
export async function fromEach<T>(
  platforms: KratixPlatform[],
  read: (platform: KratixPlatform) => Promise<T[]>,
): Promise<{
  items: T[];
  errors: Array<{ platform: string; message: string }>;
}> {
  const items: T[] = [];
  const errors: Array<{ platform: string; message: string }> = [];
  for (const platform of platforms) {
    try {
      await ensureSynced(platform);
      items.push(...(await read(platform)));
    } catch (error) {
      errors.push({
        platform: platform.name,
        message: (error as Error).message,
      });
    }
  }
  return { items, errors };
}
