import { isMap, isScalar, parseAllDocuments } from 'yaml';
import { Destination, LegacyCluster, StateStore } from '../model';
import { Placement } from '../placements';

/** Git hosts whose web UI has a known page for a file, told apart by their host name. @public */
export type GitHostStyle = 'github' | 'gitlab' | 'bitbucket';

/** A git repository URL read for its web UI: the host style and the repository's web address. */
interface BrowsableRepository {
  style: GitHostStyle;
  /** `https://host/owner/repo`, without credentials or `.git`. */
  web: string;
}

function styleOf(hostname: string): GitHostStyle | undefined {
  const host = hostname.toLowerCase();
  // github.com, and GitHub Enterprise hosts named after it (github.example.com).
  if (host === 'github.com' || host.startsWith('github.')) return 'github';
  if (host === 'gitlab.com' || host.startsWith('gitlab.')) return 'gitlab';
  if (host === 'bitbucket.org') return 'bitbucket';
  return undefined;
}

/** Reads `https://…`, `ssh://…` and `git@host:owner/repo` URLs; anything else has no web UI. */
function browsableRepository(url: string): BrowsableRepository | undefined {
  const trimmed = url.trim();
  let host: string;
  let origin: string;
  let repoPath: string;
  const scp = /^[\w.-]+@([\w.-]+):(?!\/)(.+)$/.exec(trimmed);
  if (scp) {
    host = scp[1];
    origin = `https://${host}`;
    repoPath = scp[2];
  } else {
    let parsed: URL;
    try {
      parsed = new URL(trimmed);
    } catch {
      return undefined;
    }
    if (!['https:', 'http:', 'ssh:'].includes(parsed.protocol))
      return undefined;
    host = parsed.hostname;
    // The web UI of an ssh remote is https on the same host; an http(s) remote keeps its
    // origin (port included) and drops any credentials written into the URL.
    origin =
      parsed.protocol === 'ssh:' ? `https://${host}` : parsed.origin.toString();
    repoPath = parsed.pathname;
  }
  const style = styleOf(host);
  repoPath = repoPath.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '');
  if (!style || !repoPath.includes('/')) return undefined;
  return { style, web: `${origin}/${repoPath}` };
}

const encodePath = (path: string) =>
  path.split('/').filter(Boolean).map(encodeURIComponent).join('/');

/**
 * The page of a file in a git host's web UI, for a repository on a GitHub-, GitLab- or
 * Bitbucket-style host (told apart by the host name); undefined for any other host, for
 * local repositories (`file://`, paths) and for URLs that name no repository. Accepts
 * `https://`, `ssh://` and `git@host:owner/repo.git` URLs; credentials in the URL are never
 * carried into the address.
 * @public
 */
export function gitFileBrowseUrl(
  repositoryUrl: string,
  branch: string,
  path: string,
): string | undefined {
  const repo = browsableRepository(repositoryUrl);
  if (!repo) return undefined;
  const ref = encodePath(branch);
  const file = encodePath(path);
  switch (repo.style) {
    case 'github':
      return `${repo.web}/blob/${ref}/${file}`;
    case 'gitlab':
      return `${repo.web}/-/blob/${ref}/${file}`;
    default:
      return `${repo.web}/src/${ref}/${file}`;
  }
}

/**
 * The page of a commit in a git host's web UI, for the same hosts and URLs as
 * {@link gitFileBrowseUrl}; undefined elsewhere.
 * @public
 */
export function gitCommitBrowseUrl(
  repositoryUrl: string,
  sha: string,
): string | undefined {
  const repo = browsableRepository(repositoryUrl);
  if (!repo || !/^[0-9a-f]{4,64}$/i.test(sha)) return undefined;
  switch (repo.style) {
    case 'github':
      return `${repo.web}/commit/${sha}`;
    case 'gitlab':
      return `${repo.web}/-/commit/${sha}`;
    default:
      return `${repo.web}/commits/${sha}`;
  }
}

/** The state store a Destination writes to, by its `stateStoreRef` (`default` when unnamed). @public */
export function destinationStateStore(
  destination: Destination | LegacyCluster | undefined,
  stores: StateStore[],
): StateStore | undefined {
  if (!destination) return undefined;
  const ref = destination.spec?.stateStoreRef;
  return stores.find(
    s =>
      s.metadata.name === (ref?.name ?? 'default') &&
      (!ref?.kind || ref.kind === s.kind),
  );
}

/**
 * The web page of each file of some placements, by path: files in a GitStateStore whose
 * `spec.url` is on a GitHub-, GitLab- or Bitbucket-style host (see {@link gitFileBrowseUrl}).
 * Files with no such page are left out.
 * @public
 */
export function storeFileUrls(
  placements: Placement[],
  destinations: Array<Destination | LegacyCluster>,
  stores: StateStore[],
): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const placement of placements) {
    const store = destinationStateStore(
      destinations.find(d => d.metadata.name === placement.destination),
      stores,
    );
    if (store?.kind !== 'GitStateStore' || !store.spec.url) continue;
    for (const file of placement.files) {
      const url = gitFileBrowseUrl(
        store.spec.url,
        store.spec.branch || 'main',
        file,
      );
      if (url) urls[file] = url;
    }
  }
  return urls;
}

/** What is shown of a Secret's value in a served state-store file. @public */
export const REDACTED_VALUE = '(hidden)';

/**
 * A state-store file as served to readers of the platform: Secret documents keep their keys
 * but not their values (`data`, `stringData`), as a request's readers are not all its
 * owners. Other documents, and text that is not YAML, are returned as they are.
 * @public
 */
export function redactSecretValues(text: string): {
  content: string;
  redacted: boolean;
} {
  let docs;
  try {
    docs = parseAllDocuments(text);
  } catch {
    return { content: text, redacted: false };
  }
  if (!Array.isArray(docs) || docs.some(d => d.errors.length > 0)) {
    // Not YAML Kratix could have applied; if it mentions a Secret, show nothing of it.
    return /kind:\s*Secret\b/.test(text)
      ? { content: REDACTED_VALUE, redacted: true }
      : { content: text, redacted: false };
  }
  let redacted = false;
  for (const doc of docs) {
    if (doc.get('kind') !== 'Secret') continue;
    for (const key of ['data', 'stringData']) {
      const values = doc.get(key, true);
      if (!isMap(values)) {
        if (values !== undefined && values !== null) {
          doc.set(key, REDACTED_VALUE);
          redacted = true;
        }
        continue;
      }
      for (const pair of values.items) {
        if (isScalar(pair.value) && pair.value.value === REDACTED_VALUE)
          continue;
        pair.value = doc.createNode(REDACTED_VALUE);
        redacted = true;
      }
    }
  }
  if (!redacted) return { content: text, redacted: false };
  return {
    content: docs.map(d => d.toString()).join(''),
    redacted,
  };
}

/**
 * The page of a pull request (merge request on GitLab) in a git host's web UI, for the same
 * hosts and URLs as {@link gitFileBrowseUrl}; undefined elsewhere.
 * @public
 */
export function gitPullRequestBrowseUrl(
  repositoryUrl: string,
  number: number,
): string | undefined {
  const repo = browsableRepository(repositoryUrl);
  if (!repo || !Number.isInteger(number) || number <= 0) return undefined;
  switch (repo.style) {
    case 'github':
      return `${repo.web}/pull/${number}`;
    case 'gitlab':
      return `${repo.web}/-/merge_requests/${number}`;
    default:
      return `${repo.web}/pull-requests/${number}`;
  }
}
