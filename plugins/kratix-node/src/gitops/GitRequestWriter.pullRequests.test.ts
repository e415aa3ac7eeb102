/*
 * Pull-request mode with several replicas: each writer below has its own clone of one bare
 * remote (the git host's repository) and asks one fake of GitHub's pulls API (the git host's
 * API), as two backends behind a load balancer would. What is proposed is read from there,
 * never from a writer's memory.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { git } from './git';
import { createBareRemote } from '../testing/bareRemote';
import {
  FakeGithubPulls,
  startFakeGithubPulls,
} from '../testing/fakeGithubPulls';
import { GithubPullRequests } from './GithubPullRequests';
import { GitRequestWriter } from './GitRequestWriter';
import { LocalGitRepository } from './LocalGitRepository';

// Real git repositories and an HTTP server: generous on a loaded 2-core CI machine.
jest.setTimeout(60_000);

const request = (name: string, env = 'dev', owner = 'user:default/alice') => ({
  apiVersion: 'marketplace.kratix.io/v1alpha1',
  kind: 'jenkins',
  metadata: {
    name,
    namespace: 'team-a',
    labels: { 'backstage.io/owner': owner },
  },
  spec: { env },
});
const branchOf = (name: string) => `kratix/jenkins/team-a/${name}`;
const path = (name: string) => `requests/jenkins/team-a/${name}.yaml`;

/**
 * A bare remote (the git host's repository) and a fake of its pulls API, made anew for each
 * test, and writers that each have their own clone of the remote, as replicas do.
 */
function proposalsFixture(prefix: string) {
  const fixture = {
    root: '',
    remote: '',
    host: undefined as unknown as FakeGithubPulls,
    clones: 0,
    /** The host merges a proposal's pull request (a fast-forward) and closes it. */
    mergeOnHost: async (branch: string) => {
      const merger = join(fixture.root, `merger-${++fixture.clones}`);
      await git(fixture.root, ['clone', '--quiet', fixture.remote, merger]);
      await git(merger, [
        'push',
        '--quiet',
        'origin',
        `origin/${branch}:refs/heads/main`,
      ]);
      fixture.host.close(branch);
    },
    /** A new replica: its own clone of the shared remote (or of `url`), and the shared host. */
    writer: (url?: string) =>
      new GitRequestWriter(
        new LocalGitRepository(
          join(fixture.root, `replica-${++fixture.clones}`),
          { url: url ?? fixture.remote, branch: 'main' },
        ),
        'requests',
        new GithubPullRequests({
          apiBaseUrl: fixture.host.apiBaseUrl,
          owner: 'easyeaty',
          repo: 'platform',
          token: async () => 'gh-token',
        }),
      ),
  };
  beforeEach(async () => {
    fixture.root = await mkdtemp(join(tmpdir(), prefix));
    fixture.remote = await createBareRemote(fixture.root);
    fixture.host = await startFakeGithubPulls({
      owner: 'easyeaty',
      repo: 'platform',
      token: 'gh-token',
    });
  });
  afterEach(async () => {
    await fixture.host.stop();
    await rm(fixture.root, { recursive: true, force: true });
  });
  return fixture;
}

