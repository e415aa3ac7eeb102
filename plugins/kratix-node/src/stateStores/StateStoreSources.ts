import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { Config } from '@backstage/config';
import {
  BucketStateStore,
  GitStateStore,
  StateStore,
} from '@kratix-backstage/plugin-kratix-common';
import { StateStoreConfig } from '../config/readKratixConfig';
import { hasUserInfo, integrationSettingFor } from '../gitops/remoteUrl';
import { integrationGitAuth } from '../gitops/integrationAuth';
import { BucketStateStoreSource } from './BucketStateStoreSource';
import {
  DEFAULT_GIT_STATE_STORE_BRANCH,
  GitStateStoreSource,
} from './GitStateStoreSource';
import {
  StateStoreSource,
  UnreadableStateStoreSource,
} from './StateStoreSource';

/** The platform repository, as far as telling a store inside it from one elsewhere needs. @public */
export interface PlatformRepositoryLocation {
  /** Local working tree. */
  path: string;
  /** Remote it is cloned from, if any. */
  url?: string;
  branch: string;
}

/** Options of {@link StateStoreSources}. @public */
export interface StateStoreSourcesOptions {
  /** The platform's name, to say which config entry to fix. */
  platform: string;
  /** The platform repository: GitStateStores in it are read there, not cloned again. */
  repository: PlatformRepositoryLocation;
  /** Folder the other GitStateStores are cloned into (one sub-folder each). */
  clonesPath: string;
  /** `kratix.platforms[].stateStores`. */
  stateStores?: StateStoreConfig[];
  /** The root config, for the `integrations` that hold git credentials. */
  rootConfig: Config;
  /** How long a GitStateStore's listing is served from its last fetch. Default 5000 ms. */
  minimumFetchIntervalMs?: number;
}

/** A git URL reduced to what identifies the repository: no user, `.git` or trailing slash. */
function repositoryIdentity(url: string, base: string): string {
  if (url.startsWith('/')) return resolve(url);
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'file:')
      return resolve(decodeURIComponent(parsed.pathname));
    const path = parsed.pathname.replace(/\/+$/, '').replace(/\.git$/, '');
    return `${parsed.protocol}//${parsed.host.toLowerCase()}${path}`;
  } catch {
    return resolve(base, url);
  }
}

/**
 * Whether a GitStateStore's documents are in the platform repository itself (read from its
 * state folders, as before) rather than in a repository of their own: no URL, a relative
 * one (the embedded seed's `file://./`), or the platform repository's URL (or working tree)
 * on the same branch. `alsoUrl` is a configured URL for the store, checked too.
 */
export function isInPlatformRepository(
  store: GitStateStore,
  repository: PlatformRepositoryLocation,
  alsoUrl?: string,
): boolean {
  const branch = store.spec.branch || DEFAULT_GIT_STATE_STORE_BRANCH;
  const urls = [store.spec.url, alsoUrl].filter((u): u is string => !!u);
  if (urls.length === 0) return true;
  if (urls.some(u => /^(file:\/\/)?\.\.?(\/|$)/.test(u))) return true;
  if (branch !== repository.branch) return false;
  const platform = [repository.path, repository.url]
    .filter((u): u is string => !!u)
    .map(u => repositoryIdentity(u, repository.path));
  return urls.some(u =>
    platform.includes(repositoryIdentity(u, repository.path)),
  );
}

