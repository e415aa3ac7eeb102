import { KratixPromise } from '../model';
import { readPromiseStatus } from '../status';
import { newerPromiseVersion } from './promiseVersion';

/** One Promise of a marketplace catalogue (the public one's `promise-data.json` shape). @public */
export interface MarketplaceEntry {
  name: string;
  description?: string;
  /** Where the Promise comes from: a folder or raw promise.yaml URL. */
  url: string;
  /** Raw URL of the promise.yaml to install; derived from `url` when absent. */
  promiseUrl?: string;
  logoUrl?: string;
  categories: string[];
  available?: boolean;
  ske?: boolean;
  /**
   * The version the catalogue offers: the entry's own `version`, else the
   * `kratix.io/promise-version` label of its Promise document once read.
   */
  version?: string;
}

/** A catalogue entry with whether (and at which version) a platform has it. @public */
export interface MarketplaceListing extends MarketplaceEntry {
  installed: boolean;
  installedVersion?: string;
  /** The catalogue's version when it is newer than the installed one: what an upgrade installs. */
  upgradeTo?: string;
}

/**
 * Reads a marketplace catalogue: a JSON array of entries with `name`, `description`, `url`,
 * `logoUrl` and `categories`, keeping entries with a name and URL and dropping the rest.
 * @public
 */
export function parseMarketplaceIndex(data: unknown): MarketplaceEntry[] {
  if (!Array.isArray(data))
    throw new Error(
      'A marketplace index must be a JSON array of Promise entries',
    );
  return data
    .filter((e): e is Record<string, unknown> => !!e && typeof e === 'object')
    .filter(e => typeof e.name === 'string' && typeof e.url === 'string')
    .map(e => ({
      name: e.name as string,
      description:
        typeof e.description === 'string' ? e.description : undefined,
      url: e.url as string,
      promiseUrl: typeof e.promiseUrl === 'string' ? e.promiseUrl : undefined,
      logoUrl: typeof e.logoUrl === 'string' ? e.logoUrl : undefined,
      categories: Array.isArray(e.categories)
        ? e.categories.filter((c): c is string => typeof c === 'string')
        : [],
      available: typeof e.available === 'boolean' ? e.available : undefined,
      ske: typeof e.ske === 'boolean' ? e.ske : undefined,
      version: typeof e.version === 'string' ? e.version : undefined,
    }));
}

/**
 * The promise.yaml to fetch for an entry: its `promiseUrl`, or for a GitHub folder URL
 * (`https://github.com/<org>/<repo>/tree/<branch>/<dir>`) the raw file in that folder.
 * @public
 */
export function promiseDocumentUrl(entry: MarketplaceEntry): string {
  if (entry.promiseUrl) return entry.promiseUrl;
  const tree =
    /^https:\/\/github\.com\/([^/]+)\/([^/]+)\/tree\/([^/]+)\/(.+?)\/?$/.exec(
      entry.url,
    );
  if (tree) {
    const [, org, repo, branch, dir] = tree;
    return `https://raw.githubusercontent.com/${org}/${repo}/${branch}/${dir}/promise.yaml`;
  }
  const repoRoot = /^https:\/\/github\.com\/([^/]+)\/([^/]+?)\/?$/.exec(
    entry.url,
  );
  if (repoRoot)
    return `https://raw.githubusercontent.com/${repoRoot[1]}/${repoRoot[2]}/main/promise.yaml`;
  return entry.url;
}

/** Whether a URL's host is one of the allowed hosts (exact, or a subdomain of `.example.com`). @public */
export function isAllowedHost(
  url: string,
  allowedHosts: string[],
  insecureHosts: string[] = [],
): boolean {
  let host: string;
  let protocol: string;
  try {
    const parsed = new URL(url);
    protocol = parsed.protocol;
    host = parsed.hostname.toLowerCase();
  } catch {
    return false;
  }
  const matches = (list: string[]) =>
    list.some(allowed => {
      const a = allowed.toLowerCase();
      return a.startsWith('.') ? host.endsWith(a) : host === a;
    });
  if (protocol === 'https:') return matches(allowedHosts);
  // Plain http can be tampered with on the way: only hosts named as insecure too.
  if (protocol === 'http:')
    return matches(allowedHosts) && matches(insecureHosts);
  return false;
}

/**
 * Marks each entry installed when the platform has a Promise of that name, with the installed
 * version and, when the catalogue's version is newer, the version an upgrade installs.
 * @public
 */
export function withInstallState(
  entries: MarketplaceEntry[],
  promises: KratixPromise[],
): MarketplaceListing[] {
  const byName = new Map(promises.map(p => [p.metadata.name, p]));
  return entries.map(entry => {
    const promise = byName.get(entry.name);
    const installedVersion = promise && readPromiseStatus(promise).version;
    const upgradeTo = newerPromiseVersion(entry.version, installedVersion);
    return {
      ...entry,
      installed: !!promise,
      installedVersion,
      ...(upgradeTo && { upgradeTo }),
    };
  });
}

/**
 * Checks a fetched document is one Kratix Promise and returns it; the message says what
 * was found instead.
 * @public
 */
export function asPromiseDocument(documents: unknown[]): KratixPromise {
  const promises = documents.filter(
    (d): d is KratixPromise =>
      !!d &&
      typeof d === 'object' &&
      (d as KratixPromise).kind === 'Promise' &&
      (d as KratixPromise).apiVersion === 'platform.kratix.io/v1alpha1',
  );
  if (promises.length !== 1) {
    const kinds =
      documents
        .map(d => (d as { kind?: string })?.kind ?? typeof d)
        .join(', ') || 'nothing';
    throw new Error(
      `Expected one platform.kratix.io/v1alpha1 Promise, found: ${kinds}`,
    );
  }
  const promise = promises[0];
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(promise.metadata?.name ?? '')) {
    throw new Error(
      `The Promise's metadata.name "${promise.metadata?.name}" is not a valid Kubernetes name`,
    );
  }
  return promise;
}
