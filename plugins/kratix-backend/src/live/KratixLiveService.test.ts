import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  notificationService,
  NotificationSendOptions,
} from '@backstage/plugin-notifications-node';
import {
  SignalPayload,
  signalsServiceRef,
} from '@backstage/plugin-signals-node';
import request from 'supertest';
import { stringify } from 'yaml';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ResourceRequest } from '@kratix-backstage/plugin-kratix-common';
import {
  createEmbeddedRepository,
  git,
  GitOpsKratixPlatform,
} from '@kratix-backstage/plugin-kratix-node';
import { fakeKubernetesPlatform } from '../__testUtils__/fakeKubernetesPlatform';
import { startKratixBackend } from '../__testUtils__/startKratixBackend';

// Real watches, git polling and settle windows on a loaded 2-core CI machine.
jest.setTimeout(40_000);

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function waitFor(
  check: () => boolean,
  timeoutMs = 20_000,
  state?: () => unknown,
) {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until)
      throw new Error(
        `timed out waiting for ${check}; ${JSON.stringify(state?.() ?? '')}`,
      );
    await sleep(25);
  }
}

/** Records what the plugin publishes and sends, as the signals and notifications backends would get it. */
function recorders(notificationsConfig: object = {}) {
  const signals: SignalPayload[] = [];
  const notifications: NotificationSendOptions[] = [];
  return {
    signals,
    notifications,
    features: [
      createServiceFactory({
        service: signalsServiceRef,
        deps: {},
        factory: () => ({
          publish: async (signal: SignalPayload<any>) => {
            signals.push(signal);
          },
        }),
      }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({
          send: async (options: NotificationSendOptions) => {
            notifications.push(options);
          },
        }),
      }),
      // One second of settling keeps the test short; production defaults to ten.
      mockServices.rootConfig.factory({
        data: {
          kratix: {
            notifications: { settleSeconds: 1, ...notificationsConfig },
          },
        },
      }),
    ],
  };
}

/** The messages on a channel, as every signed-in user receives them. */
function messagesOn(signals: SignalPayload[], channel: string) {
  return signals.filter(s => s.channel === channel).map(s => s.message);
}

/**
 * Every message is broadcast, and names only the kinds that changed: none of the words a
 * request is known by (its name, namespace, Promise, phase, owner) is in any of them.
 */
function expectOpaque(signals: SignalPayload[], words: string[]) {
  expect(signals.length).toBeGreaterThan(0);
  for (const signal of signals) {
    expect(signal.recipients).toEqual({ type: 'broadcast' });
    expect(Object.keys(signal.message).sort()).toEqual(['changed', 'platform']);
    for (const kind of signal.message.changed as string[])
      expect(['request', 'promise', 'destination', 'health']).toContain(kind);
    for (const word of words)
      expect(JSON.stringify(signal.message)).not.toContain(word);
  }
}

