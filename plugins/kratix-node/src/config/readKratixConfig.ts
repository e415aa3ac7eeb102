import { resolve } from 'node:path';
import { Config } from '@backstage/config';
import {
  credentialsInRemoteUrlMessage,
  hasUserInfo,
  withoutUserInfo,
} from '../gitops/remoteUrl';
import { PlatformMode } from '../platform/KratixPlatform';
import { checkKnownKratixKeys } from './checkKnownKeys';

/** How to reach a platform cluster's API. @public */
export type ClusterConfig = (
  | {
      type: 'url';
      url: string;
      caData?: string;
      token?: string;
      skipTLSVerify: boolean;
    }
  | { type: 'kubeconfig'; path: string; context?: string }
  | { type: 'inCluster' }
) & {
  /** Write as the signed-in user with their own cluster token (reads stay on the service account). */
  actAsUser?: boolean;
  /**
   * With actAsUser: the Backstage auth provider whose token the cluster accepts for the user
   * (`google`, `microsoft`, `okta`, `onelogin`, `gitlab` or `oidc`). Default `oidc`.
   */
  userAuthProvider?: string;
};

/** A local working tree the suite reads from and commits to. @public */
export interface RepositoryConfig {
  /** Local working tree of the repository (for a remote, where it is cloned). */
  path: string;
  /** Remote to clone, pull and push (https or file URL); absent for a local-only tree. */
  url?: string;
  /** Branch requests land on. */
  branch: string;
  /** Propose requests as GitHub pull requests instead of pushing to the branch. */
  pullRequests: boolean;
  /** Sub-folder that declares the platform's objects; '.' for the whole tree (gitops). */
  platformPath: string;
  /** Folder that holds request documents. */
  requestsPath: string;
  /** Sub-folders of state stores inside the repository, read as landed documents. */
  stateStorePaths: string[];
  /** Seconds a changed request's pipeline is awaited before unchanged documents count. */
  pipelineSettleSeconds?: number;
  /** Seconds `kratix.io/manual-reconciliation` stays in git before the suite removes it. */
  reconcileLabelSeconds?: number;
}

/**
 * How the suite reaches one state store outside the platform repository (gitops mode):
 * `kratix.platforms[].stateStores[]`. The keys are secrets; never logged.
 * @public
 */
export interface StateStoreConfig {
  /** `metadata.name` of the GitStateStore or BucketStateStore. */
  name: string;
  /** The kind it applies to; undefined for the store of either kind with that name. */
  kind?: 'GitStateStore' | 'BucketStateStore';
  /** GitStateStore: the URL to clone instead of `spec.url`. */
  url?: string;
  /** BucketStateStore: where to reach the bucket instead of `spec.endpoint`. */
  endpoint?: string;
  /** BucketStateStore: the region requests are signed for. */
  region?: string;
  /** BucketStateStore (accessKey): Kratix's `accessKeyID` Secret key. */
  accessKeyId?: string;
  /** BucketStateStore (accessKey): Kratix's `secretAccessKey` Secret key. */
  secretAccessKey?: string;
}

/** One configured platform. @public */
export interface PlatformConfig {
  name: string;
  title?: string;
  /** Entity refs of the platform's admins: its own list plus `kratix.admins`. */
  admins: string[];
  mode: PlatformMode;
  /** The cluster (kubernetes and hybrid modes). */
  cluster?: ClusterConfig;
  /** The repository (gitops and hybrid modes). */
  repository?: RepositoryConfig;
  /** How state stores outside the platform repository are reached (gitops); none when absent. */
  stateStores?: StateStoreConfig[];
  /** Folder GitStateStores outside the platform repository are cloned into (gitops). */
  stateStoreClonesPath?: string;
}

/** The embedded default: a seeded local repository, used when no platform is configured. @public */
export interface EmbeddedPlatformConfig {
  name: string;
  title: string;
  dataDir: string;
  /** Run the stand-in for Kratix that writes the state store for new requests. */
  standInKratix: boolean;
  /** Seconds the stand-in's pipelines take before their documents land. */
  pipelineSeconds: number;
  /** Entity refs of the embedded platform's admins: `kratix.embedded.admins` plus `kratix.admins`. */
  admins: string[];
}

