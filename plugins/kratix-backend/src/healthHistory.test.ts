/*
 * A request's health over time (issue #22, item 5) on its page (REST) and through
 * kratix:get-request. On a cluster: the Events Kratix emits when a HealthRecord brings a
 * state other than the request's (internal/controller/healthrecord_controller.go fireEvent at
 * HEAD: reason and action "HealthRecord", "Health state is <state>", Warning unless healthy or
 * ready, through the events.k8s.io recorder), and the changes of status.healthStatus.state
 * the backend's request watch saw. In gitops mode there is neither.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  createEmbeddedRepository,
  GitOpsKratixPlatform,
} from '@kratix-backstage/plugin-kratix-node';
import { eventually } from '@kratix-backstage/plugin-kratix-node/testUtils';
import { fakeKubernetesPlatform } from './__testUtils__/fakeKubernetesPlatform';
import { startKratixBackend } from './__testUtils__/startKratixBackend';

jest.setTimeout(60_000);

const auth = mockCredentials.user.header();
const CI = 'promises/jenkins/requests/team-checkout/ci';
const getRequestAction = (server: Server, platform: string) =>
  request(server)
    .post(
      `/api/kratix/.backstage/actions/v1/actions/${encodeURIComponent(
        'kratix:get-request',
      )}/invoke`,
    )
    .set('Authorization', auth)
    .send({
      platform,
      promise: 'jenkins',
      namespace: 'team-checkout',
      name: 'ci',
    });

describe('health history on a kubernetes platform (fake API server)', () => {
  const cluster = fakeKubernetesPlatform();

  it("keeps Kratix's HealthRecord Events and the changes the watch saw, newest first", async () => {
    const server = await startKratixBackend([cluster.platform]);
    const path = `/api/kratix/platforms/prod/${CI}`;
    const before = await request(server).get(path).set('Authorization', auth);
    expect(before.status).toBe(200);
    expect(before.body.healthHistory).toEqual([]);

    cluster.fake.put({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'ci.health', namespace: 'team-checkout' },
      involvedObject: {
        apiVersion: 'marketplace.kratix.io/v1alpha1',
        kind: 'jenkins',
        name: 'ci',
        namespace: 'team-checkout',
      },
      type: 'Warning',
      reason: 'HealthRecord',
      message: 'Health state is unhealthy',
      eventTime: '2026-11-30T10:00:00.000000Z',
      reportingController: 'kratix-platform-controller',
    });
    // The HealthRecord controller aggregates the records into the request's status.
    const ci = cluster.fake
      .list('marketplace.kratix.io/v1alpha1', 'jenkins')
      .find(r => r.metadata.name === 'ci') as any;
    cluster.fake.put({
      ...ci,
      status: {
        ...ci.status,
        healthStatus: { ...ci.status.healthStatus, state: 'unhealthy' },
      },
    });
    await eventually(async () => {
      const again = await request(server).get(path).set('Authorization', auth);
      return again.body.healthHistory?.length === 2;
    });
    const again = await request(server).get(path).set('Authorization', auth);
    const [observed, event] = again.body.healthHistory;
    expect(observed).toEqual({
      time: expect.any(String),
      state: 'unhealthy',
      previous: 'degraded',
      source: 'observed',
    });
    expect(event).toEqual({
      time: '2026-11-30T10:00:00.000000Z',
      state: 'unhealthy',
      source: 'event',
      message: 'Health state is unhealthy',
    });
    const action = await getRequestAction(server, 'prod');
    expect(action.status).toBe(200);
    expect(action.body.output.healthHistory).toEqual(again.body.healthHistory);
  });
});

describe('health history on a gitops platform (a real repository)', () => {
  let dataDir: string;
  let server: Server;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-health-history-'));
    const directory = await createEmbeddedRepository({
      dataDir,
      name: 'easyeaty',
    });
    server = await startKratixBackend([
      new GitOpsKratixPlatform({
        name: 'easyeaty',
        directory,
        stateStorePaths: ['state'],
        maxAgeMs: 0,
      }),
    ]);
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('has none to show: git holds no Events and no status to watch', async () => {
    const res = await request(server)
      .get(`/api/kratix/platforms/easyeaty/${CI}`)
      .set('Authorization', auth);
    expect(res.status).toBe(200);
    expect(res.body.healthHistory).toBeUndefined();
    const action = await getRequestAction(server, 'easyeaty');
    expect(action.status).toBe(200);
    expect(action.body.output.healthHistory).toBeUndefined();
  });
});
