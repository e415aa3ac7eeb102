import { resolve } from 'node:path';
import { Config } from '@backstage/config';
import { PlatformMode } from '../platform/KratixPlatform';

/** A `gitops` platform whose repository is a local working tree. @public */
export interface GitOpsPlatformConfig {
  name: string;
  title?: string;
  mode: 'gitops';
  /** Local working tree of the platform repository. */
  repositoryPath: string;
  /** Sub-folder that declares the platform's objects; '.' for the whole tree. */
  platformPath: string;
  /** Sub-folders of state stores inside the repository, read as landed documents. */
  stateStorePaths: string[];
}

/** The embedded default: a seeded local repository, used when no platform is configured. @public */
export interface EmbeddedPlatformConfig {
  name: string;
  title: string;
  dataDir: string;
}

/** The suite's configuration, read once at start. @public */
export interface KratixConfig {
  platforms: GitOpsPlatformConfig[];
  /** Set when `kratix.platforms` is absent or empty. */
  embedded?: EmbeddedPlatformConfig;
}

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MODES: PlatformMode[] = ['kubernetes', 'hybrid', 'gitops'];

function fail(key: string, message: string): never {
  throw new Error(`Invalid Kratix configuration at ${key}: ${message}`);
}

/**
 * Reads and checks `kratix.*`; every error names the full key so a bad config fails at
 * start with a message that says what to fix.
 * @public
 */
export function readKratixConfig(config: Config): KratixConfig {
  const platformsConfig = config.getOptionalConfigArray('kratix.platforms') ?? [];
  const seen = new Set<string>();
  const platforms = platformsConfig.map((platform, index) => {
    const key = `kratix.platforms[${index}]`;
    const name = platform.getOptionalString('name');
    if (!name) fail(`${key}.name`, 'a platform needs a name');
    if (!NAME.test(name) || name.length > 63) {
      fail(`${key}.name`, `"${name}" must be lower-case letters, digits and '-', at most 63 characters`);
    }
    if (seen.has(name)) fail(`${key}.name`, `platform "${name}" is configured twice`);
    seen.add(name);
    const mode = platform.getOptionalString('mode') ?? 'gitops';
    if (!MODES.includes(mode as PlatformMode)) {
      fail(`${key}.mode`, `"${mode}" is not one of ${MODES.join(', ')}`);
    }
    if (mode !== 'gitops') {
      fail(`${key}.mode`, `mode "${mode}" needs the platform cluster client, which this version does not include yet; use gitops`);
    }
    const repositoryPath = platform.getOptionalString('repository.path');
    if (!repositoryPath) {
      fail(`${key}.repository.path`, 'a gitops platform needs the local path of its platform repository');
    }
    return {
      name,
      title: platform.getOptionalString('title'),
      mode: 'gitops' as const,
      repositoryPath: resolve(repositoryPath),
      platformPath: platform.getOptionalString('repository.platformPath') ?? '.',
      stateStorePaths: platform.getOptionalStringArray('repository.stateStorePaths') ?? ['state'],
    };
  });
  if (platforms.length > 0) return { platforms };
  return {
    platforms: [],
    embedded: {
      name: config.getOptionalString('kratix.embedded.name') ?? 'easyeaty',
      title: config.getOptionalString('kratix.embedded.title') ?? 'EasyEaty (embedded)',
      dataDir: resolve(config.getOptionalString('kratix.embedded.dataDir') ?? '.kratix-data'),
    },
  };
}