describe('requests proposed as pull requests, by several replicas', () => {
  const fixture = proposalsFixture('kratix-proposals-');
  const replica = () => fixture.writer();
  /** the branch on the remote, byte for byte: its commit and the document it holds. */
  const onRemote = async (name: string) => {
    const head = (
      await git(fixture.remote, ['rev-parse', `refs/heads/${branchOf(name)}`])
    ).trim();
    return {
      head,
      document: await git(fixture.remote, ['show', `${head}:${path(name)}`]),
    };
  };
  const mainFiles = async () =>
    (
      await git(fixture.remote, ['ls-tree', '-r', '--name-only', 'main'])
    ).trim();

  it("refuses a create over another replica's open pull request, leaving the branch byte for byte", async () => {
    const a = replica();
    const b = replica();
    const proposed = await a.submit('jenkins', request('review-me'), {
      requester: 'user:default/alice',
    });
    expect(proposed.pullRequestUrl).toBe(
      'https://github.test/easyeaty/platform/pull/1',
    );
    expect(await mainFiles()).toBe('');
    const before = await onRemote('review-me');
    expect(
      await git(fixture.remote, ['log', '-1', '--format=%B', before.head]),
    ).toContain('Kratix-Requested-By: user:default/alice');

    await expect(
      b.submit('jenkins', request('review-me', 'prod', 'user:default/bob'), {
        requester: 'user:default/bob',
      }),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining(
        'is already proposed in https://github.test/easyeaty/platform/pull/1',
      ),
    });
    expect(await onRemote('review-me')).toEqual(before);
    expect(fixture.host.pulls).toHaveLength(1);
    expect(fixture.host.pulls[0].state).toBe('open');
  });

  it("amends an open pull request from another replica with a commit on top, keeping the owner's metadata", async () => {
    const a = replica();
    await a.submit('jenkins', request('review-me'), {
      requester: 'user:default/alice',
    });
    const first = await onRemote('review-me');
    const b = replica();
    const updated = await b.submit(
      'jenkins',
      {
        ...request('review-me', 'prod'),
        metadata: { name: 'review-me', namespace: 'team-a' },
      },
      { operation: 'update', requester: 'user:default/alice' },
    );
    expect(updated.action).toBe('updated');
    expect(updated.pullRequestUrl).toBe(fixture.host.pulls[0].html_url);
    const second = await onRemote('review-me');
    // On top of the first commit, not instead of it: nothing was force-pushed.
    expect(
      (await git(fixture.remote, ['rev-parse', `${second.head}~1`])).trim(),
    ).toBe(first.head);
    expect(parse(second.document)).toMatchObject({
      metadata: { labels: { 'backstage.io/owner': 'user:default/alice' } },
      spec: { env: 'prod' },
    });
    expect(fixture.host.pulls).toHaveLength(1);
  });

  it('finds open proposals from the remote and the host, in a replica that never wrote them', async () => {
    await replica().submit('jenkins', request('review-me'), {
      requester: 'user:default/alice',
    });
    const other = replica();
    const pending = await other.listPending();
    expect(
      pending.map(p => [p.branch, p.pullRequestUrl, p.request.spec]),
    ).toEqual([
      [branchOf('review-me'), fixture.host.pulls[0].html_url, { env: 'dev' }],
    ]);
    expect(
      (
        await other.findPending({
          promise: 'jenkins',
          namespace: 'team-a',
          name: 'review-me',
        })
      )?.request.metadata.labels,
    ).toEqual({ 'backstage.io/owner': 'user:default/alice' });
    // A closed pull request is no longer pending, though its branch stays.
    fixture.host.close(branchOf('review-me'));
    expect(
      await other.findPending({
        promise: 'jenkins',
        namespace: 'team-a',
        name: 'review-me',
      }),
    ).toBeUndefined();
  });

  it("starts a closed proposal's branch again only for its own requester", async () => {
    await replica().submit('jenkins', request('again'), {
      requester: 'user:default/alice',
    });
    fixture.host.close(branchOf('again'));
    const left = await onRemote('again');

    await expect(
      replica().submit(
        'jenkins',
        request('again', 'prod', 'user:default/bob'),
        {
          requester: 'user:default/bob',
        },
      ),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining(
        'exists on the remote with commits that Backstage did not write for user:default/bob',
      ),
    });
    expect(await onRemote('again')).toEqual(left);

    const reopened = await replica().submit(
      'jenkins',
      request('again', 'staging'),
      { requester: 'user:default/alice' },
    );
    expect(reopened.pullRequestUrl).toBe(
      'https://github.test/easyeaty/platform/pull/2',
    );
    expect(parse((await onRemote('again')).document).spec).toEqual({
      env: 'staging',
    });
  });

  it('never replaces a branch whose last commit the suite did not write', async () => {
    const hand = join(fixture.root, 'hand');
    await git(fixture.root, ['clone', '--quiet', fixture.remote, hand]);
    await git(hand, ['checkout', '--quiet', '-b', branchOf('handmade')]);
    await git(hand, [
      'commit',
      '--quiet',
      '--allow-empty',
      '-m',
      'work in progress',
    ]);
    await git(hand, ['push', '--quiet', 'origin', branchOf('handmade')]);
    const before = (
      await git(fixture.remote, [
        'rev-parse',
        `refs/heads/${branchOf('handmade')}`,
      ])
    ).trim();
    await expect(
      replica().submit('jenkins', request('handmade'), {
        requester: 'user:default/alice',
      }),
    ).rejects.toMatchObject({ name: 'ConflictError' });
    expect(
      (
        await git(fixture.remote, [
          'rev-parse',
          `refs/heads/${branchOf('handmade')}`,
        ])
      ).trim(),
    ).toBe(before);
  });

  it('restarts a merged proposal branch for an update by anyone: nothing on it is lost', async () => {
    await replica().submit('jenkins', request('merged'), {
      requester: 'user:default/alice',
    });
    await fixture.mergeOnHost(branchOf('merged'));
    expect(await mainFiles()).toBe(path('merged'));

    // A fresh replica that never read the main branch: the writer pulls it before reading.
    const updater = replica();
    const update = await updater.submit('jenkins', request('merged', 'prod'), {
      operation: 'update',
      requester: 'user:default/ops',
    });
    expect(update.pullRequestUrl).toBe(
      'https://github.test/easyeaty/platform/pull/2',
    );
    expect(
      await git(fixture.remote, [
        'log',
        '-1',
        '--format=%B',
        branchOf('merged'),
      ]),
    ).toContain('Kratix-Requested-By: user:default/ops');
  });

  it('answers 503 when the pull request cannot be opened, and opens it when the request is written again', async () => {
    const writer = replica();
    fixture.host.fail(502, 1);
    await expect(
      writer.submit('jenkins', request('retry'), {
        requester: 'user:default/alice',
      }),
    ).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringContaining('writing the request again opens it'),
    });
    const again = await replica().submit('jenkins', request('retry'), {
      requester: 'user:default/alice',
    });
    expect(again.pullRequestUrl).toBe(fixture.host.pulls[0].html_url);
    expect(fixture.host.pulls.map(p => [p.head, p.state])).toEqual([
      [branchOf('retry'), 'open'],
    ]);
  });

  it('restarts a squash-merged proposal branch: the main branch holds its document, though not its commit', async () => {
    await replica().submit('jenkins', request('squashed'), {
      requester: 'user:default/alice',
    });
    // The host squashes the pull request: a new commit on main with the same document.
    const merger = join(fixture.root, 'squasher');
    await git(fixture.root, ['clone', '--quiet', fixture.remote, merger]);
    await git(merger, [
      'checkout',
      '--quiet',
      `origin/${branchOf('squashed')}`,
      '--',
      path('squashed'),
    ]);
    await git(merger, ['commit', '--quiet', '-m', 'Squashed (#1)']);
    await git(merger, ['push', '--quiet', 'origin', 'HEAD:main']);
    fixture.host.close(branchOf('squashed'));

    const paused = await replica().manage(
      { promise: 'jenkins', namespace: 'team-a', name: 'squashed' },
      'pause',
      { requester: 'user:default/ops' },
    );
    expect(paused.pullRequestUrl).toBe(
      'https://github.test/easyeaty/platform/pull/2',
    );
  });

  it('keeps listing open proposals when one branch holds a broken document, and ignores forks', async () => {
    await replica().submit('jenkins', request('sound'), {
      requester: 'user:default/alice',
    });
    await replica().submit('jenkins', request('broken'), {
      requester: 'user:default/alice',
    });
    // A reviewer's edit in the host's web editor leaves the document unreadable.
    const editor = join(fixture.root, 'editor');
    await git(fixture.root, ['clone', '--quiet', fixture.remote, editor]);
    await git(editor, ['checkout', '--quiet', branchOf('broken')]);
    await writeFile(join(editor, path('broken')), 'spec: [unclosed\n');
    await git(editor, ['commit', '--quiet', '-am', 'Edit in the browser']);
    await git(editor, ['push', '--quiet', 'origin', branchOf('broken')]);
    // A closed proposal's branch stays on the remote, and a fork opens a pull request from a
    // branch of the same name: that is not this repository's branch.
    await replica().submit('jenkins', request('forked'), {
      requester: 'user:default/alice',
    });
    fixture.host.close(branchOf('forked'));
    fixture.host.openFromFork(branchOf('forked'), 'someone-else');

    const pending = await replica().listPending();
    expect(pending.map(p => p.request.metadata.name)).toEqual(['sound']);
    // The broken proposal is still open: its name is not free to create.
    await expect(
      replica().submit('jenkins', request('broken'), {
        requester: 'user:default/bob',
      }),
    ).rejects.toMatchObject({ name: 'ConflictError' });
  });

  it('asks the remote nothing for a name no proposal can have', async () => {
    const writer = replica();
    for (const name of ['*', '../x', 'Upper']) {
      expect(
        await writer.findPending({
          promise: 'jenkins',
          namespace: 'team-a',
          name,
        }),
      ).toBeUndefined();
    }
    expect(fixture.host.calls.GET).toBe(0);
  });

  it('never treats two callers it cannot name as the same requester', async () => {
    await replica().submit('jenkins', request('anonymous'));
    fixture.host.close(branchOf('anonymous'));
    await expect(
      replica().submit('jenkins', request('anonymous', 'prod')),
    ).rejects.toMatchObject({ name: 'ConflictError' });
  });

  it('proposes an admin act (a Promise install) instead of pushing it to the main branch', async () => {
    const before = await git(fixture.remote, ['rev-parse', 'main']);
    const promise = {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'Promise',
      metadata: {
        name: 'redis',
        labels: { 'kratix.io/promise-version': 'v1' },
      },
      spec: {},
    };
    const installed = await replica().installPromise(
      promise as any,
      'promises',
      {
        requester: 'user:default/ops',
      },
    );
    expect(installed).toMatchObject({
      action: 'created',
      path: 'promises/redis.yaml',
      pullRequestUrl: 'https://github.test/easyeaty/platform/pull/1',
    });
    expect(await git(fixture.remote, ['rev-parse', 'main'])).toBe(before);
    const upgraded = await replica().installPromise(
      {
        ...promise,
        metadata: {
          ...promise.metadata,
          labels: { 'kratix.io/promise-version': 'v2' },
        },
      } as any,
      'promises',
      { requester: 'user:default/ops' },
    );
    expect(upgraded.action).toBe('updated');
    expect(upgraded.pullRequestUrl).toBe(installed.pullRequestUrl);
    expect(
      await git(fixture.remote, [
        'show',
        'kratix-platform/promises/redis:promises/redis.yaml',
      ]),
    ).toContain('kratix.io/promise-version: v2');
  });

  it('keeps the token out of a failed call to the host', async () => {
    const pulls = new GithubPullRequests({
      apiBaseUrl: 'https://github.test/api/v3',
      owner: 'easyeaty',
      repo: 'platform',
      token: async () => 'ghs_secret_token',
      fetch: async () => {
        throw Object.assign(new Error('fetch failed'), {
          cause: new Error(
            'connect refused; Authorization: Bearer ghs_secret_token',
          ),
        });
      },
    });
    const failure = await pulls.findOpen('kratix/jenkins/team-a/x').then(
      () => undefined,
      (error: Error) => error,
    );
    expect(failure?.name).toBe('ServiceUnavailableError');
    expect(`${failure?.message}${failure?.stack}`).not.toContain(
      'ghs_secret_token',
    );
  });

  it('lets exactly one of two replicas creating one name at once propose it', async () => {
    const results = await Promise.allSettled([
      replica().submit('jenkins', request('race', 'dev'), {
        requester: 'user:default/alice',
      }),
      replica().submit('jenkins', request('race', 'prod', 'user:default/bob'), {
        requester: 'user:default/bob',
      }),
    ]);
    const landed = results.filter(r => r.status === 'fulfilled');
    const refused = results.filter(
      (r): r is PromiseRejectedResult => r.status === 'rejected',
    );
    expect(landed).toHaveLength(1);
    expect(refused.map(r => r.reason.name)).toEqual(['ConflictError']);
    expect(fixture.host.pulls.filter(p => p.state === 'open')).toHaveLength(1);
  });

  it('answers 503 and writes nothing when the host cannot say whether a proposal is open', async () => {
    await replica().submit('jenkins', request('review-me'), {
      requester: 'user:default/alice',
    });
    const before = await onRemote('review-me');
    const writer = replica();
    fixture.host.fail(500, 1);
    await expect(
      writer.submit(
        'jenkins',
        request('review-me', 'prod', 'user:default/bob'),
        {
          requester: 'user:default/bob',
        },
      ),
    ).rejects.toMatchObject({ name: 'ServiceUnavailableError' });
    expect(await onRemote('review-me')).toEqual(before);
    expect(fixture.host.pulls).toHaveLength(1);

    fixture.host.fail(503, 1);
    await expect(writer.listPending()).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
    });

    const cut = fixture.writer(join(fixture.root, 'gone.git'));
    await expect(cut.listPending()).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
    });
    await expect(
      cut.submit('jenkins', request('unseen'), {
        requester: 'user:default/alice',
      }),
    ).rejects.toMatchObject({ name: 'ServiceUnavailableError' });
  });
});

