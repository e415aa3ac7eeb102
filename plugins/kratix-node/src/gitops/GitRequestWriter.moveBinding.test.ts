/*
 * Moving a request between Promise versions by the ResourceBinding declared in git
 * (moveRequestBinding), on a bare remote as the git host's repository: committed directly,
 * and proposed as a pull request on a fake of GitHub's pulls API, by two replicas.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
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

const PATH = 'platform/resourcebindings/team-a/ci-jenkins.yaml';
const BRANCH = 'kratix-platform/platform/resourcebindings/team-a/ci-jenkins';

/**
 * The binding Kratix would adopt for team-a/ci of jenkins (labels and spec as
 * dynamic_resource_request_controller.go updateResourceBinding finds and keeps them).
 */
const binding = (version: string) => ({
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'ResourceBinding' as const,
  metadata: {
    name: 'ci-jenkins',
    namespace: 'team-a',
    labels: {
      'kratix.io/promise-name': 'jenkins',
      'kratix.io/resource-name': 'ci',
    },
  },
  spec: {
    version,
    promiseRef: { name: 'jenkins' },
    resourceRef: { name: 'ci', namespace: 'team-a' },
  },
});

/** The ResourceBindings a file holds at a revision of the remote, as [name, version]. */
async function bindingsAt(remote: string, revision: string) {
  const text = await git(remote, ['show', `${revision}:${PATH}`]);
  return parseAllDocuments(text)
    .map(d => d.toJS())
    .filter(o => o?.kind === 'ResourceBinding')
    .map(o => [o.metadata.name, o.spec.version]);
}

describe('moving a request by its ResourceBinding in git', () => {
  let root: string;
  let remote: string;
  let host: FakeGithubPulls;
  let clones = 0;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'kratix-move-binding-'));
    remote = await createBareRemote(root);
    host = await startFakeGithubPulls({
      owner: 'easyeaty',
      repo: 'platform',
      token: 'gh-token',
    });
  });
  afterEach(async () => {
    await host.stop();
    await rm(root, { recursive: true, force: true });
  });

  /** A replica's writer: its own clone of the remote, proposing or committing. */
  const replica = (pullRequests: boolean) =>
    new GitRequestWriter(
      new LocalGitRepository(join(root, `replica-${++clones}`), {
        url: remote,
        branch: 'main',
      }),
      'requests',
      pullRequests
        ? new GithubPullRequests({
            apiBaseUrl: host.apiBaseUrl,
            owner: 'easyeaty',
            repo: 'platform',
            token: async () => 'gh-token',
          })
        : undefined,
    );
  const head = async (ref: string) =>
    (await git(remote, ['rev-parse', ref])).trim();

  it('commits the move, and a second move changes the same binding rather than adding one', async () => {
    await replica(false).moveRequestBinding(
      PATH,
      binding('v1.0.0'),
      'team-a/ci',
    );
    await replica(false).moveRequestBinding(
      PATH,
      binding('v1.1.0'),
      'team-a/ci',
    );
    expect(await bindingsAt(remote, 'main')).toEqual([
      ['ci-jenkins', 'v1.1.0'],
    ]);
  });

  it('proposes the move without touching main, and a second move from another replica amends the open proposal', async () => {
    const main = await head('main');
    const first = await replica(true).moveRequestBinding(
      PATH,
      binding('v1.0.0'),
      'team-a/ci',
      { requester: 'user:default/ops' },
    );
    expect(first.pullRequestUrl).toBe(
      'https://github.test/easyeaty/platform/pull/1',
    );
    const second = await replica(true).moveRequestBinding(
      PATH,
      binding('v1.1.0'),
      'team-a/ci',
      { requester: 'user:default/ops-2' },
    );
    expect(second.pullRequestUrl).toBe(first.pullRequestUrl);
    expect(await head('main')).toBe(main);
    expect(await bindingsAt(remote, BRANCH)).toEqual([
      ['ci-jenkins', 'v1.1.0'],
    ]);
    // Amended by a commit on top: the first proposal's commit is kept.
    expect(await head(`${BRANCH}~1`)).toBe(first.commit);
  });

  it("never replaces someone else's branch of that name: 409, the branch as it was, main as it was", async () => {
    const hand = join(root, 'hand');
    await git(root, ['clone', '--quiet', remote, hand]);
    await git(hand, ['checkout', '--quiet', '-b', BRANCH]);
    await git(hand, [
      'commit',
      '--quiet',
      '--allow-empty',
      '-m',
      'my own binding work',
    ]);
    await git(hand, ['push', '--quiet', 'origin', BRANCH]);
    const [branch, main] = [await head(BRANCH), await head('main')];
    await expect(
      replica(true).moveRequestBinding(PATH, binding('v1.0.0'), 'team-a/ci', {
        requester: 'user:default/ops',
      }),
    ).rejects.toMatchObject({ name: 'ConflictError' });
    expect([await head(BRANCH), await head('main')]).toEqual([branch, main]);
    expect(host.pulls).toEqual([]);
  });
});
