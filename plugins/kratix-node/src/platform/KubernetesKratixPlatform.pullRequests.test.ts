/*
 * Hybrid mode with pull requests: requests are read from the platform cluster (a fake API
 * server) and written as pull requests to a git host (a bare remote and a fake of GitHub's
 * pulls API). A hybrid platform never pulls its repository to read, so its writes must.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import { parse } from 'yaml';
import { git } from '../gitops/git';
import { GithubPullRequests } from '../gitops/GithubPullRequests';
import { GitRequestWriter } from '../gitops/GitRequestWriter';
import { LocalGitRepository } from '../gitops/LocalGitRepository';
import { KubernetesApiClient } from '../kubernetes/KubernetesApiClient';
import { createBareRemote } from '../testing/bareRemote';
import { FakeKubernetesApi } from '../testing/fakeKubernetesApi';
import {
  FakeGithubPulls,
  startFakeGithubPulls,
} from '../testing/fakeGithubPulls';
import { eventually, kubeConfigFor } from '../testing/kubeConfigFor';
import { seedFakePlatform } from '../testing/seedFakePlatform';
import { KubernetesKratixPlatform } from './KubernetesKratixPlatform';

// Real git repositories, an HTTP server and watches: generous on a loaded 2-core CI machine.
jest.setTimeout(60_000);

describe('hybrid platform with pull requests', () => {
  // The fake cluster is answered through msw; the git host's API is a real server beside it.
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledFrame: 'bypass' }));
  afterAll(() => server.close());

  let root: string;
  let remote: string;
  let host: FakeGithubPulls;
  let fake: FakeKubernetesApi;
  const started: KubernetesKratixPlatform[] = [];

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'kratix-hybrid-prs-'));
    remote = await createBareRemote(root);
    host = await startFakeGithubPulls({
      owner: 'easyeaty',
      repo: 'platform',
      token: 'gh-token',
    });
    fake = new FakeKubernetesApi();
    seedFakePlatform(fake);
    server.resetHandlers(...fake.handlers());
  });
  afterEach(async () => {
    for (const p of started.splice(0)) p.stop();
    fake.dropWatches();
    await host.stop();
    await rm(root, { recursive: true, force: true });
  });

  /** A replica's hybrid platform: its own clone, the shared cluster, remote and host. */
  async function replica(id: string) {
    const platform = new KubernetesKratixPlatform({
      name: 'prod',
      client: new KubernetesApiClient(kubeConfigFor(fake)),
      requestWriter: new GitRequestWriter(
        new LocalGitRepository(join(root, id), { url: remote, branch: 'main' }),
        'requests',
        new GithubPullRequests({
          apiBaseUrl: host.apiBaseUrl,
          owner: 'easyeaty',
          repo: 'platform',
          token: async () => 'gh-token',
        }),
      ),
    });
    started.push(platform);
    await platform.start();
    return platform;
  }
  const ref = { promise: 'jenkins', namespace: 'team-a', name: 'hybrid-ci' };
  const branch = 'kratix/jenkins/team-a/hybrid-ci';
  const document = {
    apiVersion: 'marketplace.kratix.io/v1alpha1',
    kind: 'jenkins',
    metadata: {
      name: 'hybrid-ci',
      namespace: 'team-a',
      labels: { 'backstage.io/owner': 'user-alice' },
    },
    spec: { env: 'dev' },
  };

  it('manages a request still in its open pull request, then updates it once merged from a replica that never pulled', async () => {
    const a = await replica('a');
    const proposed = await a.submitRequest('jenkins', document, {
      requester: 'user:default/alice',
    });
    expect(proposed.pullRequestUrl).toBe(host.pulls[0].html_url);
    expect(await a.findPendingRequest(ref)).toBeDefined();

    // Not on the cluster yet: the act goes on top of the open proposal.
    const paused = await a.manageRequest(ref, 'pause', {
      requester: 'user:default/alice',
    });
    expect(paused.pullRequestUrl).toBe(host.pulls[0].html_url);
    expect(
      parse(
        await git(remote, [
          'show',
          `${branch}:requests/jenkins/team-a/hybrid-ci.yaml`,
        ]),
      ).metadata.labels['kratix.io/paused'],
    ).toBe('true');

    // The pull request is merged and the platform's GitOps agent applies the document.
    const merger = join(root, 'merger');
    await git(root, ['clone', '--quiet', remote, merger]);
    await git(merger, ['push', '--quiet', 'origin', `origin/${branch}:main`]);
    host.close(branch);
    fake.put({ ...document, metadata: { ...document.metadata, labels: {} } });
    await eventually(async () =>
      (
        await a.listRequests({ promise: 'jenkins', namespace: 'team-a' })
      ).some(r => r.metadata.name === 'hybrid-ci'),
    );

    const b = await replica('b');
    await eventually(async () =>
      (
        await b.listRequests({ promise: 'jenkins', namespace: 'team-a' })
      ).some(r => r.metadata.name === 'hybrid-ci'),
    );
    const updated = await b.submitRequest(
      'jenkins',
      { ...document, spec: { env: 'prod' } },
      { operation: 'update', requester: 'user:default/ops' },
    );
    expect(updated).toMatchObject({
      action: 'updated',
      pullRequestUrl: 'https://github.test/easyeaty/platform/pull/2',
    });
    const amended = parse(
      await git(remote, [
        'show',
        `${branch}:requests/jenkins/team-a/hybrid-ci.yaml`,
      ]),
    );
    // The merged pause label is kept: the update read what main holds now.
    expect(amended.metadata.labels['kratix.io/paused']).toBe('true');
    expect(amended.spec).toEqual({ env: 'prod' });
  });

  it('proposes a move between Promise versions as the ResourceBinding declared beside the request, leaving the cluster binding for the sync tool', async () => {
    // Every other act of a hybrid platform with pull requests is reviewed; a move too. Kratix
    // keeps the version of the one binding it finds by its labels, so the one declared has
    // the cluster binding's name (dynamic_resource_request_controller.go updateResourceBinding).
    const ci = { promise: 'jenkins', namespace: 'team-checkout', name: 'ci' };
    const a = await replica('a');
    const onCluster = () =>
      (
        fake.list('platform.kratix.io/v1alpha1', 'ResourceBinding') as any[]
      ).find(b => b.spec.resourceRef.name === 'ci');
    const before = onCluster();
    const moved = await a.manageRequest(ci, 'upgrade', {
      version: 'v1.4.0',
      requester: 'user:default/ops',
    });
    expect(moved.pullRequestUrl).toBe(host.pulls[0].html_url);
    expect(moved.message).toMatch(/^Proposed in .*: Asked Kratix to move/);
    const path = `requests/jenkins/team-checkout/${before.metadata.name}.yaml`;
    const declared = parse(
      await git(remote, [
        'show',
        `kratix-platform/${path.replace(/\.yaml$/, '')}:${path}`,
      ]),
    );
    expect(declared).toEqual({
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'ResourceBinding',
      metadata: {
        name: before.metadata.name,
        namespace: 'team-checkout',
        labels: {
          'kratix.io/promise-name': 'jenkins',
          'kratix.io/resource-name': 'ci',
        },
      },
      spec: {
        version: 'v1.4.0',
        promiseRef: { name: 'jenkins' },
        resourceRef: { name: 'ci', namespace: 'team-checkout' },
      },
    });
    // Nothing moved on the cluster, and main is as it was.
    expect(onCluster().spec.version).toBe(before.spec.version);
    await expect(git(remote, ['show', `main:${path}`])).rejects.toThrow();
  });
});