describe('KratixLiveService (kubernetes platform)', () => {
  const kube = fakeKubernetesPlatform({ token: 'sa-token' });

  const setReconciled = (ready: boolean) => {
    const ci = kube.fake
      .list('marketplace.kratix.io/v1alpha1', 'jenkins')
      .find(r => r.metadata.name === 'ci') as ResourceRequest;
    const conditions = ready
      ? [
          {
            type: 'Reconciled',
            status: 'True',
            reason: 'Reconciled',
            lastTransitionTime: '2026-10-03T09:00:00Z',
          },
        ]
      : [
          {
            type: 'Reconciled',
            status: 'False',
            reason: 'ConfigureWorkflowFailed',
            lastTransitionTime: '2026-10-03T09:00:00Z',
          },
          {
            type: 'ConfigureWorkflowCompleted',
            status: 'False',
            reason: 'ConfigureWorkflowFailed',
            message: 'A Configure Pipeline has failed: instance-configure',
            lastTransitionTime: '2026-10-03T09:00:00Z',
          },
        ];
    const { managedFields: _m, ...metadata } = ci.metadata as any;
    kube.fake.put({
      ...ci,
      metadata,
      status: { ...ci.status, conditions },
    } as ResourceRequest);
  };

  let subscribed: jest.SpyInstance;
  beforeEach(() => {
    subscribed = jest.spyOn(kube.platform, 'subscribe');
  });

  it('turns a watch event into one signal, then one notification to the owner per settled transition, and none for a flap', async () => {
    const rec = recorders();
    const backend = await startKratixBackend(
      [kube.platform],
      {},
      undefined,
      rec.features,
    );
    const listedPhase = async () =>
      (
        await request(backend)
          .get('/api/kratix/requests?platform=prod&namespace=team-checkout')
          .set('Authorization', mockCredentials.user.header())
      ).body.items.find((i: { name: string }) => i.name === 'ci')?.phase;
    // Let the service take its first look, which tells nobody anything.
    await waitFor(() => subscribed.mock.calls.length > 0);
    expect(rec.notifications).toEqual([]);

    await setReconciled(false);
    await waitFor(() => rec.notifications.length === 1);
    expect(rec.notifications[0]).toEqual({
      recipients: {
        type: 'entity',
        entityRef: ['group:default/team-checkout'],
      },
      payload: expect.objectContaining({
        topic: 'kratix-pipeline-failed',
        scope: 'kratix:prod:jenkins:team-checkout/ci:Failing',
        link: '/catalog/default/component/prod_jenkins_team-checkout_ci',
        description: expect.stringContaining(
          'ConfigureWorkflowFailed: A Configure Pipeline has failed: instance-configure',
        ),
      }),
    });
    // One message when the watch saw the change, one when it settled: neither says which request.
    expect(messagesOn(rec.signals, 'kratix:prod')).toEqual([
      { platform: 'prod', changed: ['request'] },
      { platform: 'prod', changed: ['request'] },
    ]);
    expectOpaque(rec.signals, [
      'ci',
      'team-checkout',
      'jenkins',
      'Failing',
      'Pending',
    ]);
    // A page that hears it reads the request again through the API: the settled phase.
    const detail = await request(backend)
      .get(
        '/api/kratix/platforms/prod/promises/jenkins/requests/team-checkout/ci',
      )
      .set('Authorization', mockCredentials.user.header());
    expect(detail.body.phase).toBe('Failing');
    expect(await listedPhase()).toBe('Failing');

    await setReconciled(true);
    await waitFor(() => rec.notifications.length === 2);
    expect(rec.notifications[1].payload).toEqual(
      expect.objectContaining({
        topic: 'kratix-request-ready',
        scope: 'kratix:prod:jenkins:team-checkout/ci:Ready',
      }),
    );

    // Ready, Failing, Ready again well within the window: pages hear of it, nobody is told.
    const before = rec.signals.length;
    await setReconciled(false);
    await sleep(300);
    // The list shows the settled phase while the new one waits out the window.
    expect(await listedPhase()).toBe('Ready');
    await setReconciled(true);
    await sleep(2_500);
    expect(rec.notifications).toHaveLength(2);
    expect(
      messagesOn(rec.signals.slice(before), 'kratix:prod').length,
    ).toBeGreaterThan(0);
    expectOpaque(rec.signals, ['ci', 'team-checkout', 'Failing', 'Ready']);
    expect(await listedPhase()).toBe('Ready');
  });

  it("links a notification to where app-config says the app mounts the catalog's entity page", async () => {
    const rec = recorders({
      links: { entity: '/portal/{kind}/{namespace}/{name}' },
    });
    await startKratixBackend([kube.platform], {}, undefined, rec.features);
    await waitFor(() => subscribed.mock.calls.length > 0);
    await setReconciled(false);
    await waitFor(() => rec.notifications.length === 1);
    expect(rec.notifications[0].payload.link).toBe(
      '/portal/component/default/prod_jenkins_team-checkout_ci',
    );
    await setReconciled(true);
  });

  it('gives a user without kratix.platform.read nothing of a request when the signal makes the page read again', async () => {
    const rec = recorders();
    const backend = await startKratixBackend(
      [kube.platform],
      { 'kratix.platform.read': AuthorizeResult.DENY },
      undefined,
      rec.features,
    );
    await waitFor(() => subscribed.mock.calls.length > 0);
    await setReconciled(false);
    await waitFor(() => rec.notifications.length === 1);
    // The broadcast reached them too, and told them nothing but "a request changed".
    expectOpaque(rec.signals, ['ci', 'team-checkout', 'jenkins', 'Failing']);
    for (const path of [
      '/api/kratix/platforms/prod/promises/jenkins/requests/team-checkout/ci',
      '/api/kratix/requests?platform=prod',
    ]) {
      const res = await request(backend)
        .get(path)
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(403);
      // Only the error (and the URL they asked for, echoed back): no request data.
      expect(Object.keys(res.body).sort()).toEqual([
        'error',
        'request',
        'response',
      ]);
      expect(JSON.stringify(res.body.error)).not.toMatch(
        /team-checkout|Failing|"ci"/,
      );
    }
  });
});

