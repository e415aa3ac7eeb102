import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import { git } from '../embedded/git';

/** A file to write (content) or remove (null) in one commit. @public */
export interface RepositoryFileChange {
  /** Path relative to the repository root, forward slashes. */
  path: string;
  content: string | null;
}

/** The result of a commit: the new HEAD, or the old one when nothing changed. @public */
export interface CommitResult {
  sha: string;
  changed: boolean;
}

/** A remote the working tree tracks: commits are pushed there, rebasing when it moved. @public */
export interface GitRemoteOptions {
  url: string;
  branch: string;
  /** Extra git config for authenticated calls (e.g. an Authorization header); never logged. */
  authConfig?: () => Promise<string[]>;
  /** How many times to rebase and push again when the remote moved. */
  pushAttempts?: number;
}

/**
 * A git working tree on this machine that the suite commits to. Commits are serialised
 * through one queue per instance, so concurrent writers in this process never race on the
 * index; each commit stages only the paths it names. With a remote, every commit starts
 * from the remote's branch and is pushed; a push rejected because another writer got there
 * first is rebased and pushed again, so no request is lost or written twice.
 * @public
 */
export class LocalGitRepository {
  private queue: Promise<unknown> = Promise.resolve();
  private cloned = false;
  private lockChecked = false;

  constructor(
    readonly directory: string,
    readonly remote?: GitRemoteOptions,
  ) {}

  /** Runs a serialised operation on the working tree (commits, branch pushes). */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      await this.clearStaleLock();
      return fn();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * A backend stopped in the middle of a commit leaves `.git/index.lock` behind, and git then
   * refuses every later commit. Only this process writes this working tree (commits are
   * queued here), so a lock found before our first write is stale and is removed.
   */
  private async clearStaleLock(): Promise<void> {
    if (this.lockChecked) return;
    this.lockChecked = true;
    await rm(join(this.directory, '.git', 'index.lock'), { force: true });
  }

  /** Runs git with the remote's credentials for this one call. */
  async remoteGit(args: string[]): Promise<string> {
    const auth = (await this.remote?.authConfig?.()) ?? [];
    return git(this.directory, [...auth.flatMap(c => ['-c', c]), ...args]);
  }

  /** Clones the remote on first use, then brings the working tree to the remote branch. */
  async syncWithRemote(): Promise<void> {
    if (!this.remote) return;
    if (!this.cloned) {
      const exists = await readFile(join(this.directory, '.git', 'HEAD'), 'utf8').then(
        () => true,
        () => false,
      );
      if (!exists) {
        await mkdir(this.directory, { recursive: true });
        await git(this.directory, ['init', '--quiet', `--initial-branch=${this.remote.branch}`]);
        await git(this.directory, ['remote', 'add', 'origin', this.remote.url]);
      }
      this.cloned = true;
    }
    await this.remoteGit(['fetch', '--quiet', 'origin', this.remote.branch]);
    await git(this.directory, ['checkout', '--quiet', '-B', this.remote.branch, `origin/${this.remote.branch}`]);
    await git(this.directory, ['reset', '--quiet', '--hard', `origin/${this.remote.branch}`]);
  }

  /** Resolves a repository-relative path, refusing anything that escapes the tree. */
  resolvePath(path: string): string {
    const clean = normalize(path);
    if (isAbsolute(path) || clean === '..' || clean.startsWith(`..${sep}`) || clean.includes(`${sep}..${sep}`)) {
      throw new Error(`Path "${path}" is outside the repository`);
    }
    return join(this.directory, clean);
  }

  /** Reads a file of the working tree, or undefined when it does not exist. */
  async readFile(path: string): Promise<string | undefined> {
    return readFile(this.resolvePath(path), 'utf8').catch(() => undefined);
  }

  /** The commit HEAD points at. */
  async head(): Promise<string> {
    return (await git(this.directory, ['rev-parse', 'HEAD'])).trim();
  }

