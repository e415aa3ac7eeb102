import { cp, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  LoggerService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { git } from '../gitops/git';

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

/**
 * The EasyEaty seed as it was before its last commit (files that differ, and a `LATER` list
 * of the files that came only then), so the demo's history holds a Promise's earlier version.
 */
function easyeatyEarlierSeedDir(): string {
  return resolvePackagePath(
    '@kratix-backstage/plugin-kratix-node',
    'seed/easyeaty-earlier',
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
  const seedDir = options.seedDir ?? easyeatySeedDir();
  // Only the shipped seed has an earlier state (a custom seed is committed as it is).
  const earlier = options.seedDir ? undefined : easyeatyEarlierSeedDir();
  await git(directory, ['init', '--quiet', '--initial-branch=main']);
  if (earlier && (await exists(earlier))) {
    await cp(seedDir, directory, { recursive: true });
    await cp(earlier, directory, { recursive: true });
    const later = (await readFile(join(earlier, 'LATER'), 'utf8'))
      .split('\n')
      .map(line => line.trim())
      .filter(Boolean);
    await rm(join(directory, 'LATER'));
    for (const path of later) await rm(join(directory, path));
    await commitAll(directory, 'Seed the EasyEaty platform');
    await cp(seedDir, directory, { recursive: true });
    await commitAll(
      directory,
      'Upgrade Promise postgresql to v1.1.0 and request reports-db on it',
    );
  } else {
    await cp(seedDir, directory, { recursive: true });
    await commitAll(directory, 'Seed the EasyEaty platform');
  }
  options.logger?.info(
    `Created the embedded Kratix platform repository at ${directory}`,
  );
  return directory;
}

async function commitAll(directory: string, message: string): Promise<void> {
  await git(directory, ['add', '--all']);
  await git(directory, ['commit', '--quiet', '-m', message]);
}
