import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git } from './git';
import { createBareRemote } from '../testing/bareRemote';
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
    const first = await repo.commit(
      [{ path: 'a/b.yaml', content: 'x: 1\n' }],
      'add b',
    );
    expect(first.changed).toBe(true);
    expect(await repo.readFile('a/b.yaml')).toBe('x: 1\n');
    const same = await repo.commit(
      [{ path: 'a/b.yaml', content: 'x: 1\n' }],
      'again',
    );
    expect(same).toEqual({ sha: first.sha, changed: false });
    const removed = await repo.commit(
      [{ path: 'a/b.yaml', content: null }],
      'remove b',
    );
    expect(removed.changed).toBe(true);
    expect(await repo.readFile('a/b.yaml')).toBeUndefined();
  });

  it('refuses paths outside the repository', async () => {
    const repo = new LocalGitRepository(dir);
    await expect(
      repo.commit([{ path: '../evil.yaml', content: 'x' }], 'm'),
    ).rejects.toThrow('outside');
    await expect(
      repo.commit([{ path: '/etc/evil.yaml', content: 'x' }], 'm'),
    ).rejects.toThrow('outside');
  });

  it('uses the given author', async () => {
    const repo = new LocalGitRepository(dir);
    await repo.commit([{ path: 'c.yaml', content: 'c' }], 'c', {
      name: 'Ada',
      email: 'ada@example.com',
    });
    expect((await git(dir, ['log', '-1', '--format=%an <%ae>'])).trim()).toBe(
      'Ada <ada@example.com>',
    );
  });
});

