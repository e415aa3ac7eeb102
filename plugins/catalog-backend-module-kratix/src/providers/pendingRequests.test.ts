import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createEmbeddedRepository,
  git,
  GithubPullRequests,
  GitOpsKratixPlatform,
  GitRequestWriter,
  LocalGitRepository,
} from '@kratix-backstage/plugin-kratix-node';
import {
  FakeGithubPulls,
  startFakeGithubPulls,
} from '@kratix-backstage/plugin-kratix-node/testUtils';
import { readPlatformEntities } from './readPlatformEntities';

// Real git repositories and test backends: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

describe('pending requests proposed as pull requests', () => {
  let root: string;
  let remote: string;
  let host: FakeGithubPulls;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'kratix-pending-'));
    const seed = await createEmbeddedRepository({
      dataDir: root,
      name: 'seed',
    });
    remote = join(root, 'remote.git');
    await git(root, ['clone', '--quiet', '--bare', seed, remote]);
    host = await startFakeGithubPulls({
      owner: 'easyeaty',
      repo: 'platform',
      token: 't',
    });
  });
  afterEach(async () => {
    await host.stop();
    await rm(root, { recursive: true, force: true });
  });

  const platformAt = (dir: string) => {
    const opener = new GithubPullRequests({
      apiBaseUrl: host.apiBaseUrl,
      owner: 'easyeaty',
      repo: 'platform',
      token: async () => 't',
    });
    const repository = new LocalGitRepository(join(root, dir), {
      url: remote,
      branch: 'main',
    });
    return new GitOpsKratixPlatform({
      name: 'easyeaty',
      directory: join(root, dir),
      stateStorePaths: ['state'],
      maxAgeMs: 0,
      writer: new GitRequestWriter(repository, 'requests', opener),
    });
  };
  const release = {
    apiVersion: 'marketplace.kratix.io/v1alpha1',
    kind: 'jenkins',
    metadata: { name: 'release', namespace: 'team-a' },
    spec: { env: 'dev' },
  };
  const entityOf = async (platform: GitOpsKratixPlatform) =>
    (await readPlatformEntities(platform)).find(
      e => e.metadata.name === 'easyeaty_jenkins_team-a_release',
    );

  it('shows a pending entity with the pull request link at once, then the real one after the merge', async () => {
    const platform = platformAt('work');
    const result = await platform.submitRequest('jenkins', release);
    expect(result.pullRequestUrl).toBe(
      'https://github.test/easyeaty/platform/pull/1',
    );

    const pending = await entityOf(platform);
    expect(pending?.metadata.annotations).toEqual(
      expect.objectContaining({
        'kratix.io/phase': 'pending-review',
        'kratix.io/pull-request-url':
          'https://github.test/easyeaty/platform/pull/1',
      }),
    );

    // A reviewer merges the pull request.
    const reviewer = join(root, 'reviewer');
    await git(root, ['clone', '--quiet', remote, reviewer]);
    await git(reviewer, [
      'merge',
      '--quiet',
      'origin/kratix/jenkins/team-a/release',
    ]);
    await git(reviewer, ['push', '--quiet', 'origin', 'HEAD:main']);
    host.close('kratix/jenkins/team-a/release');

    const merged = await entityOf(platform);
    expect(merged?.metadata.annotations?.['kratix.io/phase']).toBeUndefined();
    expect(merged?.metadata.annotations?.['kratix.io/type']).toBe('resource');
    expect(await platform.listPendingRequests()).toEqual([]);
  });

  it('finds open pull requests again after a restart', async () => {
    await platformAt('before').submitRequest('jenkins', release);
    const restarted = platformAt('after');
    expect(
      (await restarted.listPendingRequests()).map(p => [
        p.request.metadata.name,
        p.pullRequestUrl,
      ]),
    ).toEqual([['release', 'https://github.test/easyeaty/platform/pull/1']]);
  });
});
