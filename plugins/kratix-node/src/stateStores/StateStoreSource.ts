import { StateStoreRef } from '@kratix-backstage/plugin-kratix-common';

/**
 * Where the files Kratix wrote to one state store are read from, when the store does not live
 * in the platform repository: a GitStateStore's own repository, or a BucketStateStore's bucket.
 *
 * Paths are the store's own, from its root and with `spec.path` included, forward slashes and
 * no leading slash: as Kratix's writers lay them out (`<spec.path>/<Destination.spec.path>/…`,
 * see Kratix lib/writers/git.go NewGitWriter and lib/writers/s3.go NewS3Writer), and as
 * `placementsFromStoreFiles` and `parseStorePath` read them with the store's `spec.path`.
 * @public
 */
export interface StateStoreSource {
  readonly store: StateStoreRef;
  /**
   * Every file under the store's `spec.path`, dot-folders other than Kratix's `.kratix`
   * records left out (as the platform repository's state folders are listed). Refreshes from the store
   * first. An empty list means Kratix has written nothing there yet; a store that cannot be
   * read throws {@link StateStoreUnreadableError}, never answers empty.
   */
  listFiles(): Promise<string[]>;
  /**
   * The text of one file (a path as {@link StateStoreSource.listFiles} gives it), or
   * undefined when the store has no such file under `spec.path`. Throws
   * {@link StateStoreUnreadableError} when the store cannot be read.
   */
  readFile(path: string): Promise<string | undefined>;
  /** Whether the last read worked, and if not why: for the platform's health. */
  health(): StateStoreHealth;
}

/** How reading one state store went, free of credentials. @public */
export interface StateStoreHealth {
  store: StateStoreRef;
  /** The last read (listing) of the store worked. */
  readable: boolean;
  /** ISO time of the last successful listing. */
  lastRead?: string;
  /** Why the store could not be read, already free of credentials. */
  reason?: string;
  /**
   * A GitStateStore whose latest fetch failed is still served from the last clone: its
   * files are as they were at `lastRead`.
   */
  stale?: boolean;
}

/** A state store named as unreadable, with the reason (no credentials in it). */
export interface StateStoreProblem {
  store: StateStoreRef;
  reason: string;
  /** The files served are those of the last good read (GitStateStore), not none. */
  stale?: boolean;
}

/** A state store that cannot be read; the message names it and says why, with no secret. @public */
export class StateStoreUnreadableError extends Error {
  readonly name = 'StateStoreUnreadableError';

  constructor(readonly store: StateStoreRef, readonly reason: string) {
    super(`${store.kind} ${store.name} cannot be read: ${reason}`);
  }
}

/**
 * A store the suite has no way to read (no credentials configured, an auth method or URL it
 * cannot use): every read fails with the reason, so it is named in the health and never
 * shown as a store Kratix wrote nothing to.
 */
export class UnreadableStateStoreSource implements StateStoreSource {
  constructor(readonly store: StateStoreRef, readonly reason: string) {}

  async listFiles(): Promise<string[]> {
    throw new StateStoreUnreadableError(this.store, this.reason);
  }

  async readFile(): Promise<string | undefined> {
    throw new StateStoreUnreadableError(this.store, this.reason);
  }

  health(): StateStoreHealth {
    return { store: this.store, readable: false, reason: this.reason };
  }
}

/** The key of a store in the maps below: `<kind>/<name>`. */
export function stateStoreKey(store: StateStoreRef): string {
  return `${store.kind}/${store.name}`;
}

/**
 * Lists every source at once. A store that fails is named in `problems` and left out of
 * `files` (its files are unknown, not absent); a GitStateStore served from its last clone
 * after a failed fetch is in both, marked stale.
 */
export async function listStateStoreFiles(
  sources: StateStoreSource[],
): Promise<{ files: Map<string, string[]>; problems: StateStoreProblem[] }> {
  const files = new Map<string, string[]>();
  const problems: StateStoreProblem[] = [];
  await Promise.all(
    sources.map(async source => {
      try {
        files.set(stateStoreKey(source.store), await source.listFiles());
      } catch (error) {
        problems.push({
          store: source.store,
          reason:
            error instanceof StateStoreUnreadableError
              ? error.reason
              : source.health().reason ?? 'it could not be read',
        });
        return;
      }
      const health = source.health();
      if (health.stale && health.reason)
        problems.push({
          store: source.store,
          reason: health.reason,
          stale: true,
        });
    }),
  );
  problems.sort((a, b) =>
    stateStoreKey(a.store).localeCompare(stateStoreKey(b.store)),
  );
  return { files, problems };
}

/**
 * The dot-folders listed with a store's files: Kratix's `.kratix` records of what it wrote for
 * each WorkPlacement (read for `filepath.mode: none` Destinations).
 */
export const KRATIX_DOT_FOLDERS: ReadonlySet<string> = new Set(['.kratix']);

/** Trims a store's `spec.path` to the folder it names in the store: no leading, trailing or `.` segments. */
export function storeFolder(specPath: string | undefined): string {
  return (specPath ?? '')
    .split('/')
    .filter(s => s !== '' && s !== '.')
    .join('/');
}

/** Whether a store path lies under the folder (the whole store when the folder is ''). */
export function isUnder(path: string, folder: string): boolean {
  return folder === '' || path.startsWith(`${folder}/`);
}
