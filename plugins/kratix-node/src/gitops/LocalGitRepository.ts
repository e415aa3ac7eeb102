import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, relative, sep } from 'node:path';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { scrubSecrets } from '@kratix-backstage/plugin-kratix-common';
import { git, KRATIX_BACKSTAGE_AUTHOR } from './git';
import { assertNoCredentialsInRemoteUrl } from './remoteUrl';

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
  /**
   * The content the change was computed from: when the file holds anything else (and not
   * already `content`), checked like `expect`, it fails with ConflictError, so a replayed
   * edit never overwrites a change another writer pushed meanwhile.
   */
  replaces?: string;
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

/** A commit waiting for the next push to a remote, with its caller's promise. */
interface QueuedCommit {
  changes: RepositoryFileChange[];
  message: string;
  author?: { name: string; email: string };
  resolve(result: CommitResult): void;
  reject(error: unknown): void;
}

/** A path an entry of a batch writes (content) or removes (null). */
interface PlannedWrite {
  path: string;
  content: string | null;
}

/** What became of one queued commit in a batch: its result or its own error. */
type BatchOutcome = { result: CommitResult } | { error: unknown };

/** The most commits one push carries; later arrivals go in the next push. */
const MAX_BATCH = 200;

/**
 * A git working tree on this machine that the suite commits to. Commits are serialised
 * through one queue per instance, so concurrent writers in this process never race on the
 * index; each commit stages only the paths it names.
 *
 * With a remote, commits are grouped: the commits asked for while a push is in flight become
 * one commit each (own message and author) on top of the branch, and go out together in the
 * next push. The remote is fetched on first use and when a push is refused because another
 * writer got there first: then the whole batch is made again on the remote's branch (its
 * `expect` checks too) and pushed again, so no request is lost or written twice. Each caller
 * gets its own commit; a batch that cannot land fails every caller in it and leaves the
 * working tree at the remote's state, so callers may retry.
 * @public
 */
export class LocalGitRepository {
  private queue: Promise<unknown> = Promise.resolve();
  private cloned = false;
  /** The local branch is the remote's as last fetched or pushed (no fetch needed to commit). */
  private synced = false;
  /** Commits waiting for the next push, and whether a run to push them is queued. */
  private readonly waiting: QueuedCommit[] = [];
  private batchQueued = false;
  private batchesSinceMaintenance = 0;
  private lockChecked = false;
  /** Credentials this instance has handed to git, to be scrubbed from every error. */
  private readonly usedSecrets = new Set<string>();

