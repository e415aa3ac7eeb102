/*
 * Hybrid mode: "Reconcile now" is a commit of kratix.io/manual-reconciliation into the
 * request's document. Kratix removes the label from the cluster object once it has re-run
 * (lib/workflow/reconciler.go removeManualReconciliationLabel, Kratix v0.125.0; the request
 * controller at HEAD), not from git, so the sync tool would set it again on every sync. The
 * platform removes it from git once the cluster object has lost it.
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
import { capturingLogger } from '../testing/capturingLogger';
import { FakeKubernetesApi } from '../testing/fakeKubernetesApi';
import {
  FakeGithubPulls,
  startFakeGithubPulls,
} from '../testing/fakeGithubPulls';
import { eventually, kubeConfigFor } from '../testing/kubeConfigFor';
import { seedFakePlatform } from '../testing/seedFakePlatform';
import { KubernetesKratixPlatform } from './KubernetesKratixPlatform';

jest.setTimeout(60_000);

const LABEL = 'kratix.io/manual-reconciliation';

describe('hybrid platform: the Reconcile now label once Kratix has re-run', () => {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledFrame: 'bypass' }));
  afterAll(() => server.close());

  let root: string;
  let remote: string;
  let fake: FakeKubernetesApi;
  let host: FakeGithubPulls | undefined;
  let platform: KubernetesKratixPlatform | undefined;
  const lines: string[] = [];

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'kratix-hybrid-reconcile-'));
    remote = await createBareRemote(root);
    fake = new FakeKubernetesApi();
    seedFakePlatform(fake);
    server.resetHandlers(...fake.handlers());
    lines.length = 0;
  });
  afterEach(async () => {
    platform?.stop();
    fake.dropWatches();
    await host?.stop();
    host = undefined;
    await rm(root, { recursive: true, force: true, maxRetries: 10 });
  });

  async function start(pullRequests: boolean) {
    if (pullRequests)
      host = await startFakeGithubPulls({
        owner: 'easyeaty',
        repo: 'platform',
        token: 'gh-token',
      });
    platform = new KubernetesKratixPlatform({
      name: 'prod',
      client: new KubernetesApiClient(kubeConfigFor(fake)),
      logger: capturingLogger(lines),
      requestWriter: new GitRequestWriter(
        new LocalGitRepository(join(root, 'clone'), {
          url: remote,
          branch: 'main',
        }),
        'requests',
        host &&
          new GithubPullRequests({
            apiBaseUrl: host.apiBaseUrl,
            owner: 'easyeaty',
            repo: 'platform',
            token: async () => 'gh-token',
          }),
      ),
    });
    await platform.start();
    return platform;
  }

  const ref = { promise: 'jenkins', namespace: 'team-a', name: 'hybrid-ci' };
  const path = 'requests/jenkins/team-a/hybrid-ci.yaml';
  const document = {
    apiVersion: 'marketplace.kratix.io/v1alpha1',
    kind: 'jenkins',
    metadata: { name: 'hybrid-ci', namespace: 'team-a' },
    spec: { env: 'dev' },
  };
  const onMain = async () =>
    parse(await git(remote, ['show', `main:${path}`])) as typeof document & {
      metadata: { labels?: Record<string, string> };
    };
  /** What the sync tool and then Kratix do on the cluster: apply the label, then remove it. */
  async function syncThenKratixReRuns(p: KubernetesKratixPlatform) {
    fake.put({
      ...document,
      metadata: { ...document.metadata, labels: { [LABEL]: 'true' } },
    });
    await eventually(async () =>
      (
        await p.listRequests({ promise: 'jenkins', namespace: 'team-a' })
      ).some(r => r.metadata.labels?.[LABEL] === 'true'),
    );
    fake.put(document);
  }

  it('removes the label from git once the cluster object has lost it, and only then', async () => {
    const p = await start(false);
    await p.submitRequest('jenkins', document);
    fake.put(document);
    await p.manageRequest(ref, 'rerun');
    expect((await onMain()).metadata.labels).toEqual({ [LABEL]: 'true' });
    await syncThenKratixReRuns(p);
    await eventually(async () => !(await onMain()).metadata.labels);
    expect(
      (await git(remote, ['log', '-1', '--format=%s', 'main'])).trim(),
    ).toBe(
      `Clear ${LABEL} from team-a/hybrid-ci (Promise jenkins): Kratix has re-run it`,
    );
    expect((await onMain()).spec).toEqual({ env: 'dev' });
  });

  it('pushes nothing with pull requests, and says the label stays until a merged change removes it', async () => {
    const p = await start(true);
    fake.put(document);
    await eventually(async () =>
      (
        await p.listRequests({ promise: 'jenkins', namespace: 'team-a' })
      ).some(r => r.metadata.name === 'hybrid-ci'),
    );
    const head = (await git(remote, ['rev-parse', 'main'])).trim();
    await syncThenKratixReRuns(p);
    await eventually(async () =>
      lines.some(l =>
        l.startsWith(
          `warn Kratix has re-run team-a/hybrid-ci (Promise jenkins); ${LABEL} stays in ${path} until a merged change removes it`,
        ),
      ),
    );
    expect((await git(remote, ['rev-parse', 'main'])).trim()).toBe(head);
    expect(host!.pulls).toEqual([]);
  });
});
