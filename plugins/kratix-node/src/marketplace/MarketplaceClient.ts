import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  asPromiseDocument,
  isAllowedHost,
  KratixPromise,
  MarketplaceEntry,
  parseMarketplaceIndex,
  promiseDocumentUrl,
} from '@kratix-backstage/plugin-kratix-common';
import { parseAllDocuments } from 'yaml';

/**
 * The folder of the catalogue shipped with the suite, readable with no network. Found through
 * the installed package (its `seed` folder), not relative to the compiled file.
 * @public
 */
export function bundledMarketplaceDir(): string {
  return resolvePackagePath(
    '@kratix-backstage/plugin-kratix-node',
    'seed/marketplace',
  );
}

/** Options of the marketplace client. @public */
export interface MarketplaceClientOptions {
  /** URL of a catalogue (JSON array); the bundled catalogue when absent. */
  indexUrl?: string;
  /** Hosts Promise documents and the catalogue may be fetched from. */
  allowedHosts: string[];
  /** Allowed hosts that may also be fetched over plain http (an internal mirror); none by default. */
  insecureHosts?: string[];
  /** Largest document read, in bytes; reading stops there. Default 2 MB. */
  maxBytes?: number;
  /** How long a fetched catalogue is kept. */
  cacheMs?: number;
  fetch?: typeof fetch;
}

/**
 * Reads the Promise marketplace and fetches Promise documents to install, only from
 * allow-listed hosts. `bundled:<name>` documents come from the catalogue shipped with the
 * suite, so the embedded default works offline.
 * @public
 */
export class MarketplaceClient {
  private cached?: { at: number; entries: MarketplaceEntry[] };
  /** Versions read from Promise documents, by document URL (undefined: none could be read). */
  private readonly versionCache = new Map<
    string,
    { at: number; version: Promise<string | undefined> }
  >();
  private readonly fetchFn: typeof fetch;

  constructor(private readonly options: MarketplaceClientOptions) {
    this.fetchFn = options.fetch ?? fetch;
  }

  /** The catalogue's entries. */
  async list(): Promise<MarketplaceEntry[]> {
    const now = Date.now();
    if (
      this.cached &&
      now - this.cached.at < (this.options.cacheMs ?? 10 * 60_000)
    )
      return this.cached.entries;
    let data: unknown;
    if (this.options.indexUrl) {
      data = JSON.parse(
        await this.fetchText(this.options.indexUrl, 'marketplace index'),
      );
    } else {
      data = JSON.parse(
        await readFile(join(bundledMarketplaceDir(), 'index.json'), 'utf8'),
      );
    }
    const entries = parseMarketplaceIndex(data);
    this.cached = { at: now, entries };
    return entries;
  }

  /**
   * The catalogue's entries, each with the version it offers: the entry's own `version`, else
   * the `kratix.io/promise-version` label of its Promise document, read a few at a time and
   * kept as long as the catalogue. An entry whose document cannot be read (a host that is
   * down or not allowed) is listed without a version rather than failing the list.
   */
  async listWithVersions(): Promise<MarketplaceEntry[]> {
    const entries = await this.list();
    const versions = await mapLimited(entries, 4, entry =>
      entry.version
        ? Promise.resolve(entry.version)
        : this.offeredVersion(this.documentUrl(entry)),
    );
    return entries.map((entry, i) => ({ ...entry, version: versions[i] }));
  }

  private offeredVersion(url: string): Promise<string | undefined> {
    const now = Date.now();
    const hit = this.versionCache.get(url);
    if (hit && now - hit.at < (this.options.cacheMs ?? 10 * 60_000))
      return hit.version;
    const version = this.fetchPromise(url).then(
      promise => promise.metadata.labels?.['kratix.io/promise-version'],
      () => undefined,
    );
    this.versionCache.set(url, { at: now, version });
    return version;
  }

  /** One entry by name, or a 404 naming it. */
  async entry(name: string): Promise<MarketplaceEntry> {
    const entry = (await this.list()).find(e => e.name === name);
    if (!entry)
      throw new NotFoundError(`No Promise named "${name}" in the marketplace`);
    return entry;
  }

  /** Fetches and checks the Promise document at a URL (or `bundled:<name>`). */
  async fetchPromise(url: string): Promise<KratixPromise> {
    let text: string;
    const bundled = /^bundled:([a-z0-9-]+)$/.exec(url);
    if (bundled) {
      text = await readFile(
        join(bundledMarketplaceDir(), 'promises', `${bundled[1]}.yaml`),
        'utf8',
      ).catch(() => {
        throw new NotFoundError(`No bundled Promise named "${bundled[1]}"`);
      });
    } else {
      text = await this.fetchText(url, 'Promise');
    }
    try {
      return asPromiseDocument(parseAllDocuments(text).map(d => d.toJS()));
    } catch (error) {
      throw new InputError(
        `url: ${url} is not a Promise: ${(error as Error).message}`,
      );
    }
  }

  /** The document URL of an entry. */
  documentUrl(entry: MarketplaceEntry): string {
    return promiseDocumentUrl(entry);
  }

  private async fetchText(url: string, what: string): Promise<string> {
    const insecure = this.options.insecureHosts ?? [];
    if (!isAllowedHost(url, this.options.allowedHosts, insecure)) {
      const plainHttp =
        url.startsWith('http:') &&
        isAllowedHost(
          url.replace(/^http:/, 'https:'),
          this.options.allowedHosts,
        );
      throw new InputError(
        plainHttp
          ? `url: ${what} ${url} uses plain http; use https, or name the host in kratix.marketplace.insecureHosts`
          : `url: ${what} ${url} is not on an allowed host (${
              this.options.allowedHosts.join(', ') || 'none configured'
            }); set kratix.marketplace.allowedHosts`,
      );
    }
    let response: Response;
    try {
      response = await this.fetchFn(url, {
        redirect: 'error',
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      throw new ServiceUnavailableError(
        `Could not fetch ${what} from ${url}: ${(error as Error).message}`,
      );
    }
    if (!response.ok)
      throw new ServiceUnavailableError(
        `Could not fetch ${what} from ${url}: HTTP ${response.status}`,
      );
    return readLimited(
      response,
      this.options.maxBytes ?? 2_000_000,
      `url: ${what} at ${url}`,
    );
  }
}

/** Maps items through fn with at most `limit` calls running at once, keeping their order. */
async function mapLimited<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return results;
}

/** Reads a response body, stopping (and cancelling the download) as soon as it passes the limit. */
async function readLimited(
  response: Response,
  maxBytes: number,
  what: string,
): Promise<string> {
  const tooLarge = () =>
    new InputError(`${what} is larger than ${Math.round(maxBytes / 1000)} kB`);
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
