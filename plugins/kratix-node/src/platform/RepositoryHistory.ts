import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { KubernetesObject } from '@kratix-backstage/plugin-kratix-common';
import { git } from '../gitops/git';

/** One path a commit changed: added, modified or deleted (renames are split into both). @public */
export interface HistoryChange {
  status: 'A' | 'M' | 'D' | 'T';
  /** Path relative to the working tree read, forward slashes. */
  path: string;
}

/** One commit of the repository, newest first in {@link RepositoryHistory.commits}. @public */
export interface HistoryCommit {
  sha: string;
  /** Committer time, ISO 8601. */
  time: string;
  author: string;
  subject: string;
  changes: HistoryChange[];
}

const RECORD = '\x1e';
const FIELD = '\x1f';

/**
 * The recent history of a git working tree, read with one `git log --name-status` pass:
 * which commit last touched a file or a folder, and every commit that touched one. Built
 * once per HEAD (see {@link RepositoryHistoryReader}); older commits than the bound are not
 * known, so "not in the history" means "not changed recently", never "never changed".
 * @public
 */
export class RepositoryHistory {
  /** Newest first. */
  readonly commits: HistoryCommit[];
  /** Index in `commits` of the newest commit that touched each path. */
  private readonly lastIndex = new Map<string, number>();
  /** Index of the newest commit that touched anything below each folder. */
  private readonly folderIndex = new Map<string, number>();
  /** Indexes of every commit that touched each path, newest first. */
  private readonly allIndexes = new Map<string, number[]>();
  private readonly showCache = new Map<string, Promise<string | undefined>>();
  private readonly removalCache = new Map<string, Promise<boolean>>();

  constructor(
    readonly head: string | undefined,
    commits: HistoryCommit[],
    private readonly directory?: string,
    /** Whether the history stopped at the bound (older commits exist). */
    readonly truncated = false,
  ) {
    this.commits = commits;
    commits.forEach((commit, index) => {
      for (const { path } of commit.changes) {
        if (!this.lastIndex.has(path)) this.lastIndex.set(path, index);
        for (
          let slash = path.lastIndexOf('/');
          slash > 0;
          slash = path.lastIndexOf('/', slash - 1)
        ) {
          const folder = path.slice(0, slash);
          if (this.folderIndex.has(folder)) break;
          this.folderIndex.set(folder, index);
        }
        const list = this.allIndexes.get(path) ?? [];
        if (list[list.length - 1] !== index) list.push(index);
        this.allIndexes.set(path, list);
      }
    });
  }

  /** An empty history (no repository, or no commits yet). */
  static empty(): RepositoryHistory {
    return new RepositoryHistory(undefined, []);
  }

  /** Index (0 = newest) of the last commit that touched the file, or undefined. */
  lastTouchOf(path: string): number | undefined {
    return this.lastIndex.get(path);
  }

  /** Index of the last commit that touched any file under the folder (or the file itself). */
  lastTouchUnder(folder: string): number | undefined {
    const clean = folder.replace(/\/+$/, '');
    const below = this.folderIndex.get(clean);
    const itself = this.lastIndex.get(clean);
    if (below === undefined) return itself;
    return itself === undefined ? below : Math.min(below, itself);
  }

  /** Indexes of every commit that touched the file, newest first. */
  touchesOf(path: string): number[] {
    return this.allIndexes.get(path) ?? [];
  }

  /**
   * The content of a file at a commit (`git show <sha>:<path>`), or undefined when it did not
   * exist there. Cached: a commit's content never changes.
   */
  fileAt(sha: string, path: string): Promise<string | undefined> {
    if (!this.directory) return Promise.resolve(undefined);
    const key = `${sha}:${path}`;
    let cached = this.showCache.get(key);
    if (!cached) {
      cached = git(this.directory, ['show', `${sha}:./${path}`]).then(
        out => out,
        () => undefined,
      );
      if (this.showCache.size > 1000) this.showCache.clear();
      this.showCache.set(key, cached);
    }
    return cached;
  }

  /**
   * Whether a commit only took lines out of a file (`git show --numstat`): lines deleted and
   * none added. Cached: a commit's change never changes.
   */
  onlyRemovedLines(sha: string, path: string): Promise<boolean> {
    if (!this.directory) return Promise.resolve(false);
    const key = `numstat:${sha}:${path}`;
    let cached = this.removalCache.get(key);
    if (!cached) {
      cached = git(this.directory, [
        'show',
        '--numstat',
        '--format=',
        '--no-renames',
        sha,
        '--',
        path,
      ]).then(
        out => {
          const [added, deleted] = out.trim().split('\t');
          return added === '0' && Number(deleted) > 0;
        },
        () => false,
      );
      if (this.removalCache.size > 1000) this.removalCache.clear();
      this.removalCache.set(key, cached);
    }
    return cached;
  }

