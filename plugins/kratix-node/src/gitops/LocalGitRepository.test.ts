import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git } from '../embedded/git';
import { LocalGitRepository } from './LocalGitRepository';

// Real git repositories and test backends: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

describe('LocalGitRepository', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kratix-repo-'));
    await git(dir, ['init', '--quiet', '--initial-branch=main']);
    await git(dir, ['commit', '--quiet', '--allow-empty', '-m', 'root']);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('commits only the named paths and removes files', async () => {
    const repo = new LocalGitRepository(dir);
    const first = await repo.commit([{ path: 'a/b.yaml', content: 'x: 1\n' }], 'add b');
    expect(first.changed).toBe(true);
    expect(await repo.readFile('a/b.yaml')).toBe('x: 1\n');
    const same = await repo.commit([{ path: 'a/b.yaml', content: 'x: 1\n' }], 'again');
    expect(same).toEqual({ sha: first.sha, changed: false });
    const removed = await repo.commit([{ path: 'a/b.yaml', content: null }], 'remove b');
    expect(removed.changed).toBe(true);
    expect(await repo.readFile('a/b.yaml')).toBeUndefined();
  });

  it('refuses paths outside the repository', async () => {
    const repo = new LocalGitRepository(dir);
    await expect(repo.commit([{ path: '../evil.yaml', content: 'x' }], 'm')).rejects.toThrow('outside');
    await expect(repo.commit([{ path: '/etc/evil.yaml', content: 'x' }], 'm')).rejects.toThrow('outside');
  });

  it('uses the given author', async () => {
    const repo = new LocalGitRepository(dir);
    await repo.commit([{ path: 'c.yaml', content: 'c' }], 'c', { name: 'Ada', email: 'ada@example.com' });
    expect((await git(dir, ['log', '-1', '--format=%an <%ae>'])).trim()).toBe('Ada <ada@example.com>');
  });
});