  constructor(readonly directory: string, readonly remote?: GitRemoteOptions) {
    // Git would keep a token in the URL on its command lines and in .git/config.
    assertNoCredentialsInRemoteUrl(remote?.url);
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
        for (const secret of credentialsInConfigValue(value))
          this.usedSecrets.add(secret);
      }
      return git(
        this.directory,
        args,
        auth.length ? { env: configEnvironment(auth) } : {},
      );
    });
  }

  /** Clones the remote on first use, then brings the working tree to the remote branch. */
  syncWithRemote(): Promise<void> {
    return this.scrubbed(() => this.syncWithRemoteNow());
  }

  private async syncWithRemoteNow(): Promise<void> {
    if (!this.remote) return;
    this.synced = false;
    if (!this.cloned) {
      const exists = await readFile(
        join(this.directory, '.git', 'HEAD'),
        'utf8',
      ).then(
        () => true,
        () => false,
      );
      if (!exists) {
        await mkdir(this.directory, { recursive: true });
        await git(this.directory, [
          'init',
          '--quiet',
          `--initial-branch=${this.remote.branch}`,
        ]);
        await git(this.directory, ['remote', 'add', 'origin', this.remote.url]);
      }
      this.cloned = true;
    }
    await this.remoteGit(['fetch', '--quiet', 'origin', this.remote.branch]);
    await git(this.directory, [
      'checkout',
      '--quiet',
      '-B',
      this.remote.branch,
      `origin/${this.remote.branch}`,
    ]);
    await git(this.directory, [
      'reset',
      '--quiet',
      '--hard',
      `origin/${this.remote.branch}`,
    ]);
    this.synced = true;
  }

  /**
   * Brings the working tree to the remote branch before a write reads it. When the remote
   * cannot be read, the error is thrown and the tree and the push state are left as they
   * were, so a caller may still write on what it has (the push's own checks then decide).
   */
  refresh(): Promise<void> {
    return this.exclusive(async () => {
      const synced = this.synced;
      try {
        await this.syncWithRemote();
      } catch (error) {
        this.synced = synced;
        throw error;
      }
    });
  }

  /** Clones the remote unless this process has already (reads of other branches need no sync). */
  private async ensureCloned(): Promise<void> {
    if (!this.cloned) await this.syncWithRemote();
  }

  /** Resolves a repository-relative path, refusing anything that escapes the tree. */
  resolvePath(path: string): string {
    const clean = normalize(path);
    if (
      isAbsolute(path) ||
      clean === '..' ||
      clean.startsWith(`..${sep}`) ||
      clean.includes(`${sep}..${sep}`)
    ) {
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

  /**
   * Writes and removes files, then commits exactly those paths (in queue order). With a
   * remote the commit goes out in the next push, together with the others asked for
   * meanwhile; it resolves once pushed, with its own commit.
   */
  commit(
    changes: RepositoryFileChange[],
    message: string,
    author?: { name: string; email: string },
  ): Promise<CommitResult> {
    if (!this.remote)
      return this.exclusive(() => this.commitNow(changes, message, author));
    return new Promise<CommitResult>((resolve, reject) => {
      this.waiting.push({ changes, message, author, resolve, reject });
      this.queueBatch();
    });
  }

  /** Queues one run that takes every waiting commit (up to MAX_BATCH) and pushes them. */
  private queueBatch(): void {
    if (this.batchQueued || this.waiting.length === 0) return;
    this.batchQueued = true;
    void this.exclusive(async () => {
      // Commits asked for from now on wait for the next run: this one has its batch.
      this.batchQueued = false;
      const batch = this.waiting.splice(0, MAX_BATCH);
      try {
        await this.pushBatch(batch);
      } finally {
        this.queueBatch();
      }
    }).catch(error => {
      // The run failed before taking its batch (a stale lock that could not be cleared).
      this.batchQueued = false;
      for (const entry of this.waiting.splice(0))
        entry.reject(this.safeError(error));
    });
  }

  /** Lands a batch and settles each caller: its own commit or error, or the batch's failure. */
  private async pushBatch(batch: QueuedCommit[]): Promise<void> {
    let outcomes: BatchOutcome[];
    try {
      outcomes = await this.scrubbed(() => this.landBatch(batch));
    } catch (error) {
      // Nothing of this batch is on the remote, nor kept here: every caller may retry.
      this.synced = false;
      for (const entry of batch) entry.reject(error);
      return;
    }
    batch.forEach((entry, i) => {
      const outcome = outcomes[i];
      if ('error' in outcome) entry.reject(this.safeError(outcome.error));
      else entry.resolve(outcome.result);
    });
  }

  /**
   * Makes one commit per entry on the branch and pushes them all. A push refused because
   * the remote moved fetches it, starts the branch again from the remote's and makes the
   * commits again (an entry's `expect` is checked against the new state), then pushes
   * again. A push is made even when no entry changed anything: it is how the batch learns
   * that the tree it checked the entries against is the remote's.
   */
  private async landBatch(batch: QueuedCommit[]): Promise<BatchOutcome[]> {
    const { branch, pushAttempts = 5 } = this.remote!;
    if (!this.synced) await this.syncWithRemoteNow();
    for (let attempt = 1; ; attempt++) {
      const base = await this.head();
      const planned = await this.planBatch(batch);
      const marks = await this.writeCommits(base, batch, planned);
      try {
        await this.remoteGit([
          'push',
          '--quiet',
          'origin',
          `HEAD:refs/heads/${branch}`,
        ]);
      } catch (error) {
        const message = String(
          (error as { stderr?: string }).stderr ?? (error as Error).message,
        );
        if (!isRefusedForRace(message) || attempt >= pushAttempts) {
          // Leave the tree at the remote's state: the commits are not kept locally to be lost later.
          await git(this.directory, [
            'reset',
            '--quiet',
            '--hard',
            `origin/${branch}`,
          ]).catch(() => undefined);
          throw new Error(
            `Push to ${branch} failed after ${attempt} attempt(s): ${pushFailureReason(
              message,
            )}`,
          );
        }
        // Lost a race with another writer: start again from the remote's branch.
        await this.remoteGit(['fetch', '--quiet', 'origin', branch]);
        await git(this.directory, [
          'reset',
          '--quiet',
          '--hard',
          `origin/${branch}`,
        ]);
        continue;
      }
      this.batchesSinceMaintenance += 1;
      if (this.batchesSinceMaintenance >= 50) {
        // fast-import leaves a pack per batch; let git pack them when there are many.
        this.batchesSinceMaintenance = 0;
        await git(this.directory, ['gc', '--auto', '--quiet']).catch(
          () => undefined,
        );
      }
      let sha = base;
      return planned.map((p, i) => {
        if ('error' in p) return p;
        if (p.writes.length) sha = marks.get(i + 1)!;
        return { result: { sha, changed: p.writes.length > 0 } };
      });
    }
  }

  /**
   * What each entry of a batch writes, entry after entry from the working tree (which is
   * HEAD's): its `expect` checked against the tree as the entries before it left it, and only
   * the paths whose content it changes. An entry whose check fails writes nothing.
   */
  private async planBatch(
    batch: QueuedCommit[],
  ): Promise<Array<{ writes: PlannedWrite[] } | { error: unknown }>> {
    const after = new Map<string, string | null>();
    const now = async (path: string): Promise<string | null> =>
      after.has(path) ? after.get(path)! : (await this.readFile(path)) ?? null;
    const planned: Array<{ writes: PlannedWrite[] } | { error: unknown }> = [];
    for (const entry of batch) {
      try {
        const final = new Map<string, string | null>();
        for (const change of entry.changes) {
          const path = this.treePath(change.path);
          const exists = (await now(path)) !== null;
          if (change.expect === 'absent' && exists)
            throw new ConflictError(`${change.path} already exists`);
          if (change.expect === 'present' && !exists)
            throw new NotFoundError(`${change.path} does not exist`);
          if (changedMeanwhile(change, await now(path)))
            throw new ConflictError(`${change.path} changed meanwhile`);
          final.set(path, change.content);
        }
        const writes: PlannedWrite[] = [];
        for (const [path, content] of final) {
          if ((await now(path)) !== content) writes.push({ path, content });
        }
        for (const { path, content } of writes) after.set(path, content);
        planned.push({ writes });
      } catch (error) {
        planned.push({ error });
      }
    }
    return planned;
  }

  /**
   * Makes the planned commits on top of `base` with one `git fast-import` (one commit per
   * entry that writes anything, with its message and author), then brings the working tree
   * to the new HEAD. Returns the commit of each entry by its 1-based position.
   */
  private async writeCommits(
    base: string,
    batch: QueuedCommit[],
    planned: Array<{ writes: PlannedWrite[] } | { error: unknown }>,
  ): Promise<Map<number, string>> {
    const marks = new Map<number, string>();
    if (!planned.some(p => 'writes' in p && p.writes.length)) return marks;
    const { branch } = this.remote!;
    const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
    const person = (who: { name: string; email: string }) =>
      `${who.name.replace(/[<>\n]/g, '')} <${who.email.replace(
        /[<>\n]/g,
        '',
      )}> now`;
    let stream = '';
    let first = true;
    planned.forEach((p, i) => {
      if (!('writes' in p) || p.writes.length === 0) return;
      const entry = batch[i];
      stream += `commit refs/heads/${branch}\nmark :${i + 1}\n`;
      stream += `author ${person(entry.author ?? KRATIX_BACKSTAGE_AUTHOR)}\n`;
      stream += `committer ${person(KRATIX_BACKSTAGE_AUTHOR)}\n`;
      stream += data(`${entry.message.trim()}\n`);
      if (first) stream += `from ${base}\n`;
      first = false;
      for (const { path, content } of p.writes) {
        if (content === null) stream += `D ${quotePath(path)}\n`;
        else stream += `M 100644 inline ${quotePath(path)}\n${data(content)}`;
      }
      stream += '\n';
    });
    const marksFile = join(this.directory, '.git', 'kratix-batch-marks');
    await git(
      this.directory,
      [
        'fast-import',
        '--quiet',
        '--date-format=now',
        `--export-marks=${marksFile}`,
      ],
      { input: `${stream}done\n` },
    );
    for (const line of (await readFile(marksFile, 'utf8')).split('\n')) {
      const [mark, sha] = line.split(' ');
      if (mark && sha) marks.set(Number(mark.slice(1)), sha);
    }
    await git(this.directory, ['reset', '--quiet', '--hard', 'HEAD']);
    return marks;
  }

  /** A path as git names it in the tree: relative, forward slashes, inside the repository. */
  private treePath(path: string): string {
    return relative(this.directory, this.resolvePath(path))
      .split(sep)
      .join('/');
  }

  /**
   * Commits the changes on a branch of the remote and pushes it (for pull requests), on top of
   * `from` (a commit already fetched; the remote's branch by default). The push is never a
   * blind force: a branch that moved meanwhile refuses it (ConflictError), and only with
   * `replacing` (the commit the remote branch must still be at) may it move the branch to a
   * history without that commit (`--force-with-lease`).
   */
  commitOnBranch(
    branchName: string,
    changes: RepositoryFileChange[],
    message: string,
    author?: { name: string; email: string },
    options: { from?: string; replacing?: string } = {},
  ): Promise<CommitResult> {
    return this.exclusive(() =>
      this.scrubbed(async () => {
        if (!this.remote)
          throw new Error('Pull requests need a remote repository');
        await this.syncWithRemote();
        await git(this.directory, [
          'checkout',
          '--quiet',
          '-B',
          branchName,
          options.from ?? `origin/${this.remote.branch}`,
        ]);
        try {
          const result = await this.commitNow(changes, message, author);
          const lease = options.replacing
            ? [
                `--force-with-lease=refs/heads/${branchName}:${options.replacing}`,
              ]
            : [];
          await this.remoteGit([
            'push',
            '--quiet',
            ...lease,
            'origin',
            `HEAD:refs/heads/${branchName}`,
          ]).catch(error => {
            const text = String(
              (error as { stderr?: string }).stderr ?? (error as Error).message,
            );
            if (isRefusedForRace(text))
              throw new ConflictError(
                `The branch ${branchName} changed on the remote while this was written; nothing was pushed, read it again`,
              );
            throw error;
          });
          return result;
        } finally {
          await git(this.directory, [
            'checkout',
            '--quiet',
            '-B',
            this.remote.branch,
            `origin/${this.remote.branch}`,
          ]);
        }
      }),
    );
  }

  /**
   * Fetches the remote's branches under `prefix` (e.g. `kratix/`) into
   * `refs/remotes/origin/<prefix>…`, dropping those gone from the remote, and returns each
   * branch with its commit.
   */
  async fetchBranches(prefix: string): Promise<Map<string, string>> {
    const tracking = `refs/remotes/origin/${prefix}`;
    await this.fetchRefs([
      '--prune',
      'origin',
      `+refs/heads/${prefix}*:${tracking}*`,
    ]);
    const listed = await git(this.directory, [
      'for-each-ref',
      '--format=%(objectname) %(refname)',
      `${tracking}`,
    ]);
    const branches = new Map<string, string>();
    for (const line of listed.split('\n').filter(Boolean)) {
      const [sha, ref] = line.split(' ');
      branches.set(ref.replace('refs/remotes/origin/', ''), sha);
    }
    return branches;
  }

  /** The commit a branch of the remote is at now (asked of the remote), or undefined. */
  async remoteBranchHead(branchName: string): Promise<string | undefined> {
    await this.exclusive(() => this.ensureCloned());
    const line = await this.remoteGit([
      'ls-remote',
      '--heads',
      'origin',
      `refs/heads/${branchName}`,
    ]);
    return line.split('\t')[0].trim() || undefined;
  }

  /** Fetches one branch of the remote into `refs/remotes/origin/<branch>`; returns its commit. */
  async fetchBranch(branchName: string): Promise<string> {
    const tracking = `refs/remotes/origin/${branchName}`;
    await this.fetchRefs(['origin', `+refs/heads/${branchName}:${tracking}`]);
    return (await git(this.directory, ['rev-parse', tracking])).trim();
  }

  /** Fetches with these arguments, serialised with the writes: a fetch moves refs they use. */
  private fetchRefs(args: string[]): Promise<void> {
    return this.exclusive(async () => {
      await this.ensureCloned();
      await this.remoteGit(['fetch', '--quiet', ...args]);
    });
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
    if (
      error instanceof ConflictError ||
      error instanceof NotFoundError ||
      name === 'ConflictError' ||
      name === 'NotFoundError'
    ) {
      return error;
    }
    const secrets = [...this.usedSecrets, ...(this.remote?.secrets?.() ?? [])];
    const scrub = (text: string) => scrubSecrets(text, secrets);
    // Duck-typed: errors made by Node's own realm (execFile's under Jest) fail `instanceof Error`.
    if (typeof (error as Error | undefined)?.message !== 'string')
      return new Error(scrub(String(error)));
    const e = error as Error & {
      cmd?: unknown;
      stderr?: unknown;
      stdout?: unknown;
      code?: unknown;
    };
    const fromProcess = 'cmd' in e || 'stderr' in e || 'stdout' in e;
    const clean =
      scrub(e.message) === e.message &&
      scrub(String(e.stack ?? '')) === String(e.stack ?? '');
    if (!fromProcess && clean && !('cause' in e)) return error;
    const safe = new Error(scrub(e.message)) as Error & {
      stderr?: string;
      code?: unknown;
    };
    if (!fromProcess) safe.name = e.name;
    if (typeof e.stderr === 'string') safe.stderr = scrub(e.stderr);
    if (typeof e.code === 'number' || typeof e.code === 'string')
      safe.code = e.code;
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
      const staged = await git(this.directory, [
        'diff',
        '--cached',
        '--name-only',
        '--',
        ...paths,
      ]);
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

  private async checkExpectations(
    changes: RepositoryFileChange[],
  ): Promise<void> {
    for (const change of changes) {
      if (changedMeanwhile(change, (await this.readFile(change.path)) ?? null))
        throw new ConflictError(`${change.path} changed meanwhile`);
      if (!change.expect) continue;
      const exists = (await this.readFile(change.path)) !== undefined;
      if (change.expect === 'absent' && exists)
        throw new ConflictError(`${change.path} already exists`);
      if (change.expect === 'present' && !exists)
        throw new NotFoundError(`${change.path} does not exist`);
    }
  }

  /** Puts the named paths back as HEAD has them (removing those HEAD does not have). */
  private async restore(paths: string[]): Promise<void> {
    await git(this.directory, ['reset', '--quiet', '--', ...paths]).catch(
      () => undefined,
    );
    for (const path of paths) {
      const tracked = await git(this.directory, ['ls-files', '--', path]);
      if (tracked.trim())
        await git(this.directory, ['checkout', '--quiet', 'HEAD', '--', path]);
      else await rm(this.resolvePath(path), { force: true });
    }
  }
}

/** Whether a change's file holds neither what the change replaces nor what it writes. */
function changedMeanwhile(
  change: RepositoryFileChange,
  current: string | null,
): boolean {
  return (
    change.replaces !== undefined &&
    current !== change.replaces &&
    current !== change.content
  );
}

/** The environment that hands git config entries to one git process. */
function configEnvironment(entries: GitConfigEntry[]): Record<string, string> {
  const env: Record<string, string> = {
    GIT_CONFIG_COUNT: String(entries.length),
  };
  entries.forEach(({ key, value }, i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  return env;
}

/** A config value and, for an Authorization header, the token inside it (decoded for Basic). */
function credentialsInConfigValue(value: string): string[] {
  const found = [value];
  const header =
    /^(?:Authorization:\s*)?(Basic|Bearer|token)\s+(\S+)\s*$/i.exec(value);
  if (header) {
    found.push(header[2]);
    if (header[1].toLowerCase() === 'basic') {
      const pair = Buffer.from(header[2], 'base64').toString('utf8');
      if (pair.includes(':')) found.push(pair.slice(pair.indexOf(':') + 1));
    }
  }
  return found;
}

/**
 * Whether a refused push lost a race with another writer (fetch, make the commits again and
 * push again). A hook's or a server's "no" is final.
 */
function isRefusedForRace(message: string): boolean {
  const declined =
    /hook declined|pre-receive hook|protected branch|returned error: 40[13]\b|\bHTTP 40[13]\b/i.test(
      message,
    );
  return (
    !declined &&
    /rejected|non-fast-forward|fetch first|failed to update ref|stale info/i.test(
      message,
    )
  );
}

/** The server's own words (`remote:` lines, e.g. a hook's reason) with git's verdict. */
function pushFailureReason(message: string): string {
  const lines = message.trim().split('\n');
  const remote = lines
    .filter(l => /^remote:\s*\S/.test(l))
    .map(l => l.replace(/^remote:\s*/, '').trim());
  return [...remote, lines.pop()].filter(Boolean).join('; ');
}

/** A path in a fast-import stream: C-style quoted, so any name goes through. */
function quotePath(path: string): string {
  return `"${path
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')}"`;
}
