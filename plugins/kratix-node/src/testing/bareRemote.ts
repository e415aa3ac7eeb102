import { join } from 'node:path';
import { git } from '../gitops/git';

/**
 * Makes a bare repository at `<root>/<name>` (a git host's copy) whose `main` holds one empty
 * commit, and returns its path.
 * @public
 */
export async function createBareRemote(
  root: string,
  name = 'remote.git',
): Promise<string> {
  const remote = join(root, name);
  await git(root, [
    'init',
    '--quiet',
    '--bare',
    '--initial-branch=main',
    remote,
  ]);
  const seed = join(root, `${name}-seed`);
  await git(root, ['clone', '--quiet', remote, seed]);
  await git(seed, ['commit', '--quiet', '--allow-empty', '-m', 'root']);
  await git(seed, ['push', '--quiet', 'origin', 'HEAD:main']);
  return remote;
}
