import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import { mockServices } from '@backstage/backend-test-utils';
import { FakeKubernetesApi } from '../testing/fakeKubernetesApi';
import { eventually, kubeConfigFor } from '../testing/kubeConfigFor';
import { seedFakePlatform } from '../testing/seedFakePlatform';
import { KubernetesApiClient } from '../kubernetes/KubernetesApiClient';
import { KubernetesKratixPlatform } from '../platform/KubernetesKratixPlatform';

jest.setTimeout(30_000);

/** A core/v1 Event as Kratix's controllers record one. */
function event(
  name: string,
  namespace: string,
  involvedObject: object,
  fields: Record<string, unknown> = {},
) {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace },
    involvedObject,
    reason: 'PipelineStarted',
    message: 'Configure Pipeline started: instance-configure',
    type: 'Normal',
    count: 1,
    firstTimestamp: '2026-10-03T08:00:00Z',
    lastTimestamp: '2026-10-03T08:00:00Z',
    source: { component: 'ResourceRequestController' },
    managedFields: [{ manager: 'kratix' }],
    ...fields,
  };
}

const ciRequest = {
  apiVersion: 'marketplace.kratix.io/v1alpha1',
  kind: 'jenkins',
  name: 'ci',
  namespace: 'team-checkout',
};

describe('Kubernetes Events and condition history (kubernetes mode)', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  let fake: FakeKubernetesApi;
  let platform: KubernetesKratixPlatform;
  let logger: ReturnType<typeof mockServices.logger.mock>;

  const start = async (token?: string) => {
    platform = new KubernetesKratixPlatform({
      name: 'prod',
      client: new KubernetesApiClient(kubeConfigFor(fake, token)),
      backoff: { initialMs: 20, maxMs: 100 },
      logger,
    });
    await platform.start();
  };

  beforeEach(() => {
    logger = mockServices.logger.mock();
    fake = new FakeKubernetesApi();
    seedFakePlatform(fake);
    server.use(...fake.handlers());
  });

  afterEach(() => {
    platform.stop();
    fake.dropWatches();
  });

  it('keeps the Events about Kratix objects, small, from the list and the watch', async () => {
    fake.put(event('ci.1', 'team-checkout', ciRequest));
    fake.put(
      event('pod.1', 'team-checkout', {
        apiVersion: 'v1',
        kind: 'Pod',
        name: 'some-pod',
        namespace: 'team-checkout',
      }),
    );
    await start();
    expect(
      (
        await platform.listEvents({
          kind: 'jenkins',
          group: 'marketplace.kratix.io',
          namespace: 'team-checkout',
          name: 'ci',
        })
      ).map(e => e.metadata.name),
    ).toEqual(['ci.1']);

    // From the watch: a Warning on the request's Work, one on the Promise, one on a Pod.
    fake.put(
      event(
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
          lastTimestamp: '2026-10-03T09:00:00Z',
        },
      ),
    );
    fake.put(
      event('jenkins.1', 'default', {
        apiVersion: 'platform.kratix.io/v1alpha1',
        kind: 'Promise',
        name: 'jenkins',
      }),
    );
    fake.put(
      event('pod.2', 'team-checkout', {
        apiVersion: 'v1',
        kind: 'Pod',
        name: 'other-pod',
        namespace: 'team-checkout',
      }),
    );
    const forCi = () =>
      platform.listEvents({
        kind: 'jenkins',
        group: 'marketplace.kratix.io',
        namespace: 'team-checkout',
        name: 'ci',
        promise: 'jenkins',
      });
    await eventually(async () => (await forCi()).length === 2);
    const events = await forCi();
    expect(events.map(e => e.metadata.name).sort()).toEqual(['ci.1', 'work.1']);
    // Kept small: no managedFields, source or resourceVersion.
    expect(events.find(e => e.metadata.name === 'work.1')).toEqual({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name: 'work.1',
        namespace: 'team-checkout',
        creationTimestamp: expect.any(String),
      },
      involvedObject: {
        apiVersion: 'platform.kratix.io/v1alpha1',
        kind: 'Work',
        name: 'jenkins-ci-instance-configure-a81b2',
        namespace: 'team-checkout',
      },
      reason: 'WorksFailing',
      message: 'Configure Pipeline started: instance-configure',
      type: 'Warning',
      count: 1,
      firstTimestamp: '2026-10-03T08:00:00Z',
      lastTimestamp: '2026-10-03T09:00:00Z',
    });
    await eventually(
      async () =>
        (
          await platform.listEvents({
            kind: 'Promise',
            group: 'platform.kratix.io',
            name: 'jenkins',
            promise: 'jenkins',
          })
        ).length === 1,
    );
    // Events about anything else are never kept.
    expect(
      await platform.listEvents({
        kind: 'Pod',
        namespace: 'team-checkout',
        name: 'other-pod',
      }),
    ).toEqual([]);
  });

  it('serves no Events, and stays connected, where the backend may not list them', async () => {
    fake.put(event('ci.1', 'team-checkout', ciRequest));
    fake.grant(
      'limited-token',
      (r: { resource: string }) => r.resource !== 'events',
    );
    await start('limited-token');
    expect(
      await platform.listEvents({
        kind: 'jenkins',
        namespace: 'team-checkout',
        name: 'ci',
      }),
    ).toEqual([]);
    expect(platform.health().connected).toBe(true);
    const said = () =>
      logger.warn.mock.calls.filter(([m]) =>
        String(m).includes('not allowed to list Kubernetes Events'),
      );
    // The Events watch starts beside the other caches: its refusal may be logged a moment later.
    await eventually(async () => said().length > 0);
    expect(said()).toHaveLength(1);
  });

  it('records a change of a request’s conditions once', async () => {
    await start();
    const ref = { promise: 'jenkins', namespace: 'team-checkout', name: 'ci' };
    expect(await platform.listConditionHistory(ref)).toEqual([]);
    const [ci] = fake
      .list('marketplace.kratix.io/v1alpha1', 'jenkins')
      .filter(r => r.metadata.name === 'ci') as any[];
    const conditions = ci.status.conditions.map((c: any) =>
      c.type === 'Reconciled'
        ? {
            ...c,
            status: 'Unknown',
            reason: 'WorksPending',
            message: 'Pending',
          }
        : c,
    );
    fake.put({ ...ci, status: { ...ci.status, conditions } });
    await eventually(
      async () => (await platform.listConditionHistory(ref)).length > 0,
    );
    // A change elsewhere in the status is no condition change.
    fake.put({
      ...ci,
      status: { ...ci.status, conditions, message: 'Still pending' },
    });
    await eventually(async () =>
      (
        await platform.listRequests({ promise: 'jenkins' })
      ).some(r => (r.status as any)?.message === 'Still pending'),
    );
    expect(await platform.listConditionHistory(ref)).toEqual([
      {
        time: expect.any(String),
        type: 'Reconciled',
        status: 'Unknown',
        reason: 'WorksPending',
        message: 'Pending',
      },
    ]);
  });
});