  /** Writes and removes files, then commits exactly those paths (in queue order). */
  commit(changes: RepositoryFileChange[], message: string, author?: { name: string; email: string }): Promise<CommitResult> {
    return this.exclusive(async () => {
      if (!this.remote) return this.commitNow(changes, message, author);
      await this.syncWithRemote();
      const result = await this.commitNow(changes, message, author);
      if (result.changed) await this.pushWithRebase();
      return { sha: await this.head(), changed: result.changed };
    });
  }

  /** Pushes HEAD to the remote branch, rebasing onto it when another writer pushed first. */
  private async pushWithRebase(): Promise<void> {
    const { branch, pushAttempts = 5 } = this.remote!;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.remoteGit(['push', '--quiet', 'origin', `HEAD:refs/heads/${branch}`]);
        return;
      } catch (error) {
        const message = String((error as { stderr?: string }).stderr ?? (error as Error).message);
        const rejected = /rejected|non-fast-forward|fetch first|failed to update ref|stale info/i.test(message);
        if (!rejected || attempt >= pushAttempts) {
          // Leave the tree at the remote's state: the commit is not kept locally to be lost later.
          await git(this.directory, ['reset', '--quiet', '--hard', `origin/${branch}`]).catch(() => undefined);
          throw new Error(`Push to ${branch} failed after ${attempt} attempt(s): ${message.trim().split('\n').pop()}`);
        }
        await this.remoteGit(['fetch', '--quiet', 'origin', branch]);
        await git(this.directory, ['rebase', '--quiet', `origin/${branch}`]);
      }
    }
  }

  /** Commits the changes on a new branch from the remote's branch and pushes it (for pull requests). */
  commitOnBranch(
    branchName: string,
    changes: RepositoryFileChange[],
    message: string,
    author?: { name: string; email: string },
  ): Promise<CommitResult> {
    return this.exclusive(async () => {
      if (!this.remote) throw new Error('Pull requests need a remote repository');
      await this.syncWithRemote();
      await git(this.directory, ['checkout', '--quiet', '-B', branchName, `origin/${this.remote.branch}`]);
      try {
        const result = await this.commitNow(changes, message, author);
        await this.remoteGit(['push', '--quiet', '--force', 'origin', `HEAD:refs/heads/${branchName}`]);
        return result;
      } finally {
        await git(this.directory, ['checkout', '--quiet', '-B', this.remote.branch, `origin/${this.remote.branch}`]);
      }
    });
  }

  private async commitNow(
    changes: RepositoryFileChange[],
    message: string,
    author?: { name: string; email: string },
  ): Promise<CommitResult> {
    const paths = changes.map(c => c.path);
    try {
      for (const change of changes) {
        const full = this.resolvePath(change.path);
        if (change.content === null) {
          await rm(full, { force: true });
        } else {
          await mkdir(dirname(full), { recursive: true });
          await writeFile(full, change.content, 'utf8');
        }
      }
      await git(this.directory, ['add', '--all', '--', ...paths]);
      const staged = await git(this.directory, ['diff', '--cached', '--name-only', '--', ...paths]);
      if (!staged.trim()) return { sha: await this.head(), changed: false };
      const args = ['commit', '--quiet', '-m', message];
      if (author) args.push(`--author=${author.name} <${author.email}>`);
      await git(this.directory, [...args, '--', ...paths]);
      return { sha: await this.head(), changed: true };
    } catch (error) {
      // A write that did not become a commit (disk full, a broken repository) must leave
      // nothing behind, or the next write of the same request would look unchanged.
      await this.restore(paths).catch(() => undefined);
      throw error;
    }
  }

  /** Puts the named paths back as HEAD has them (removing those HEAD does not have). */
  private async restore(paths: string[]): Promise<void> {
    await git(this.directory, ['reset', '--quiet', '--', ...paths]).catch(() => undefined);
    for (const path of paths) {
      const tracked = await git(this.directory, ['ls-files', '--', path]);
      if (tracked.trim()) await git(this.directory, ['checkout', '--quiet', 'HEAD', '--', path]);
      else await rm(this.resolvePath(path), { force: true });
    }
  }
}
