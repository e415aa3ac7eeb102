import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { git } from './git';
import { createBareRemote } from '../testing/bareRemote';
import { GithubPullRequests } from './GithubPullRequests';
import { GitRequestWriter } from './GitRequestWriter';
import { LocalGitRepository } from './LocalGitRepository';

// Real git repositories and test backends: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

const pulls: any[] = [];
const server = setupServer(
  http.post(
    'https://github.test/api/v3/repos/easyeaty/platform/pulls',
    async ({ request }) => {
      const body = (await request.json()) as any;
      if (request.headers.get('authorization') !== 'Bearer gh-token')
        return new HttpResponse(null, { status: 401 });
      if (pulls.some(p => p.head === body.head))
        return HttpResponse.json({ message: 'exists' }, { status: 422 });
      const pr = {
        ...body,
        html_url: `https://github.test/easyeaty/platform/pull/${
          pulls.length + 1
        }`,
      };
      pulls.push(pr);
      return HttpResponse.json(pr, { status: 201 });
    },
  ),
  http.get(
    'https://github.test/api/v3/repos/easyeaty/platform/pulls',
    ({ request }) => {
      const head = new URL(request.url).searchParams.get('head')!.split(':')[1];
      return HttpResponse.json(pulls.filter(p => p.head === head));
    },
  ),
);
registerMswTestHooks(server);

const request = (name: string) => ({
  apiVersion: 'marketplace.kratix.io/v1alpha1',
  kind: 'jenkins',
  metadata: { name, namespace: 'team-a' },
  spec: { env: 'dev' },
});

describe('requests repository with a remote', () => {
  let root: string;
  let remote: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'kratix-remote-'));
    remote = await createBareRemote(root);
    pulls.length = 0;
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const remoteFiles = async () =>
    (await git(remote, ['ls-tree', '-r', '--name-only', 'main']))
      .trim()
      .split('\n')
      .filter(Boolean)
      .sort();

  it('pushes every request from two writers racing on one branch: none lost, none twice', async () => {
    const a = new GitRequestWriter(
      new LocalGitRepository(join(root, 'a'), { url: remote, branch: 'main' }),
    );
    const b = new GitRequestWriter(
      new LocalGitRepository(join(root, 'b'), { url: remote, branch: 'main' }),
    );
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 ? a : b).submit('jenkins', request(`ci-${i}`)),
      ),
    );
    expect(await remoteFiles()).toEqual(
      Array.from(
        { length: 12 },
        (_, i) => `requests/jenkins/team-a/ci-${i}.yaml`,
      ).sort(),
    );
    const subjects = (await git(remote, ['log', '--format=%s', 'main']))
      .trim()
      .split('\n');
    expect(subjects.filter(s => s.startsWith('Request jenkins'))).toHaveLength(
      12,
    );
  });

  it('fails a push that cannot land without losing the remote state', async () => {
    const repo = new LocalGitRepository(join(root, 'c'), {
      url: join(root, 'nowhere.git'),
      branch: 'main',
    });
    await expect(
      new GitRequestWriter(repo).submit('jenkins', request('lost')),
    ).rejects.toThrow();
    expect(await remoteFiles()).toEqual([]);
  });

  it('opens a pull request per request and updates it on a second submit', async () => {
    const opener = new GithubPullRequests({
      apiBaseUrl: 'https://github.test/api/v3',
      owner: 'easyeaty',
      repo: 'platform',
      token: async () => 'gh-token',
    });
    const writer = new GitRequestWriter(
      new LocalGitRepository(join(root, 'pr'), { url: remote, branch: 'main' }),
      'requests',
      opener,
    );
    const first = await writer.submit('jenkins', request('review-me'));
    expect(first.pullRequestUrl).toBe(
      'https://github.test/easyeaty/platform/pull/1',
    );
    expect(await remoteFiles()).toEqual([]);
    expect(
      await git(remote, [
        'ls-tree',
        '-r',
        '--name-only',
        'kratix/jenkins/team-a/review-me',
      ]),
    ).toContain('requests/jenkins/team-a/review-me.yaml');
    await expect(
      writer.submit('jenkins', {
        ...request('review-me'),
        spec: { env: 'prod' },
      }),
    ).rejects.toThrow(
      'is already proposed in https://github.test/easyeaty/platform/pull/1',
    );
    const second = await writer.submit(
      'jenkins',
      { ...request('review-me'), spec: { env: 'prod' } },
      { operation: 'update' },
    );
    expect(second.pullRequestUrl).toBe(first.pullRequestUrl);
    expect(pulls).toHaveLength(1);
  });

  it('reads owner and repo from a GitHub URL', () => {
    expect(
      GithubPullRequests.parseRepoUrl(
        'https://github.com/easyeaty/platform.git',
      ),
    ).toEqual({
      host: 'github.com',
      owner: 'easyeaty',
      repo: 'platform',
    });
    expect(GithubPullRequests.parseRepoUrl('file:///tmp/x')).toBeUndefined();
  });
});
