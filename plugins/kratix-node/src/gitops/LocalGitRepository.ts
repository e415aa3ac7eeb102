import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { scrubSecrets } from '@kratix-backstage/plugin-kratix-common';
import { git } from '../embedded/git';

/** A file to write (content) or remove (null) in one commit. @public */
export interface RepositoryFileChange {
  /** Path relative to the repository root, forward slashes. */
  path: string;
  content: string | null;
  /**
   * What the commit requires of the path before writing, checked inside the commit queue
   * (after pulling the remote) so two writers can never both "create" the same file.
   * `absent` fails with ConflictError, `present` with NotFoundError.
   */
  expect?: 'absent' | 'present';
}

/** The result of a commit: the new HEAD, or the old one when nothing changed. @public */
export interface CommitResult {
  sha: string;
  changed: boolean;
}

/** One git config entry, such as `http.extraHeader`. @public */
export interface GitConfigEntry {
  key: string;
  value: string;
}

/** A remote the working tree tracks: commits are pushed there, rebasing when it moved. @public */
export interface GitRemoteOptions {
  url: string;
  branch: string;
  /**
   * Git config for authenticated calls (e.g. an `http.extraHeader` Authorization header).
   * It reaches git through the environment of that one call (`GIT_CONFIG_COUNT`,
   * `GIT_CONFIG_KEY_n`, `GIT_CONFIG_VALUE_n`): never its arguments, which `ps` shows and a
   * failed call's message repeats, nor the clone's config. The values count as secrets.
   */
  authConfig?: () => Promise<GitConfigEntry[]>;
  /**
   * The credentials behind `authConfig` (raw tokens). Errors leaving this repository's
   * remote operations are scrubbed of them in clear, URL-encoded and base64 forms.
   */
  secrets?: () => string[];
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
  /** Credentials this instance has handed to git, to be scrubbed from every error. */
  private readonly usedSecrets = new Set<string>();

  constructor(
    readonly directory: string,
    readonly remote?: GitRemoteOptions,
  ) {
    // A token written into the URL itself (https://user:token@host/...) is a secret too.
    for (const secret of credentialsInUrl(remote?.url)) this.usedSecrets.add(secret);
  }

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

  /** Runs git with the remote's credentials for this one call, passed in its environment. */
  async remoteGit(args: string[]): Promise<string> {
    return this.scrubbed(async () => {
      const auth = (await this.remote?.authConfig?.()) ?? [];
      for (const { value } of auth) {
        for (const secret of credentialsInConfigValue(value)) this.usedSecrets.add(secret);
      }
      return git(this.directory, args, auth.length ? { env: configEnvironment(auth) } : {});
    });
  }

  /** Clones the remote on first use, then brings the working tree to the remote branch. */
  syncWithRemote(): Promise<void> {
    return this.scrubbed(() => this.syncWithRemoteNow());
  }