/** The suite's configuration, read once at start. @public */
export interface KratixConfig {
  platforms: PlatformConfig[];
  /** Where the marketplace catalogue is and which hosts Promises may come from. */
  marketplace: {
    indexUrl?: string;
    allowedHosts: string[];
    insecureHosts: string[];
  };
  /** Set only when `kratix.embedded` is configured: never a silent demo in someone's app. */
  embedded?: EmbeddedPlatformConfig;
}

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MODES: PlatformMode[] = ['kubernetes', 'hybrid', 'gitops'];

function fail(key: string, message: string): never {
  throw new Error(`Invalid Kratix configuration at ${key}: ${message}`);
}

const AUTH_PROVIDER = /^[a-z][a-z0-9-]*$/i;

const ENTITY_REF =
  /^(user|group):([a-z0-9][-a-z0-9_.]*\/)?[a-z0-9][-a-z0-9_.]*$/i;

/** A list of admin entity refs; each must be a user or group ref, so a typo fails at start. */
function readAdmins(config: Config, key: string, fullKey = key): string[] {
  const admins = config.getOptionalStringArray(key) ?? [];
  admins.forEach((ref, i) => {
    if (!ENTITY_REF.test(ref))
      fail(
        `${fullKey}[${i}]`,
        `"${ref}" must be a user or group entity ref, e.g. group:default/platform-team`,
      );
  });
  return admins.map(ref =>
    (ref.includes('/') ? ref : ref.replace(':', ':default/')).toLowerCase(),
  );
}

function readCluster(config: Config | undefined, key: string): ClusterConfig {
  if (!config)
    fail(
      key,
      'kubernetes and hybrid platforms need the cluster: url, kubeconfig or inCluster',
    );
  const url = config.getOptionalString('url');
  const kubeconfig = config.getOptionalConfig('kubeconfig');
  const inCluster = config.getOptionalBoolean('inCluster') ?? false;
  const ways = [url, kubeconfig, inCluster || undefined].filter(Boolean).length;
  if (ways !== 1) fail(key, 'set exactly one of url, kubeconfig or inCluster');
  const actAsUser = config.getOptionalBoolean('actAsUser') ?? false;
  const provider = config.getOptionalString('userAuthProvider');
  if (provider !== undefined && !actAsUser)
    fail(
      `${key}.userAuthProvider`,
      "only platforms with actAsUser: true take the user's token",
    );
  if (provider !== undefined && !AUTH_PROVIDER.test(provider)) {
    fail(
      `${key}.userAuthProvider`,
      `"${provider}" must be the id of a Backstage auth provider, e.g. google, microsoft, okta, onelogin, gitlab or oidc`,
    );
  }
  const userAuthProvider = actAsUser ? provider ?? 'oidc' : undefined;
  if (url) {
    if (!/^https?:\/\//.test(url))
      fail(`${key}.url`, `"${withoutUserInfo(url)}" must be an http(s) URL`);
    // Kept in the URL, the password would be in every error naming the server.
    if (hasUserInfo(url))
      fail(
        `${key}.url`,
        `${withoutUserInfo(
          url,
        )} carries credentials in the URL: write it without them and set the service account's token in ${key}.token`,
      );
    return {
      actAsUser,
      userAuthProvider,
      type: 'url',
      url,
      caData: config.getOptionalString('caData'),
      token: config.getOptionalString('token'),
      skipTLSVerify: config.getOptionalBoolean('skipTLSVerify') ?? false,
    };
  }
  if (kubeconfig) {
    const path = kubeconfig.getOptionalString('path');
    if (!path)
      fail(
        `${key}.kubeconfig.path`,
        'the kubeconfig needs the path of its file',
      );
    return {
      actAsUser,
      userAuthProvider,
      type: 'kubeconfig',
      path: resolve(path),
      context: kubeconfig.getOptionalString('context'),
    };
  }
  return { actAsUser, userAuthProvider, type: 'inCluster' };
}

/**
 * A git remote's URL: https, a file URL or a path, and never with credentials in it (they
 * belong in Backstage's `integrations`, which the suite hands to git in its environment).
 */
function checkRemoteUrl(
  url: string | undefined,
  key: string,
  rootConfig: Config,
): void {
  if (url && !/^(https?:\/\/|file:\/\/|\/)/.test(url))
    fail(key, `"${withoutUserInfo(url)}" must be an https or file URL`);
  if (url && hasUserInfo(url))
    fail(key, credentialsInRemoteUrlMessage(url, rootConfig));
}

function readRepository(
  config: Config | undefined,
  key: string,
  platform: string,
  workDir: string,
  rootConfig: Config,
): RepositoryConfig {
  const url = config?.getOptionalString('url');
  const path =
    config?.getOptionalString('path') ??
    (url ? resolve(workDir, 'repositories', platform) : undefined);
  if (!path)
    fail(
      `${key}.path`,
      'gitops and hybrid platforms need their repository: a local path, or a url to clone',
    );
  checkRemoteUrl(url, `${key}.url`, rootConfig);
  const pullRequests = config!.getOptionalBoolean('pullRequests') ?? false;
  if (pullRequests && !(url && url.startsWith('https://'))) {
    fail(
      `${key}.pullRequests`,
      'pull requests need the https url of a GitHub repository',
    );
  }
  return {
    path: resolve(path),
    url,
    branch: config!.getOptionalString('branch') ?? 'main',
    pullRequests,
    platformPath: config!.getOptionalString('platformPath') ?? '.',
    requestsPath: config!.getOptionalString('requestsPath') ?? 'requests',
    stateStorePaths: config!.getOptionalStringArray('stateStorePaths') ?? [
      'state',
    ],
    pipelineSettleSeconds: readSettleSeconds(config!, key),
    reconcileLabelSeconds: readReconcileLabelSeconds(config!, key),
  };
}

/**
 * `repository.reconcileLabelSeconds`: a whole number of seconds from 1 to a day (0 would
 * remove the label before any GitOps tool applied it, so the re-run would never happen).
 */
function readReconcileLabelSeconds(config: Config, key: string): number {
  const value = config.getOptional('reconcileLabelSeconds');
  if (value === undefined) return 600;
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < 1 ||
    value > 86400
  )
    fail(
      `${key}.reconcileLabelSeconds`,
      `must be a whole number of seconds from 1 to 86400, longer than the GitOps tool's sync interval (got ${JSON.stringify(
        value,
      )})`,
    );
  return value;
}