describe('manage actions in pull-request mode', () => {
  const fixture = proposalsFixture('kratix-proposed-acts-');
  const writer = () => fixture.writer();
  const ref = { promise: 'jenkins', namespace: 'team-a', name: 'ci' };
  const mainLog = async () =>
    git(fixture.remote, ['log', '--format=%H', 'main']);

  it('proposes a pause of an open proposal as a commit on top of it, not on the main branch', async () => {
    await writer().submit('jenkins', request('ci'), {
      requester: 'user:default/alice',
    });
    const before = await mainLog();
    const paused = await writer().manage(ref, 'pause', {
      requester: 'user:default/alice',
    });
    expect(paused.pullRequestUrl).toBe(fixture.host.pulls[0].html_url);
    expect(paused.message).toBe(
      `Proposed in ${fixture.host.pulls[0].html_url}, to take effect once merged: Paused reconciliation of team-a/ci`,
    );
    expect(await mainLog()).toBe(before);
    const document = parse(
      await git(fixture.remote, ['show', `${branchOf('ci')}:${path('ci')}`]),
    );
    expect(document.metadata.labels).toEqual({
      'backstage.io/owner': 'user:default/alice',
      'kratix.io/paused': 'true',
    });
    expect(fixture.host.pulls).toHaveLength(1);
  });

  it('proposes the delete of a merged request instead of pushing it', async () => {
    await writer().submit('jenkins', request('ci'), {
      requester: 'user:default/alice',
    });
    await fixture.mergeOnHost(branchOf('ci'));
    const before = await mainLog();
    const deleter = writer();
    const deleted = await deleter.manage(ref, 'delete', {
      requester: 'user:default/ops',
    });
    expect(deleted.pullRequestUrl).toBe(fixture.host.pulls[1].html_url);
    expect(await mainLog()).toBe(before);
    await expect(
      git(fixture.remote, ['show', `${branchOf('ci')}:${path('ci')}`]),
    ).rejects.toThrow();
  });
});
