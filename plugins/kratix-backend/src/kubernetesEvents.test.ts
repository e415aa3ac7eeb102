import { mockCredentials } from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import request from 'supertest';
import {
  KubernetesApiClient,
  KubernetesKratixPlatform,
} from '@kratix-backstage/plugin-kratix-node';
import {
  eventually,
  FakeKubernetesApi,
  kubeConfigFor,
  seedFakePlatform,
} from '@kratix-backstage/plugin-kratix-node/testUtils';
import { startKratixBackend } from './__testUtils__/startKratixBackend';

jest.setTimeout(30_000);

const kratixEvent = (
  name: string,
  namespace: string,
  involvedObject: object,
  fields: object = {},
) => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name, namespace },
  involvedObject,
  type: 'Normal',
  reason: 'PipelineStarted',
  message: 'Configure Pipeline started',
  count: 1,
  lastTimestamp: '2026-10-03T08:00:00Z',
  ...fields,
});

describe('kratix backend plugin: Events and condition history (kubernetes platform)', () => {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledFrame: 'bypass' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  const auth = mockCredentials.user.header();
  let fake: FakeKubernetesApi;
  let platform: KubernetesKratixPlatform;

  beforeEach(async () => {
    fake = new FakeKubernetesApi();
    seedFakePlatform(fake);
    fake.put(
      kratixEvent('ci.1', 'team-checkout', {
        apiVersion: 'marketplace.kratix.io/v1alpha1',
        kind: 'jenkins',
        name: 'ci',
        namespace: 'team-checkout',
      }),
    );
    fake.put(
      kratixEvent(
        'work.1',
        'team-checkout',
        {
          apiVersion: 'platform.kratix.io/v1alpha1',
          kind: 'Work',
          name: 'jenkins-ci-instance-configure-a81b2',
          namespace: 'team-checkout',
        },
        {
          type: 'Warning',
          reason: 'WorksFailing',
          message: 'A WorkPlacement failed',
          lastTimestamp: '2026-10-03T09:00:00Z',
        },
      ),
    );
    fake.put(
      kratixEvent('jenkins.1', 'default', {
        apiVersion: 'platform.kratix.io/v1alpha1',
        kind: 'Promise',
        name: 'jenkins',
      }),
    );
    server.use(...fake.handlers());
    platform = new KubernetesKratixPlatform({
      name: 'prod',
      client: new KubernetesApiClient(kubeConfigFor(fake)),
      backoff: { initialMs: 20, maxMs: 100 },
    });
    await platform.start();
  });

  afterEach(() => {
    platform.stop();
    fake.dropWatches();
  });

  it('serves a request’s Events (its own and its Works’, newest first) and its condition history', async () => {
    const backend = await startKratixBackend([platform]);
    const path =
      '/api/kratix/platforms/prod/promises/jenkins/requests/team-checkout/ci';
    const res = await request(backend).get(path).set('Authorization', auth);
    expect(res.status).toBe(200);
    expect(res.body.events).toEqual([
      {
        type: 'Warning',
        reason: 'WorksFailing',
        message: 'A WorkPlacement failed',
        object: {
          kind: 'Work',
          name: 'jenkins-ci-instance-configure-a81b2',
          namespace: 'team-checkout',
        },
        count: 1,
        lastSeen: '2026-10-03T09:00:00Z',
      },
      {
        type: 'Normal',
        reason: 'PipelineStarted',
        message: 'Configure Pipeline started',
        object: { kind: 'jenkins', name: 'ci', namespace: 'team-checkout' },
        count: 1,
        lastSeen: '2026-10-03T08:00:00Z',
      },
    ]);
    expect(res.body.conditionHistory).toEqual([]);

    // A condition flaps: the page shows the change.
    const ci = fake
      .list('marketplace.kratix.io/v1alpha1', 'jenkins')
      .find(r => r.metadata.name === 'ci') as any;
    fake.put({
      ...ci,
      status: {
        ...ci.status,
        conditions: [
          {
            type: 'Reconciled',
            status: 'False',
            reason: 'WorksFailing',
            message: 'Failing',
          },
        ],
      },
    });
    await eventually(async () => {
      const again = await request(backend).get(path).set('Authorization', auth);
      return again.body.conditionHistory?.length > 0;
    });
    const again = await request(backend).get(path).set('Authorization', auth);
    expect(again.body.conditionHistory).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'Reconciled',
          status: 'False',
          reason: 'WorksFailing',
        }),
        expect.objectContaining({ type: 'WorksSucceeded', removed: true }),
      ]),
    );
  });

  it('serves a Promise’s Events', async () => {
    const backend = await startKratixBackend([platform]);
    const res = await request(backend)
      .get('/api/kratix/platforms/prod/promises/jenkins')
      .set('Authorization', auth);
    expect(res.status).toBe(200);
    expect(res.body.events).toEqual([
      expect.objectContaining({
        reason: 'PipelineStarted',
        object: { kind: 'Promise', name: 'jenkins' },
      }),
    ]);
  });
});