describe('KratixLiveService (gitops platform)', () => {
  let dataDir: string;
  let directory: string;
  let platform: GitOpsKratixPlatform;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-live-'));
    directory = await createEmbeddedRepository({ dataDir, name: 'easyeaty' });
    platform = new GitOpsKratixPlatform({
      name: 'easyeaty',
      directory,
      stateStorePaths: ['state'],
      maxAgeMs: 0,
      pollIntervalMs: 100,
    });
  });
  afterEach(async () => {
    platform.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const commitFile = async (path: string, text: string, message: string) => {
    await mkdir(dirname(join(directory, path)), { recursive: true });
    await writeFile(join(directory, path), text);
    await git(directory, ['add', '--all']);
    await git(directory, ['commit', '--quiet', '-m', message]);
  };

  it('takes a git host that cannot list pull requests for what it is, not for a platform outage', async () => {
    const rec = recorders();
    // From the start: the first look must still take its baseline of what is there.
    jest.spyOn(platform, 'listPendingRequests').mockRejectedValue(
      Object.assign(new Error('GitHub API answered HTTP 403'), {
        name: 'ServiceUnavailableError',
      }),
    );
    const subscribed = jest.spyOn(platform, 'subscribe');
    await startKratixBackend([platform], {}, undefined, rec.features);
    await waitFor(() => subscribed.mock.calls.length > 0);
    await waitFor(
      () => !!(platform as unknown as { lastHead?: string }).lastHead,
    );
    await commitFile(
      'requests/jenkins/team-a/during-outage.yaml',
      stringify({
        apiVersion: 'marketplace.kratix.io/v1alpha1',
        kind: 'jenkins',
        metadata: { name: 'during-outage', namespace: 'team-a' },
        spec: { env: 'dev' },
      }),
      'Request during-outage',
    );
    // The platform is still read and its changes still signalled...
    await waitFor(() =>
      messagesOn(rec.signals, 'kratix:easyeaty').some(m =>
        (m.changed as string[]).includes('request'),
      ),
    );
    await sleep(1_500);
    // ...and nobody hears of an unreachable platform, nor again of requests that were Ready.
    expect(rec.notifications.map(n => n.payload.topic)).toEqual([]);
  });

  it('turns commits into one signal each and tells the owner once when the request is Ready', async () => {
    const rec = recorders();
    const subscribed = jest.spyOn(platform, 'subscribe');
    const backend = await startKratixBackend(
      [platform],
      {},
      undefined,
      rec.features,
    );
    // The service has taken its first look once it listens; the poll then learns where HEAD is.
    await waitFor(() => subscribed.mock.calls.length > 0);
    // A commit made before the poll knows HEAD would be taken as the starting point, unseen.
    await waitFor(
      () => !!(platform as unknown as { lastHead?: string }).lastHead,
    );

    // Someone commits a request outside Backstage; the poll finds it.
    await commitFile(
      'requests/jenkins/team-a/fresh.yaml',
      stringify({
        apiVersion: 'marketplace.kratix.io/v1alpha1',
        kind: 'jenkins',
        metadata: {
          name: 'fresh',
          namespace: 'team-a',
          labels: { 'backstage.io/owner': 'group-team-a' },
        },
        spec: { env: 'dev' },
      }),
      'Request fresh Jenkins',
    );
    const listed = async () =>
      (
        await request(backend)
          .get('/api/kratix/requests?platform=easyeaty&namespace=team-a')
          .set('Authorization', mockCredentials.user.header())
      ).body.items.find((i: { name: string }) => i.name === 'fresh')?.phase;
    // Seen at once, settled a window later: a page reading on each signal ends on Pending.
    await waitFor(
      () => messagesOn(rec.signals, 'kratix:easyeaty').length >= 2,
      20_000,
      () => rec.signals,
    );
    await sleep(1_500);
    expect(await listed()).toBe('Pending');
    // Pending is no news to anyone.
    expect(rec.notifications).toEqual([]);

    // Kratix writes the request's documents to the state store.
    await commitFile(
      'state/gke/resources/team-a/jenkins/fresh/instance-configure/5058f/jenkins.yaml',
      'kind: Jenkins # env dev\n',
      'Update from: jenkins-fresh-instance-configure-12345.gke-5058f',
    );
    await waitFor(() => rec.notifications.length === 1);
    await sleep(1_500);
    expect(rec.notifications).toEqual([
      {
        recipients: { type: 'entity', entityRef: ['group:default/team-a'] },
        payload: expect.objectContaining({
          title: 'Your jenkins request team-a/fresh is ready',
          topic: 'kratix-request-ready',
          scope: 'kratix:easyeaty:jenkins:team-a/fresh:Ready',
        }),
      },
    ]);
    // Every message said only which kinds changed (the placement's commit touches clusters and
    // Promises too); a page reading again now shows Ready.
    expect(
      messagesOn(rec.signals, 'kratix:easyeaty').filter(m =>
        (m.changed as string[]).includes('request'),
      ).length,
    ).toBeGreaterThanOrEqual(2);
    expectOpaque(rec.signals, [
      'fresh',
      'team-a',
      'Pending',
      'Ready',
      'group-team-a',
    ]);
    expect(await listed()).toBe('Ready');
  });
});