/** `repository.pipelineSettleSeconds`: a whole number of seconds from 0 to a day. */
function readSettleSeconds(config: Config, key: string): number {
  const value = config.getOptional('pipelineSettleSeconds');
  if (value === undefined) return 600;
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < 0 ||
    value > 86400
  )
    fail(
      `${key}.pipelineSettleSeconds`,
      `must be a whole number of seconds from 0 to 86400 (got ${JSON.stringify(
        value,
      )})`,
    );
  return value;
}

const STORE_KINDS = ['GitStateStore', 'BucketStateStore'] as const;

/** `kratix.platforms[].stateStores`: each entry names a store once, with keys in pairs. */
function readStateStores(
  configs: Config[] | undefined,
  key: string,
  rootConfig: Config,
): StateStoreConfig[] {
  const seen = new Set<string>();
  return (configs ?? []).map((store, i) => {
    const at = `${key}[${i}]`;
    const name = store.getOptionalString('name');
    if (!name)
      fail(`${at}.name`, 'a state store entry needs the name of the store');
    const kind = store.getOptionalString('kind');
    if (
      kind !== undefined &&
      !(STORE_KINDS as readonly string[]).includes(kind)
    )
      fail(`${at}.kind`, `"${kind}" is not one of ${STORE_KINDS.join(', ')}`);
    for (const k of kind ? [kind] : STORE_KINDS) {
      if (seen.has(`${k}/${name}`))
        fail(`${at}.name`, `${k} "${name}" is configured twice`);
      seen.add(`${k}/${name}`);
    }
    const url = store.getOptionalString('url');
    checkRemoteUrl(url, `${at}.url`, rootConfig);
    const endpoint = store.getOptionalString('endpoint');
    if (
      endpoint &&
      /^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint) &&
      !/^https?:\/\//i.test(endpoint)
    )
      fail(
        `${at}.endpoint`,
        `"${withoutUserInfo(endpoint)}" must be host:port or an http(s) URL`,
      );
    if (endpoint && hasUserInfo(endpoint))
      fail(
        `${at}.endpoint`,
        `${withoutUserInfo(
          endpoint,
        )} carries credentials in the URL: write it without them and set accessKeyId and secretAccessKey in ${at}`,
      );
    const accessKeyId = store.getOptionalString('accessKeyId');
    const secretAccessKey = store.getOptionalString('secretAccessKey');
    // Never the values: they are secrets.
    if (!accessKeyId !== !secretAccessKey)
      fail(at, 'set both accessKeyId and secretAccessKey, or neither');
    return {
      name,
      kind: kind as StateStoreConfig['kind'],
      url,
      endpoint,
      region: store.getOptionalString('region'),
      accessKeyId,
      secretAccessKey,
    };
  });
}

