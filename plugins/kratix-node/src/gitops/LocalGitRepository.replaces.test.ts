/*
 * A change computed from a file's content (`replaces`) never lands over another writer's
 * change to that file: not locally, and not when a refused push replays it on the remote's
 * branch. Landing on a file that already holds the change is a no-op, not an error.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git } from './git';
import { createBareRemote } from '../testing/bareRemote';
import { LocalGitRepository } from './LocalGitRepository';

jest.setTimeout(60_000);

describe('LocalGitRepository: a change that replaces a known content', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'kratix-replaces-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('refuses (409) when the file holds something else, and is a no-op when it already holds the change', async () => {
    const directory = join(root, 'local');
    await git(root, ['init', '--quiet', directory]);
    const repository = new LocalGitRepository(directory);
    await repository.commit([{ path: 'a.yaml', content: 'one\n' }], 'One');
    await expect(
      repository.commit(
        [{ path: 'a.yaml', content: 'three\n', replaces: 'two\n' }],
        'Three',
      ),
    ).rejects.toThrow(expect.objectContaining({ name: 'ConflictError' }));
    expect(await repository.readFile('a.yaml')).toBe('one\n');
    expect(
      await repository.commit(
        [{ path: 'a.yaml', content: 'one\n', replaces: 'zero\n' }],
        'Again',
      ),
    ).toEqual(expect.objectContaining({ changed: false }));
    expect(
      await repository.commit(
        [{ path: 'a.yaml', content: 'two\n', replaces: 'one\n' }],
        'Two',
      ),
    ).toEqual(expect.objectContaining({ changed: true }));
  });

  it('with a remote, a replay after another replica pushed refuses rather than overwriting; the same change lands once', async () => {
    const remote = await createBareRemote(root);
    const replica = (name: string) =>
      new LocalGitRepository(join(root, name), { url: remote, branch: 'main' });
    const first = replica('first');
    await first.commit([{ path: 'a.yaml', content: 'one\n' }], 'One');
    const a = replica('a');
    const b = replica('b');
    await a.refresh();
    await b.refresh();
    // b changes the file; a, still at "one", computed its change from "one".
    await b.commit([{ path: 'a.yaml', content: 'theirs\n' }], 'Theirs');
    await expect(
      a.commit(
        [{ path: 'a.yaml', content: 'mine\n', replaces: 'one\n' }],
        'Mine',
      ),
    ).rejects.toThrow(expect.objectContaining({ name: 'ConflictError' }));
    expect(await git(remote, ['show', 'main:a.yaml'])).toBe('theirs\n');
    // Both compute the same change from "theirs": one commit on the remote.
    const c = replica('c');
    await c.refresh();
    await a.refresh();
    await c.commit(
      [{ path: 'a.yaml', content: 'same\n', replaces: 'theirs\n' }],
      'Same (c)',
    );
    await a.commit(
      [{ path: 'a.yaml', content: 'same\n', replaces: 'theirs\n' }],
      'Same (a)',
    );
    expect(
      (await git(remote, ['log', '--format=%s', 'main'])).trim().split('\n'),
    ).toEqual(['Same (c)', 'Theirs', 'One', 'root']);
  });
});
