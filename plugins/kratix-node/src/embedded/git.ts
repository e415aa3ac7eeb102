import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Identity the suite commits as when no user is known (the embedded repository's seed). @public */
export const KRATIX_BACKSTAGE_AUTHOR = {
  name: 'Kratix Backstage',
  email: 'kratix-backstage@localhost',
};

/**
 * Runs the git CLI in a directory with a fixed identity and no prompts, returning stdout.
 * Global and system config are ignored so a developer's hooks or signing never interfere.
 * @public
 */
export async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', args, {
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
    },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}
