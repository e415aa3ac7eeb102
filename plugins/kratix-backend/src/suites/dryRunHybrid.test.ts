/*
 * Kratix's DryRun on a hybrid platform that proposes its writes as pull requests: the preview
 * runs on the cluster (fake API server) and the spec is checked as its write would check it,
 * but nothing reaches the git host (a bare remote and a fake of GitHub's pulls API) — no
 * commit, no branch, no pull request — whether the preview is allowed or refused.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { stringify } from 'yaml';
import {
  git,
  GithubPullRequests,
  GitRequestWriter,
  KubernetesApiClient,
  KubernetesKratixPlatform,
  LocalGitRepository,
} from '@kratix-backstage/plugin-kratix-node';
import {
  createBareRemote,
  FakeGithubPulls,
  FakeKubernetesApi,
  kubeConfigFor,
  seedFakePlatform,
  startFakeGithubPulls,
} from '@kratix-backstage/plugin-kratix-node/testUtils';
import {
  SeenAuditEvent,
  startPolicyBackend,
} from '../__testUtils__/startPolicyBackend';

jest.setTimeout(60_000);

const KRATIX = 'platform.kratix.io/v1alpha1';
const as = (user: string) =>
  mockCredentials.user.header(`user:default/${user}`);

describe('DryRun on a hybrid platform with pull requests', () => {
  const msw = setupServer();
  beforeAll(() => msw.listen({ onUnhandledFrame: 'bypass' } as any));
  afterAll(() => msw.close());
  let root: string;
  let remote: string;
  let host: FakeGithubPulls;
  let fake: FakeKubernetesApi;
  let platform: KubernetesKratixPlatform;
  let server: Server;
  const audit: SeenAuditEvent[] = [];

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'kratix-dryrun-hybrid-'));
    remote = await createBareRemote(root);
    host = await startFakeGithubPulls({
      owner: 'easyeaty',
      repo: 'platform',
      token: 'gh-token',
    });
    fake = new FakeKubernetesApi();
    seedFakePlatform(fake);
    msw.resetHandlers(...fake.handlers());
    // The repository holds the request the cluster has, as hybrid mode committed it.
    const ci = fake
      .list('marketplace.kratix.io/v1alpha1', 'jenkins')
      .find(r => r.metadata.name === 'ci')!;
    const seed = join(root, 'seed');
    await git(root, ['clone', '--quiet', remote, seed]);
    await mkdir(join(seed, 'requests/jenkins/team-checkout'), {
      recursive: true,
    });
    await writeFile(
      join(seed, 'requests/jenkins/team-checkout/ci.yaml'),
      stringify({
        apiVersion: ci.apiVersion,
        kind: ci.kind,
        metadata: {
          name: 'ci',
          namespace: 'team-checkout',
          labels: ci.metadata.labels,
        },
        spec: (ci as any).spec,
      }),
    );
    await git(seed, ['add', '--all']);
    await git(seed, ['commit', '--quiet', '-m', 'Request ci']);
    await git(seed, ['push', '--quiet', 'origin', 'HEAD:main']);
    platform = new KubernetesKratixPlatform({
      name: 'prod',
      admins: ['group:default/platform-team'],
      client: new KubernetesApiClient(kubeConfigFor(fake, 'sa-token')),
      backoff: { initialMs: 20, maxMs: 100 },
      requestWriter: new GitRequestWriter(
        new LocalGitRepository(join(root, 'clone'), {
          url: remote,
          branch: 'main',
        }),
        'requests',
        new GithubPullRequests({
          apiBaseUrl: host.apiBaseUrl,
          owner: 'easyeaty',
          repo: 'platform',
          token: async () => 'gh-token',
        }),
      ),
    });
    await platform.start();
    server = await startPolicyBackend([platform], audit);
  });
  afterEach(async () => {
    platform.stop();
    fake.dropWatches();
    await host.stop();
    await rm(root, { recursive: true, force: true });
  });

  /** The remote's refs: a commit or a branch made shows here. */
  const remoteRefs = () => git(remote, ['for-each-ref']);
  const preview = (user: string, body: object) =>
    request(server)
      .post('/api/kratix/platforms/prod/promises/jenkins/dry-runs')
      .set('Authorization', as(user))
      .send(body);

  it('previews an update and a creation on the cluster, and refuses another team, writing nothing to git', async () => {
    const before = await remoteRefs();
    const update = await preview('alice', {
      namespace: 'team-checkout',
      name: 'ci',
      spec: { env: 'dev', agents: 2 },
    });
    expect([update.status, update.body?.error?.message]).toEqual([
      202,
      undefined,
    ]);
    const create = await preview('bob', {
      namespace: 'team-payments',
      name: 'ci-next',
      spec: { env: 'dev' },
    });
    expect(create.status).toBe(202);
    const refused = await preview('bob', {
      namespace: 'team-checkout',
      name: 'ci',
      spec: { env: 'prod' },
    });
    expect(refused.status).toBe(403);
    expect(fake.list(KRATIX, 'DryRun')).toHaveLength(2);
    expect(await remoteRefs()).toBe(before);
    expect(host.pulls).toEqual([]);

    // Control: the same creation written for real is proposed (a branch and a pull request).
    const written = await request(server)
      .post('/api/kratix/platforms/prod/promises/jenkins/requests')
      .set('Authorization', as('bob'))
      .send({
        namespace: 'team-payments',
        name: 'ci-next',
        spec: { env: 'dev' },
      });
    expect(written.status).toBeLessThan(300);
    expect(await remoteRefs()).not.toBe(before);
    expect(host.pulls).toHaveLength(1);
  });
});
