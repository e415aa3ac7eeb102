import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Identity the suite commits as when no user is known (the embedded repository's seed). @public */
export const KRATIX_BACKSTAGE_AUTHOR = {
  name: 'Kratix Backstage',
  email: 'kratix-backstage@localhost',
};

/** Options of one git call. @public */
export interface GitCallOptions {
  /**
   * Extra environment for this call only. Credentials go here (as `GIT_CONFIG_COUNT`,
   * `GIT_CONFIG_KEY_n`, `GIT_CONFIG_VALUE_n`), never in `args`: the argument list is
   * visible to every user through `ps` and ends up in the message of a failed call.
   */
  env?: Record<string, string>;
  /** Text written to git's standard input (e.g. a `git fast-import` stream). */
  input?: string;
}

/**
 * Runs the git CLI in a directory with a fixed identity and no prompts, returning stdout.
 * Global and system config are ignored so a developer's hooks or signing never interfere.
 * @public
 */
export async function git(
  cwd: string,
  args: string[],
  options: GitCallOptions = {},
): Promise<string> {
  const call = run('git', args, {
    cwd,
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_TERMINAL_PROMPT: '0',
      GIT_AUTHOR_NAME: KRATIX_BACKSTAGE_AUTHOR.name,
      GIT_AUTHOR_EMAIL: KRATIX_BACKSTAGE_AUTHOR.email,
      GIT_COMMITTER_NAME: KRATIX_BACKSTAGE_AUTHOR.name,
      GIT_COMMITTER_EMAIL: KRATIX_BACKSTAGE_AUTHOR.email,
      ...options.env,
    },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (options.input !== undefined) {
    // git may exit before reading it all (a bad stream): its exit code says why, not EPIPE.
    call.child.stdin?.on('error', () => undefined);
    call.child.stdin?.end(options.input);
  }
  const { stdout } = await call;
  return stdout;
}
