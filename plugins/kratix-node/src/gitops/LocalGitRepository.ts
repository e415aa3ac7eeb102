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

/**
 * A git working tree on this machine that the suite commits to. Commits are serialised
 * through one queue per instance, so concurrent writers in this process never race on the
 * index; each commit stages only the paths it names.
 * @public
 */
export class LocalGitRepository {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly directory: string) {}

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
    const run = this.queue.then(() => this.commitNow(changes, message, author));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async commitNow(
    changes: RepositoryFileChange[],
    message: string,
    author?: { name: string; email: string },
  ): Promise<CommitResult> {
    const paths = changes.map(c => c.path);
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
  }
}
