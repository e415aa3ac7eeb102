/*
 * A Promise's workflow control in git: the label Kratix reads (kratix.io/paused: "true",
 * internal/controller/promise_controller.go:176 at Kratix HEAD) is written into the Promise's
 * document and nothing else changes, other documents of the file included; with pull requests
 * it is proposed on the Promise's `kratix-platform/<path>` branch (amending an open proposal
 * there), never pushed to main.
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

jest.setTimeout(60_000);

const PROMISE_FILE = `# The team's Promise and its config, one file.
apiVersion: platform.kratix.io/v1alpha1
kind: Promise
metadata:
  name: redis
  labels:
    kratix.io/promise-version: v1
spec: {}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: redis-defaults
  namespace: default
data:
  size: small
`;

describe('GitRequestWriter.managePromise', () => {
  let root: string;
  let remote: string;
  let host: FakeGithubPulls;
  let clones = 0;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'kratix-manage-promise-git-'));
    remote = await createBareRemote(root);
    host = await startFakeGithubPulls({
      owner: 'easyeaty',
      repo: 'platform',
      token: 'gh-token',
    });
    // The Promise file on main, as an admin committed it.
    const seed = join(root, 'seed');
    await git(root, ['clone', '--quiet', remote, seed]);
    await new LocalGitRepository(seed).commit(
      [{ path: 'platform/promises/redis.yaml', content: PROMISE_FILE }],
      'Install redis',
    );
    await git(seed, ['push', '--quiet', 'origin', 'HEAD:main']);
  });
  afterEach(async () => {
    await host.stop();
    await rm(root, { recursive: true, force: true });
  });

  const writer = (pullRequests: boolean) =>
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
  const onRemote = async (ref: string) =>
    parseAllDocuments(
      await git(remote, ['show', `${ref}:platform/promises/redis.yaml`]),
    ).map(d => d.toJS());

  it("commits the label into the Promise's document only, keeping the file's other documents and comment", async () => {
    const result = await writer(false).managePromise(
      'platform/promises/redis.yaml',
      'redis',
      'pause',
    );
    expect(result.message).toBe('Paused reconciliation of Promise redis');
    const [promise, config] = await onRemote('main');
    const [before, configBefore] = parseAllDocuments(PROMISE_FILE).map(d =>
      d.toJS(),
    );
    expect(promise).toEqual({
      ...before,
      metadata: {
        ...before.metadata,
        labels: { ...before.metadata.labels, 'kratix.io/paused': 'true' },
      },
    });
    expect(config).toEqual(configBefore);
    expect(
      await git(remote, ['show', 'main:platform/promises/redis.yaml']),
    ).toMatch(/^# The team's Promise and its config, one file\./);

    await writer(false).managePromise(
      'platform/promises/redis.yaml',
      'redis',
      'resume',
    );
    expect(await onRemote('main')).toEqual([before, configBefore]);
  });

  it('refuses a Promise the file does not declare (409), committing nothing', async () => {
    const head = await git(remote, ['rev-parse', 'main']);
    await expect(
      writer(false).managePromise(
        'platform/promises/redis.yaml',
        'nginx',
        'pause',
      ),
    ).rejects.toThrow(expect.objectContaining({ name: 'ConflictError' }));
    expect(await git(remote, ['rev-parse', 'main'])).toBe(head);
  });

  it('proposes the change on the Promise branch with pull requests, and amends that open proposal', async () => {
    const head = await git(remote, ['rev-parse', 'main']);
    const paused = await writer(true).managePromise(
      'platform/promises/redis.yaml',
      'redis',
      'pause',
      { requester: 'user:default/ops' },
    );
    expect(paused.pullRequestUrl).toBe(
      'https://github.test/easyeaty/platform/pull/1',
    );
    expect(await git(remote, ['rev-parse', 'main'])).toBe(head);
    const branch = 'kratix-platform/platform/promises/redis';
    expect((await onRemote(branch))[0].metadata.labels).toEqual({
      'kratix.io/promise-version': 'v1',
      'kratix.io/paused': 'true',
    });
    // Another replica re-runs it: on top of the open proposal, in the same pull request.
    const rerun = await writer(true).managePromise(
      'platform/promises/redis.yaml',
      'redis',
      'rerun',
    );
    expect(rerun.pullRequestUrl).toBe(paused.pullRequestUrl);
    expect((await onRemote(branch))[0].metadata.labels).toEqual({
      'kratix.io/promise-version': 'v1',
      'kratix.io/paused': 'true',
      'kratix.io/manual-reconciliation': 'true',
    });
    expect((await onRemote('main'))[0].metadata.labels).toEqual({
      'kratix.io/promise-version': 'v1',
    });
  });
});