describe('LocalGitRepository with a remote: grouped commits', () => {
  let root: string;
  let remote: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'kratix-batch-'));
    remote = await createBareRemote(root);
    // Every push the remote accepts adds a line.
    await writeFile(
      join(remote, 'hooks', 'post-receive'),
      `#!/bin/sh\necho push >> "${join(root, 'pushes')}"\n`,
    );
    await chmod(join(remote, 'hooks', 'post-receive'), 0o755);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const pushes = async () =>
    (await readFile(join(root, 'pushes'), 'utf8').catch(() => ''))
      .split('\n')
      .filter(Boolean).length;
  const repoAt = (name: string) =>
    new LocalGitRepository(join(root, name), { url: remote, branch: 'main' });
  const author = (i: number) => ({
    name: `User ${i}`,
    email: `user-${i}@example.com`,
  });
  /** Commits another writer pushes straight to the remote. */
  const pushElsewhere = async (path: string, content: string) => {
    const other = await mkdtemp(join(root, 'other-'));
    await git(root, ['clone', '--quiet', remote, other]);
    await writeFile(join(other, path), content);
    await git(other, ['add', '--all']);
    await git(other, ['commit', '--quiet', '-m', `elsewhere ${path}`]);
    await git(other, ['push', '--quiet', 'origin', 'HEAD:main']);
  };

  it('pushes concurrent commits together, one commit per caller with its own message and author', async () => {
    const repo = repoAt('work');
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        repo.commit(
          [{ path: `r/${i}.yaml`, content: `n: ${i}\n`, expect: 'absent' }],
          `Request ${i}`,
          author(i),
        ),
      ),
    );
    expect(await pushes()).toBe(1);
    expect(new Set(results.map(r => r.sha)).size).toBe(30);
    // Every file's history on the remote is exactly its caller's commit.
    const history = new Map<string, string[]>();
    let commit = '';
    for (const line of (
      await git(remote, [
        'log',
        '--format=>%H|%an <%ae>|%s',
        '--name-only',
        'main',
      ])
    ).split('\n')) {
      if (line.startsWith('>')) commit = line.slice(1);
      else if (line) history.set(line, [...(history.get(line) ?? []), commit]);
    }
    for (let i = 0; i < 30; i++) {
      expect(results[i].changed).toBe(true);
      expect(history.get(`r/${i}.yaml`)).toEqual([
        `${results[i].sha}|User ${i} <user-${i}@example.com>|Request ${i}`,
      ]);
    }
  });

  it('sends the commits asked for while a push is in flight in the next push', async () => {
    // The remote takes its time with the first push, and says when it has started.
    const started = join(root, 'push-started');
    await writeFile(
      join(remote, 'hooks', 'pre-receive'),
      `#!/bin/sh\ncat > /dev/null\ntouch "${started}"\nsleep 1\n`,
    );
    await chmod(join(remote, 'hooks', 'pre-receive'), 0o755);
    const repo = repoAt('work');
    const first = repo.commit([{ path: 'first.yaml', content: '1' }], 'first');
    while (
      !(await readFile(started).then(
        () => true,
        () => false,
      ))
    )
      await new Promise(r => setTimeout(r, 20));
    const later = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        repo.commit(
          [{ path: `later-${i}.yaml`, content: `${i}` }],
          `later ${i}`,
        ),
      ),
    );
    await first;
    expect(await pushes()).toBe(2);
    const subjects = (await git(remote, ['log', '--format=%s', 'main']))
      .trim()
      .split('\n');
    expect(subjects).toHaveLength(12);
    // The later commits went out together, on top of the first.
    const [tip] = (await git(remote, ['rev-parse', 'main'])).trim().split('\n');
    expect(later[9].sha).toBe(tip);
  });

  it('fails only the caller whose expectation does not hold', async () => {
    const repo = repoAt('work');
    await repo.commit([{ path: 'taken.yaml', content: 'a' }], 'taken');
    const settled = await Promise.allSettled([
      repo.commit(
        [{ path: 'new.yaml', content: 'n', expect: 'absent' }],
        'new',
      ),
      repo.commit(
        [{ path: 'new.yaml', content: 'twice', expect: 'absent' }],
        'new again',
      ),
      repo.commit(
        [{ path: 'taken.yaml', content: 'b', expect: 'absent' }],
        'taken again',
      ),
      repo.commit(
        [{ path: 'missing.yaml', content: 'm', expect: 'present' }],
        'update missing',
      ),
      repo.commit(
        [{ path: 'taken.yaml', content: 'c', expect: 'present' }],
        'update taken',
      ),
    ]);
    expect(settled.map(s => s.status)).toEqual([
      'fulfilled',
      'rejected',
      'rejected',
      'rejected',
      'fulfilled',
    ]);
    expect((settled[1] as PromiseRejectedResult).reason.name).toBe(
      'ConflictError',
    );
    expect((settled[2] as PromiseRejectedResult).reason.name).toBe(
      'ConflictError',
    );
    expect((settled[3] as PromiseRejectedResult).reason.name).toBe(
      'NotFoundError',
    );
    expect(await git(remote, ['show', 'main:new.yaml'])).toBe('n');
    expect(await git(remote, ['show', 'main:taken.yaml'])).toBe('c');
    expect(
      (await git(remote, ['ls-tree', '--name-only', 'main']))
        .trim()
        .split('\n')
        .sort(),
    ).toEqual(['new.yaml', 'taken.yaml']);
  });

  it('removes files, leaves unchanged writes out, and refuses a path outside the tree for its caller only', async () => {
    const repo = repoAt('work');
    const odd = 'odd names/with "quotes" and spaces.yaml';
    const created = await repo.commit(
      [
        { path: 'gone.yaml', content: 'g' },
        { path: odd, content: 'o' },
      ],
      'create',
    );
    const [removed, same, outside, kept] = await Promise.allSettled([
      repo.commit([{ path: 'gone.yaml', content: null }], 'remove', author(2)),
      repo.commit([{ path: odd, content: 'o' }], 'same again'),
      repo.commit([{ path: '../evil.yaml', content: 'x' }], 'evil'),
      repo.commit([{ path: 'kept.yaml', content: 'k' }], 'keep'),
    ]);
    expect(String((outside as PromiseRejectedResult).reason)).toContain(
      'outside',
    );
    const value = <T>(r: PromiseSettledResult<T>) =>
      (r as PromiseFulfilledResult<T>).value;
    expect(value(removed).changed).toBe(true);
    // Unchanged: the commit the tree was at when its turn came (the removal before it).
    expect(value(same)).toEqual({ sha: value(removed).sha, changed: false });
    expect(value(kept).changed).toBe(true);
    expect(created.changed).toBe(true);
    expect(
      (await git(remote, ['ls-tree', '-r', '--name-only', '-z', 'main']))
        .split('\0')
        .filter(Boolean)
        .sort(),
    ).toEqual(['kept.yaml', odd]);
    expect(
      (await git(remote, ['log', '--format=%s|%an', 'main']))
        .trim()
        .split('\n'),
    ).toEqual([
      'keep|Kratix Backstage',
      'remove|User 2',
      'create|Kratix Backstage',
      'root|Kratix Backstage',
    ]);
    expect(await readFile(join(root, 'work', odd), 'utf8')).toBe('o');
  });

  it('fetches when a push is refused and makes the batch again on the remote’s branch, checking expectations again', async () => {
    const repo = repoAt('work');
    await repo.commit([{ path: 'mine.yaml', content: 'm' }], 'mine');
    // Another writer moves the remote, and takes a name this writer is about to create.
    await pushElsewhere('theirs.yaml', 't');
    await pushElsewhere('contested.yaml', 'theirs');
    const settled = await Promise.allSettled([
      repo.commit(
        [{ path: 'contested.yaml', content: 'mine', expect: 'absent' }],
        'contested',
      ),
      repo.commit(
        [{ path: 'after.yaml', content: 'a', expect: 'absent' }],
        'after',
        author(1),
      ),
    ]);
    expect((settled[0] as PromiseRejectedResult).reason.name).toBe(
      'ConflictError',
    );
    expect(settled[1].status).toBe('fulfilled');
    const { sha } = (settled[1] as PromiseFulfilledResult<{ sha: string }>)
      .value;
    expect((await git(remote, ['rev-parse', 'main'])).trim()).toBe(sha);
    expect(await git(remote, ['show', 'main:contested.yaml'])).toBe('theirs');
    const subjects = (await git(remote, ['log', '--format=%s', 'main']))
      .trim()
      .split('\n');
    expect(subjects).toEqual([
      'after',
      'elsewhere contested.yaml',
      'elsewhere theirs.yaml',
      'mine',
      'root',
    ]);
  });

  it('finds an unchanged write against the remote’s state, not a stale tree', async () => {
    const repo = repoAt('work');
    const first = await repo.commit(
      [{ path: 'x.yaml', content: 'one' }],
      'one',
    );
    const same = await repo.commit(
      [{ path: 'x.yaml', content: 'one' }],
      'one again',
    );
    expect(same).toEqual({ sha: first.sha, changed: false });
    await pushElsewhere('x.yaml', 'two');
    // The tree here still says "one": writing "one" again is a change to the remote's "two".
    const again = await repo.commit(
      [{ path: 'x.yaml', content: 'one' }],
      'back to one',
    );
    expect(again.changed).toBe(true);
    expect(await git(remote, ['show', 'main:x.yaml'])).toBe('one');
  });

  it('fails every caller of a batch that cannot land, leaves the remote’s state, and lands on retry', async () => {
    const repo = repoAt('work');
    await repo.commit([{ path: 'before.yaml', content: 'b' }], 'before');
    await writeFile(
      join(remote, 'hooks', 'pre-receive'),
      '#!/bin/sh\necho "frozen for the test" >&2\nexit 1\n',
    );
    await chmod(join(remote, 'hooks', 'pre-receive'), 0o755);
    const changes = (i: number) => [
      { path: `batch-${i}.yaml`, content: `${i}`, expect: 'absent' as const },
    ];
    const settled = await Promise.allSettled(
      [0, 1, 2].map(i => repo.commit(changes(i), `batch ${i}`)),
    );
    for (const s of settled) {
      expect(s.status).toBe('rejected');
      expect(String((s as PromiseRejectedResult).reason)).toMatch(
        /Push to main failed after 1 attempt\(s\): frozen for the test/,
      );
    }
    const work = join(root, 'work');
    expect((await git(work, ['status', '--porcelain'])).trim()).toBe('');
    expect((await git(work, ['rev-parse', 'HEAD'])).trim()).toBe(
      (await git(remote, ['rev-parse', 'main'])).trim(),
    );
    await rm(join(remote, 'hooks', 'pre-receive'));
    await Promise.all(
      [0, 1, 2].map(i => repo.commit(changes(i), `batch ${i}`)),
    );
    const subjects = (await git(remote, ['log', '--format=%s', 'main']))
      .trim()
      .split('\n');
    expect(subjects.filter(s => s.startsWith('batch ')).sort()).toEqual([
      'batch 0',
      'batch 1',
      'batch 2',
    ]);
  });
});