  private async syncWithRemoteNow(): Promise<void> {
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
      return this.scrubbed(async () => {
        await this.syncWithRemote();
        const result = await this.commitNow(changes, message, author);
        if (result.changed) await this.pushWithRebase();
        return { sha: await this.head(), changed: result.changed };
      });
    });
  }

  /** Pushes HEAD to the remote branch, rebasing onto it when another writer pushed first. */
  private pushWithRebase(): Promise<void> {
    return this.scrubbed(() => this.pushWithRebaseNow());
  }

  private async pushWithRebaseNow(): Promise<void> {
    const { branch, pushAttempts = 5 } = this.remote!;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.remoteGit(['push', '--quiet', 'origin', `HEAD:refs/heads/${branch}`]);
        return;
      } catch (error) {
        const message = String((error as { stderr?: string }).stderr ?? (error as Error).message);
        // Lost a race with another writer: rebase and push again. A hook's or a server's "no" is final.
        const declined = /hook declined|pre-receive hook|protected branch|403|401/i.test(message);
        const rejected = !declined && /rejected|non-fast-forward|fetch first|failed to update ref|stale info/i.test(message);
        if (!rejected || attempt >= pushAttempts) {
          // Leave the tree at the remote's state: the commit is not kept locally to be lost later.
          await git(this.directory, ['reset', '--quiet', '--hard', `origin/${branch}`]).catch(() => undefined);
          // The server's own words (`remote:` lines, e.g. a hook's reason) say why; keep them with git's verdict.
          const lines = message.trim().split('\n');
          const remote = lines.filter(l => /^remote:\s*\S/.test(l)).map(l => l.replace(/^remote:\s*/, '').trim());
          const reason = [...remote, lines.pop()].filter(Boolean).join('; ');
          throw new Error(`Push to ${branch} failed after ${attempt} attempt(s): ${reason}`);
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
    return this.exclusive(() =>
      this.scrubbed(async () => {
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
      }),
    );
  }

  /** Runs a remote operation, letting out only errors that carry no credential. */
  private async scrubbed<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw this.safeError(error);
    }
  }

  /**
   * The error to let out of the git layer. execFile's errors carry the command line
   * (`cmd`), git's output and a message repeating both, so they are rebuilt from a scrubbed
   * message and stderr (which callers read to tell a rejected push) and the exit code.
   * Any other error passes unchanged unless it mentions a credential; ConflictError and
   * NotFoundError from the expectations always do, as callers map them by name.
   */
  private safeError(error: unknown): unknown {
    const name = (error as { name?: unknown } | undefined)?.name;
    if (error instanceof ConflictError || error instanceof NotFoundError || name === 'ConflictError' || name === 'NotFoundError') {
      return error;
    }
    const secrets = [...this.usedSecrets, ...(this.remote?.secrets?.() ?? [])];
    const scrub = (text: string) => scrubSecrets(text, secrets);
    // Duck-typed: errors made by Node's own realm (execFile's under Jest) fail `instanceof Error`.
    if (typeof (error as Error | undefined)?.message !== 'string') return new Error(scrub(String(error)));
    const e = error as Error & { cmd?: unknown; stderr?: unknown; stdout?: unknown; code?: unknown };
    const fromProcess = 'cmd' in e || 'stderr' in e || 'stdout' in e;
    const clean = scrub(e.message) === e.message && scrub(String(e.stack ?? '')) === String(e.stack ?? '');
    if (!fromProcess && clean && !('cause' in e)) return error;
    const safe = new Error(scrub(e.message)) as Error & { stderr?: string; code?: unknown };
    if (!fromProcess) safe.name = e.name;
    if (typeof e.stderr === 'string') safe.stderr = scrub(e.stderr);
    if (typeof e.code === 'number' || typeof e.code === 'string') safe.code = e.code;
    return safe;
  }

  private async commitNow(
    changes: RepositoryFileChange[],
    message: string,
    author?: { name: string; email: string },
  ): Promise<CommitResult> {
    const paths = changes.map(c => c.path);
    await this.checkExpectations(changes);
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

  private async checkExpectations(changes: RepositoryFileChange[]): Promise<void> {
    for (const change of changes) {
      if (!change.expect) continue;
      const exists = (await this.readFile(change.path)) !== undefined;
      if (change.expect === 'absent' && exists) throw new ConflictError(`${change.path} already exists`);
      if (change.expect === 'present' && !exists) throw new NotFoundError(`${change.path} does not exist`);
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

/** The environment that hands git config entries to one git process. */
function configEnvironment(entries: GitConfigEntry[]): Record<string, string> {
  const env: Record<string, string> = { GIT_CONFIG_COUNT: String(entries.length) };
  entries.forEach(({ key, value }, i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  return env;
}

/** A config value and, for an Authorization header, the token inside it (decoded for Basic). */
function credentialsInConfigValue(value: string): string[] {
  const found = [value];
  const header = /^(?:Authorization:\s*)?(Basic|Bearer|token)\s+(\S+)\s*$/i.exec(value);
  if (header) {
    found.push(header[2]);
    if (header[1].toLowerCase() === 'basic') {
      const pair = Buffer.from(header[2], 'base64').toString('utf8');
      if (pair.includes(':')) found.push(pair.slice(pair.indexOf(':') + 1));
    }
  }
  return found;
}

/** The password of a URL with user info, or its user when it has no password (a token). */
function credentialsInUrl(url: string | undefined): string[] {
  try {
    const { username, password } = new URL(url ?? '');
    const secret = password || username;
    return secret ? [decodeURIComponent(secret)] : [];
  } catch {
    return [];
  }
}
