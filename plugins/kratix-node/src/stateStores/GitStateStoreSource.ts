import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { GitStateStore } from '@kratix-backstage/plugin-kratix-common';
import {
  GitRemoteOptions,
  LocalGitRepository,
} from '../gitops/LocalGitRepository';
import { listFiles } from '../platform/readManifestDirectory';
import { RepositoryHistoryReader } from '../platform/RepositoryHistory';
import {
  isUnder,
  KRATIX_DOT_FOLDERS,
  StateStoreHealth,
  StateStoreSource,
  StateStoreUnreadableError,
  storeFolder,
} from './StateStoreSource';

/**
 * The branch Kratix writes a GitStateStore to when `spec.branch` is not set: `main`
 * (Kratix api/v1alpha1/gitstatestore_types.go, `+kubebuilder:default=main` on Branch).
 */
export const DEFAULT_GIT_STATE_STORE_BRANCH = 'main';

/**
 * How long a listing is served from the last fetch before the remote is fetched again; the
 * same as Kratix's own writer (util/git/git.go DefaultMinimumFetchInterval, 5 s).
 */
export const DEFAULT_MINIMUM_FETCH_INTERVAL_MS = 5000;

/** Options of a {@link GitStateStoreSource}. */
export interface GitStateStoreSourceOptions {
  store: GitStateStore;
  /** Folder of the clone, kept between reads (and restarts). */
  directory: string;
  /** The URL to clone instead of `spec.url` (configured for a cluster-internal address). */
  url?: string;
  /** Credentials for the remote: see {@link integrationGitAuth}. */
  auth?: Pick<GitRemoteOptions, 'authConfig' | 'secrets'>;
  /** How long a listing is served from the last fetch. Default 5000 ms. */
  minimumFetchIntervalMs?: number;
}

/**
 * A GitStateStore that lives in a repository of its own: cloned into a data folder, its
 * branch (`spec.branch`, default `main`) fetched at most every `minimumFetchIntervalMs`, and
 * the files under `spec.path` listed from the working tree. Credentials come from the
 * integrations as for the platform repository (per git call, in its environment); every
 * error is scrubbed of them before it becomes a reason.
 *
 * A fetch that fails after an earlier one worked keeps serving the clone as it was, marked
 * stale in the health; a store never fetched is unreadable.
 */
export class GitStateStoreSource implements StateStoreSource {
  readonly store: { kind: 'GitStateStore'; name: string };
  readonly url: string;
  readonly branch: string;
  /** `spec.path` as a folder of the repository ('' for its root). */
  readonly folder: string;
  private readonly repository: LocalGitRepository;
  private readonly minimumFetchIntervalMs: number;
  private fetchedAt = 0;
  private fetching?: Promise<void>;
  private everFetched = false;
  private state: Omit<StateStoreHealth, 'store'> = { readable: false };

  constructor(options: GitStateStoreSourceOptions) {
    const { store } = options;
    this.store = { kind: 'GitStateStore', name: store.metadata.name };
    this.url = options.url ?? store.spec.url;
    this.branch = store.spec.branch || DEFAULT_GIT_STATE_STORE_BRANCH;
    this.folder = storeFolder(store.spec.path);
    this.minimumFetchIntervalMs =
      options.minimumFetchIntervalMs ?? DEFAULT_MINIMUM_FETCH_INTERVAL_MS;
    this.repository = new LocalGitRepository(options.directory, {
      url: this.url,
      branch: this.branch,
      authConfig: options.auth?.authConfig,
      secrets: options.auth?.secrets,
    });
  }

  /** Folder of the clone: a working tree of the store's branch. */
  get directory(): string {
    return this.repository.directory;
  }

  /** The clone's history, for freshness and pipeline runs (paths from the repository root). */
  historyReader(maxCommits?: number): RepositoryHistoryReader {
    return new RepositoryHistoryReader(this.directory, maxCommits);
  }

  async listFiles(): Promise<string[]> {
    await this.refresh();
    const root = join(this.directory, this.folder);
    const exists = await stat(root).then(
      s => s.isDirectory(),
      () => false,
    );
    // Kratix has not written under spec.path yet: the branch is there, the folder is not.
    if (!exists) return [];
    const files = await listFiles(root, {
      dotFolders: new Set(KRATIX_DOT_FOLDERS),
    });
    return this.folder ? files.map(f => `${this.folder}/${f}`) : files;
  }

  async readFile(path: string): Promise<string | undefined> {
    const clean = path.replace(/^\/+/, '');
    if (!isUnder(clean, this.folder)) return undefined;
    if (!this.everFetched) await this.refresh();
    try {
      return await this.repository.readFile(clean);
    } catch {
      // A path outside the repository (`..`) is no file of the store.
      return undefined;
    }
  }

  health(): StateStoreHealth {
    return { store: this.store, ...this.state };
  }

  /** Fetches the branch unless the last fetch is recent; one fetch at a time. */
  private async refresh(): Promise<void> {
    if (Date.now() - this.fetchedAt < this.minimumFetchIntervalMs) {
      // A store never fetched stays unreadable until the next attempt, without asking again.
      if (!this.everFetched && this.state.reason)
        throw new StateStoreUnreadableError(this.store, this.state.reason);
      if (this.fetchedAt > 0) return;
    }
    this.fetching ??= this.fetch().finally(() => {
      this.fetching = undefined;
    });
    await this.fetching;
  }

  private async fetch(): Promise<void> {
    const repository = this.repository;
    try {
      await repository.exclusive(() => repository.syncWithRemote());
      this.everFetched = true;
      this.fetchedAt = Date.now();
      this.state = {
        readable: true,
        lastRead: new Date(this.fetchedAt).toISOString(),
      };
    } catch (error) {
      const reason = `could not fetch branch ${this.branch} of ${displayUrl(
        this.url,
      )}: ${gitFailure(error)}`;
      if (!this.everFetched) {
        this.fetchedAt = Date.now();
        this.state = { readable: false, reason };
        throw new StateStoreUnreadableError(this.store, reason);
      }
      // Served from the clone as last fetched; retried at the next interval.
      this.fetchedAt = Date.now();
      this.state = {
        readable: true,
        lastRead: this.state.lastRead,
        reason,
        stale: true,
      };
    }
  }
}

/** A URL as it may be shown: without any user or password in it. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^/@]*@/, '//');
  }
}

/**
 * What git said, from an error the repository already scrubbed of credentials: git's own
 * `fatal:`/`error:` lines where there are some, else the first line of the message.
 */
function gitFailure(error: unknown): string {
  const e = error as { stderr?: unknown; message?: unknown };
  const text = String(e?.stderr ?? '') || String(e?.message ?? error);
  const lines = text
    .split('\n')
    .map(l => l.trim())
    .filter(Boolean);
  const said = lines.filter(l => /^(fatal|error|remote):/i.test(l));
  return (said.length ? said : lines.slice(0, 1)).join('; ') || 'git failed';
}