  /**
   * One Kubernetes document of a file at a commit, found by apiVersion-independent kind,
   * namespace and name (a multi-document file may hold several), or undefined.
   */
  async documentAt(
    sha: string,
    path: string,
    match: { kind: string; namespace?: string; name: string },
  ): Promise<KubernetesObject | undefined> {
    const text = await this.fileAt(sha, path);
    if (text === undefined) return undefined;
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length > 0) continue;
      const value = doc.toJS() as KubernetesObject | null;
      if (
        value &&
        typeof value === 'object' &&
        String(value.kind).toLowerCase() === match.kind.toLowerCase() &&
        value.metadata?.name === match.name &&
        (value.metadata?.namespace ?? 'default') ===
          (match.namespace ?? 'default')
      )
        return value;
    }
    return undefined;
  }
}

/** Parses `git log --name-status` output in the format {@link RepositoryHistoryReader} asks for. */
export function parseHistory(output: string): HistoryCommit[] {
  const commits: HistoryCommit[] = [];
  for (const record of output.split(RECORD)) {
    if (!record.trim()) continue;
    const [header, ...lines] = record.split('\n');
    const [sha, time, author, subject] = header.split(FIELD);
    if (!sha) continue;
    const changes: HistoryChange[] = [];
    for (const line of lines) {
      if (!line.trim()) continue;
      const [status, ...paths] = line.split('\t');
      const code = status.charAt(0);
      if (!paths.length || !['A', 'M', 'D', 'T'].includes(code)) continue;
      changes.push({
        status: code as HistoryChange['status'],
        path: paths[paths.length - 1],
      });
    }
    commits.push({
      sha,
      time,
      author: author ?? '',
      subject: subject ?? '',
      changes,
    });
  }
  return commits;
}

/**
 * Reads a working tree's recent history with one `git log` pass, and keeps it until HEAD
 * moves: every later read costs one `git rev-parse HEAD`. Bounded to `maxCommits` commits.
 * A tree that is not a git repository (or has no commits) has an empty history.
 * @public
 */
export class RepositoryHistoryReader {
  private cached?: RepositoryHistory;
  private reading?: { head: string; promise: Promise<RepositoryHistory> };

  constructor(
    private readonly directory: string,
    private readonly maxCommits = 500,
  ) {}

  /** The commit HEAD points at, read from `.git` where it can be (no process), else by git. */
  async head(): Promise<string> {
    return (
      (await this.readHeadFile()) ??
      (await git(this.directory, ['rev-parse', 'HEAD'])).trim()
    );
  }

  async read(): Promise<RepositoryHistory> {
    let head: string;
    try {
      head = await this.head();
    } catch {
      return RepositoryHistory.empty();
    }
    if (this.cached?.head === head) return this.cached;
    if (this.reading?.head !== head) {
      const promise = this.readAt(head);
      this.reading = { head, promise };
      promise.then(
        history => {
          this.cached = history;
        },
        () => undefined,
      );
    }
    return this.reading.promise.catch(() => RepositoryHistory.empty());
  }

  /**
   * HEAD read from `.git` directly (a loose or packed branch ref, or a detached HEAD), which
   * costs no process per load; undefined when the layout is anything else, to ask git.
   */
  private async readHeadFile(): Promise<string | undefined> {
    const dotGit = join(this.directory, '.git');
    const head = (
      await readFile(join(dotGit, 'HEAD'), 'utf8').catch(() => undefined)
    )?.trim();
    if (!head) return undefined;
    if (/^[0-9a-f]{40,64}$/.test(head)) return head;
    const ref = /^ref: (refs\/heads\/[^\s]+)$/.exec(head)?.[1];
    if (!ref || ref.includes('..')) return undefined;
    const loose = (
      await readFile(join(dotGit, ref), 'utf8').catch(() => undefined)
    )?.trim();
    if (loose && /^[0-9a-f]{40,64}$/.test(loose)) return loose;
    const packed = await readFile(join(dotGit, 'packed-refs'), 'utf8').catch(
      () => '',
    );
    for (const line of packed.split('\n')) {
      const [sha, name] = line.trim().split(' ');
      if (name === ref && /^[0-9a-f]{40,64}$/.test(sha)) return sha;
    }
    return undefined;
  }

  private async readAt(head: string): Promise<RepositoryHistory> {
    const output = await git(this.directory, [
      '-c',
      'core.quotePath=false',
      'log',
      `--max-count=${this.maxCommits + 1}`,
      '--no-renames',
      '--name-status',
      '--relative',
      `--format=${RECORD}%H${FIELD}%cI${FIELD}%an${FIELD}%s`,
      head,
      '--',
    ]);
    const commits = parseHistory(output);
    const truncated = commits.length > this.maxCommits;
    return new RepositoryHistory(
      head,
      truncated ? commits.slice(0, this.maxCommits) : commits,
      this.directory,
      truncated,
    );
  }
}
