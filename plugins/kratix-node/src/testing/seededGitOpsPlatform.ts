import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedRepository } from '../embedded/createEmbeddedRepository';
import {
  GitOpsKratixPlatform,
  GitOpsKratixPlatformOptions,
} from '../platform/GitOpsKratixPlatform';

/**
 * A gitops platform on a fresh copy of the EasyEaty seed in a temporary folder, read afresh
 * on every call (`maxAgeMs: 0`), for tests; `remove` deletes the folder.
 */
export async function seededGitOpsPlatform(
  prefix: string,
  options: Partial<GitOpsKratixPlatformOptions> = {},
): Promise<{
  directory: string;
  platform: GitOpsKratixPlatform;
  remove: () => Promise<void>;
}> {
  const dataDir = await mkdtemp(join(tmpdir(), prefix));
  const directory = await createEmbeddedRepository({
    dataDir,
    name: 'easyeaty',
  });
  const platform = new GitOpsKratixPlatform({
    name: 'easyeaty',
    directory,
    stateStorePaths: ['state'],
    maxAgeMs: 0,
    ...options,
  });
  return {
    directory,
    platform,
    remove: () => rm(dataDir, { recursive: true, force: true }),
  };
}