/**
 * Reads and checks `kratix.*`; every error names the full key so a bad config fails at
 * start with a message that says what to fix.
 * @public
 */
export function readKratixConfig(config: Config): KratixConfig {
  checkKnownKratixKeys(config);
  const workDir = resolve(
    config.getOptionalString('kratix.embedded.dataDir') ?? '.kratix-data',
  );
  const platformsConfig =
    config.getOptionalConfigArray('kratix.platforms') ?? [];
  // Admins of every platform; each platform adds its own.
  const globalAdmins = readAdmins(config, 'kratix.admins');
  const seen = new Set<string>();
  const platforms = platformsConfig.map((platform, index): PlatformConfig => {
    const key = `kratix.platforms[${index}]`;
    const name = platform.getOptionalString('name');
    if (!name) fail(`${key}.name`, 'a platform needs a name');
    if (!NAME.test(name) || name.length > 63) {
      fail(
        `${key}.name`,
        `"${name}" must be lower-case letters, digits and '-', at most 63 characters`,
      );
    }
    if (seen.has(name))
      fail(`${key}.name`, `platform "${name}" is configured twice`);
    seen.add(name);
    const mode = (platform.getOptionalString('mode') ??
      'gitops') as PlatformMode;
    if (!MODES.includes(mode))
      fail(`${key}.mode`, `"${mode}" is not one of ${MODES.join(', ')}`);
    return {
      name,
      title: platform.getOptionalString('title'),
      admins: [
        ...new Set([
          ...globalAdmins,
          ...readAdmins(platform, 'admins', `${key}.admins`),
        ]),
      ],
      mode,
      cluster:
        mode === 'gitops'
          ? undefined
          : readCluster(
              platform.getOptionalConfig('cluster'),
              `${key}.cluster`,
            ),
      repository:
        mode === 'kubernetes'
          ? undefined
          : readRepository(
              platform.getOptionalConfig('repository'),
              `${key}.repository`,
              name,
              workDir,
              config,
            ),
      stateStores: readStateStores(
        platform.getOptionalConfigArray('stateStores'),
        `${key}.stateStores`,
        config,
      ),
      stateStoreClonesPath: resolve(workDir, 'state-stores', name),
    };
  });
  const indexUrl = config.getOptionalString('kratix.marketplace.indexUrl');
  if (indexUrl && !/^https?:\/\//.test(indexUrl)) {
    fail('kratix.marketplace.indexUrl', `"${indexUrl}" must be an http(s) URL`);
  }
  const marketplace = {
    indexUrl,
    allowedHosts: config.getOptionalStringArray(
      'kratix.marketplace.allowedHosts',
    ) ?? ['raw.githubusercontent.com'],
    // Plain http is refused unless a host is named here too (e.g. an internal mirror).
    insecureHosts:
      config.getOptionalStringArray('kratix.marketplace.insecureHosts') ?? [],
  };
  if (!config.has('kratix.embedded')) return { platforms, marketplace };
  const embeddedName =
    config.getOptionalString('kratix.embedded.name') ?? 'easyeaty';
  if (seen.has(embeddedName))
    fail(
      'kratix.embedded.name',
      `"${embeddedName}" is also the name of a configured platform`,
    );
  return {
    platforms,
    marketplace,
    embedded: {
      name: embeddedName,
      title:
        config.getOptionalString('kratix.embedded.title') ??
        'EasyEaty (embedded)',
      dataDir: workDir,
      standInKratix:
        config.getOptionalBoolean('kratix.embedded.standInKratix') ?? true,
      pipelineSeconds: readPipelineSeconds(config),
      admins: [
        ...new Set([
          ...globalAdmins,
          ...readAdmins(config, 'kratix.embedded.admins'),
        ]),
      ],
    },
  };
}

/** `kratix.embedded.pipelineSeconds`: a number from 0 to 600, 1.5 by default. */
function readPipelineSeconds(config: Config): number {
  const key = 'kratix.embedded.pipelineSeconds';
  const seconds = config.getOptionalNumber(key) ?? 1.5;
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 600)
    throw new Error(
      `Invalid Kratix configuration at ${key}: ${seconds} is not a number of seconds from 0 to 600`,
    );
  return seconds;
}