/** The config entry for a store: same name, and the same kind when the entry names one. */
function configFor(
  store: StateStore,
  entries: StateStoreConfig[] | undefined,
): StateStoreConfig | undefined {
  return entries?.find(
    e => e.name === store.metadata.name && (!e.kind || e.kind === store.kind),
  );
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

/**
 * The sources of a platform's state stores that live outside its repository, kept from one
 * read to the next (a GitStateStore's clone, a bucket's client) and made again when a store's
 * spec or configuration changes. Stores in the platform repository get no source: the
 * platform reads them from its own state folders.
 * @public
 */
export class StateStoreSources {
  private readonly cache = new Map<
    string,
    { fingerprint: string; source: StateStoreSource }
  >();

  constructor(private readonly options: StateStoreSourcesOptions) {}

  /**
   * One source per store outside the platform repository, in the order given. A store is
   * read from the platform repository, and gets no source, when it is a GitStateStore
   * there (see `isInPlatformRepository`), or when no `stateStores` entry names it and
   * `options.filesInRepository` says its files are in the repository's state folders (a
   * local copy of a store whose `spec.url` is a remote, as the suite always read it). A
   * `stateStores` entry for a store makes it read from its own place.
   */
  sourcesFor(
    stores: StateStore[],
    options: { filesInRepository?: (store: StateStore) => boolean } = {},
  ): StateStoreSource[] {
    const sources: StateStoreSource[] = [];
    const seen = new Set<string>();
    for (const store of stores) {
      const key = `${store.kind}/${store.metadata.name}`;
      const entry = configFor(store, this.options.stateStores);
      if (
        store.kind === 'GitStateStore' &&
        isInPlatformRepository(store, this.options.repository, entry?.url)
      )
        continue;
      if (!entry && options.filesInRepository?.(store)) continue;
      seen.add(key);
      const fingerprint = JSON.stringify([store.spec, entry]);
      const cached = this.cache.get(key);
      if (cached?.fingerprint === fingerprint) {
        sources.push(cached.source);
        continue;
      }
      if (cached) release(cached.source);
      const source = this.create(store, entry);
      this.cache.set(key, { fingerprint, source });
      sources.push(source);
    }
    for (const [key, cached] of this.cache) {
      if (seen.has(key)) continue;
      release(cached.source);
      this.cache.delete(key);
    }
    return sources;
  }

  private create(
    store: StateStore,
    entry: StateStoreConfig | undefined,
  ): StateStoreSource {
    return store.kind === 'GitStateStore'
      ? this.gitSource(store, entry)
      : this.bucketSource(store, entry);
  }

  private gitSource(
    store: GitStateStore,
    entry: StateStoreConfig | undefined,
  ): StateStoreSource {
    const ref = { kind: store.kind, name: store.metadata.name };
    const url = entry?.url ?? store.spec.url;
    if (!/^(https?:\/\/|file:\/\/\/|\/)/.test(url)) {
      return new UnreadableStateStoreSource(
        ref,
        `its URL is not one the suite can clone (http(s), or a file URL or path; ssh needs a key it does not hold): set an https url in the stateStores entry named "${store.metadata.name}" of platform ${this.options.platform}`,
      );
    }
    if (hasUserInfo(url)) {
      return new UnreadableStateStoreSource(
        ref,
        `its URL carries credentials, which git would put on its command lines and in the clone's .git/config: set an https url without them in the stateStores entry named "${
          store.metadata.name
        }" of platform ${
          this.options.platform
        }, and the token in ${integrationSettingFor(
          url,
          this.options.rootConfig,
        )}`,
      );
    }
    const branch = store.spec.branch || DEFAULT_GIT_STATE_STORE_BRANCH;
    return new GitStateStoreSource({
      store,
      url,
      directory: join(
        this.options.clonesPath,
        `git-${store.metadata.name}-${hash(`${url}\n${branch}`)}`,
      ),
      auth: integrationGitAuth(url, this.options.rootConfig),
      minimumFetchIntervalMs: this.options.minimumFetchIntervalMs,
    });
  }

  private bucketSource(
    store: BucketStateStore,
    entry: StateStoreConfig | undefined,
  ): StateStoreSource {
    const ref = { kind: store.kind, name: store.metadata.name };
    const where = `the stateStores entry named "${store.metadata.name}" of platform ${this.options.platform}`;
    const endpoint = entry?.endpoint ?? store.spec.endpoint;
    if (!store.spec.bucketName || !endpoint)
      return new UnreadableStateStoreSource(
        ref,
        'it names no bucket or no endpoint (spec.bucketName, spec.endpoint)',
      );
    const credentials =
      entry?.accessKeyId && entry.secretAccessKey
        ? {
            accessKeyId: entry.accessKeyId,
            secretAccessKey: entry.secretAccessKey,
          }
        : undefined;
    // Kratix lib/writers/s3.go NewS3Writer: "" and accessKey need the Secret's keys, IAM none.
    const authMethod = store.spec.authMethod || 'accessKey';
    if (authMethod !== 'accessKey' && authMethod !== 'IAM')
      return new UnreadableStateStoreSource(
        ref,
        `unknown authMethod ${authMethod} (Kratix knows accessKey and IAM)`,
      );
    if (authMethod === 'accessKey' && !credentials) {
      const secret = store.spec.secretRef
        ? ` (Secret ${store.spec.secretRef.namespace ?? 'default'}/${
            store.spec.secretRef.name
          })`
        : '';
      return new UnreadableStateStoreSource(
        ref,
        `no credentials configured: Kratix reads accessKeyID and secretAccessKey from the store's secretRef${secret}, which a gitops platform has no cluster to read; set accessKeyId and secretAccessKey in ${where}`,
      );
    }
    return new BucketStateStoreSource({
      store,
      credentials,
      endpoint,
      region: entry?.region,
    });
  }
}

function release(source: StateStoreSource): void {
  if (source instanceof BucketStateStoreSource) source.destroy();
}
