import { NotFoundError } from '@backstage/errors';
import { KratixPlatform, KratixPlatformsService } from '@kratix-backstage/plugin-kratix-node';

/** The platforms a query names (one, by `platform`), or all of them. */
export function platformsFor(
  platforms: KratixPlatformsService,
  name: unknown,
): KratixPlatform[] {
  if (name === undefined || name === '') return platforms.list();
  const platform = typeof name === 'string' ? platforms.get(name) : undefined;
  if (!platform) throw new NotFoundError(`No Kratix platform named "${String(name)}"`);
  return [platform];
}
