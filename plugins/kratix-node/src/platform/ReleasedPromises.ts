import { LoggerService } from '@backstage/backend-plugin-api';
import {
  KratixPromise,
  PlatformProblem,
  PromiseRelease,
  promiseInstalledByRelease,
} from '@kratix-backstage/plugin-kratix-common';

/**
 * Fetches the Promise document at a URL; the marketplace client is one, and fetches only from
 * its allow-listed hosts.
 * @public
 */
export interface PromiseDocumentFetcher {
  fetchPromise(url: string): Promise<KratixPromise>;
}

/** A declared PromiseRelease and the repository file that declares it. */
export interface DeclaredRelease {
  release: PromiseRelease;
  file?: string;
}

/** What is known of one release's document: fetched, failed, or still on its way. */
interface Entry {
  document?: KratixPromise;
  error?: string;
  /** When the last fetch failed, so it is tried again after `retryMs`. */
  failedAt?: number;
  fetching?: Promise<void>;
}

/**
 * The Promises a gitops platform's PromiseReleases install, from the documents at their URLs.
 * Kratix fetches a release's URL when the release's version is not installed yet
 * (internal/controller/promiserelease_controller.go promiseExistsAtDesiredVersion) and keeps
 * the Promise it installed; so each document is fetched once per URL and version, in the
 * background: a read of the platform never waits on a fetch, and `onChange` is called when a
 * fetch brings something new. A fetch that fails is reported as a platform problem and tried
 * again after `retryMs`.
 */
export class ReleasedPromises {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly options: {
      fetcher: PromiseDocumentFetcher;
      onChange: () => void;
      retryMs?: number;
      logger?: LoggerService;
    },
  ) {}

  /**
   * The Promises the releases install, as Kratix installs them, each with the release's file;
   * and a problem for each release whose Promise cannot be shown. Starts the fetches of
   * documents not known yet (or failed long enough ago) without waiting for them.
   */
  resolve(releases: DeclaredRelease[]): {
    promises: Array<{ promise: KratixPromise; file?: string }>;
    problems: PlatformProblem[];
  } {
    const promises: Array<{ promise: KratixPromise; file?: string }> = [];
    const problems: PlatformProblem[] = [];
    const wanted = new Set<string>();
    for (const { release, file } of releases) {
      const where = `PromiseRelease "${release.metadata.name}"${
        file ? ` (${file})` : ''
      }`;
      const problem = (message: string) =>
        problems.push({
          kind: 'promise-release',
          message: `${where}: ${message}; its Promise and requests are not shown`,
          paths: file ? [file] : [],
        });
      const source = release.spec?.sourceRef;
      if (source?.type !== 'http' || !source.url) {
        // Kratix installs only from http sources and leaves any other alone.
        problem(
          `Kratix installs only from a sourceRef of type http, not ${
            source?.type ?? 'none'
          }`,
        );
        continue;
      }
      const key = `${release.spec.version ?? ''} ${source.url}`;
      wanted.add(key);
      const entry = this.entry(key, source.url);
      if (entry.document) {
        const installed = promiseInstalledByRelease(release, entry.document);
        if (installed.promise)
          promises.push({ promise: installed.promise, file });
        else
          problem(
            `Kratix would not install the Promise at ${source.url}: ${installed.error.message}`,
          );
      } else if (entry.error) {
        problem(
          `could not fetch the Promise at ${source.url}: ${entry.error}${
            source.secretRef
              ? ' (fetched without the secretRef, which is on the platform cluster)'
              : ''
          }`,
        );
      }
    }
    // Forget documents no release points at any more, so the cache never outgrows the tree.
    for (const key of this.entries.keys())
      if (!wanted.has(key)) this.entries.delete(key);
    return { promises, problems };
  }

  /** Resolves once every fetch under way has settled. */
  async settled(): Promise<void> {
    await Promise.all([...this.entries.values()].map(e => e.fetching));
  }

  private entry(key: string, url: string): Entry {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = {};
      this.entries.set(key, entry);
    }
    const due =
      !entry.document &&
      !entry.fetching &&
      (entry.failedAt === undefined ||
        Date.now() - entry.failedAt >= (this.options.retryMs ?? 60_000));
    if (due) {
      const target = entry;
      const before = target.error;
      target.fetching = this.options.fetcher
        .fetchPromise(url)
        .then(
          document => {
            target.document = document;
            target.error = undefined;
            target.failedAt = undefined;
          },
          error => {
            target.error =
              error instanceof Error ? error.message : String(error);
            target.failedAt = Date.now();
            this.options.logger?.warn(
              `Could not fetch the Promise of a PromiseRelease from ${url}: ${target.error}`,
            );
          },
        )
        .finally(() => {
          target.fetching = undefined;
          // Only when what is shown changes, and only for a document still wanted.
          const changed = !!target.document || target.error !== before;
          if (changed && this.entries.get(key) === target)
            this.options.onChange();
        });
    }
    return entry;
  }
}
