import { cp, mkdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  LoggerService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { git } from './git';

/**
 * Folder of the EasyEaty seed shipped with this package (its `seed` folder), found through the
 * installed package rather than relative to the compiled file.
 * @public
 */
export function easyeatySeedDir(): string {
  return resolvePackagePath(
    '@kratix-backstage/plugin-kratix-node',
    'seed/easyeaty',
  );
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * Makes sure the embedded platform repository exists: on first start it copies the seed
 * into `<dataDir>/<name>` and commits it on `main`; later starts keep whatever has been
 * written since. Returns the repository's working tree.
 * @public
 */
export async function createEmbeddedRepository(options: {
  dataDir: string;
  name: string;
  seedDir?: string;
  logger?: LoggerService;
}): Promise<string> {
  const directory = resolve(options.dataDir, options.name);
  if (await exists(join(directory, '.git'))) {
    options.logger?.info(
      `Using the embedded Kratix platform repository at ${directory}`,
    );
    return directory;
  }
  await mkdir(directory, { recursive: true });
  await cp(options.seedDir ?? easyeatySeedDir(), directory, {
    recursive: true,
  });
  await git(directory, ['init', '--quiet', '--initial-branch=main']);
  await git(directory, ['add', '--all']);
  await git(directory, [
    'commit',
    '--quiet',
    '-m',
    'Seed the EasyEaty platform',
  ]);
  options.logger?.info(
    `Created the embedded Kratix platform repository at ${directory}`,
  );
  return directory;
}
