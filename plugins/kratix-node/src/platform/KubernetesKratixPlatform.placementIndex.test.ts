import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import {
  matchesPlacementQuery,
  PlacementQuery,
  WorkPlacement,
} from '@kratix-backstage/plugin-kratix-common';
import { FakeKubernetesApi } from '../testing/fakeKubernetesApi';
import { eventually, kubeConfigFor } from '../testing/kubeConfigFor';
import { seedFakePlatform } from '../testing/seedFakePlatform';
import { KubernetesApiClient } from '../kubernetes/KubernetesApiClient';
import { KubernetesKratixPlatform } from './KubernetesKratixPlatform';

jest.setTimeout(30_000);

const WORKPLACEMENT = ['platform.kratix.io/v1alpha1', 'WorkPlacement'] as const;
const NAMESPACES = ['team-a', 'team-b', 'kratix-platform-system'];

/**
 * A WorkPlacement as Kratix's scheduler writes it (controllers/scheduler.go,
 * applyWorkplacementsForTargetDestinations, v0.125.0): named after its Work and Destination,
 * its Promise and request copied from the Work; a Promise's own has no request.
 */
function workPlacement(
  work: string,
  namespace: string,
  destination: string,
  promise: string,
  resource?: string,
): WorkPlacement {
  return {
    apiVersion: WORKPLACEMENT[0],
    kind: WORKPLACEMENT[1],
    metadata: {
      name: `${work}.${destination}-5058f`,
      namespace,
      labels: {
        'kratix.io/work': work,
        'kratix.io/workload-group-id': '5058f4e9a5a6e2a4f6f1e2d3c4b5a697',
      },
    },
    spec: {
      targetDestinationName: destination,
      promiseName: promise,
      ...(resource ? { resourceName: resource } : {}),
      id: '5058f4e9a5a6e2a4f6f1e2d3c4b5a697',
      workloads: [{ filepath: 'app.yaml' }],
    },
  };
}

describe('KubernetesKratixPlatform placements by request, Destination and Promise', () => {
  let fake: FakeKubernetesApi;
  let platform: KubernetesKratixPlatform;
  const server = setupServer();
  registerMswTestHooks(server);

  beforeEach(async () => {
    fake = new FakeKubernetesApi();
    seedFakePlatform(fake);
    for (const namespace of NAMESPACES) fake.ensureNamespace(namespace);
    // Requests sharing names across namespaces and Promises; Promises' own placements.
    for (let i = 0; i < 24; i++) {
      const promise = ['redis', 'postgresql', 'jenkins'][i % 3];
      const resource = `app-${i % 5}`;
      const namespace = NAMESPACES[i % 2];
      const destination = ['eks', 'worker-1', 'on-prem-edge'][i % 3];
      fake.put(
        workPlacement(
          `${promise}-${resource}-${namespace}-${i}`,
          namespace,
          destination,
          promise,
          resource,
        ),
      );
    }
    for (const promise of ['redis', 'jenkins'])
      fake.put(
        workPlacement(`${promise}-dependencies`, NAMESPACES[2], 'eks', promise),
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

  const queries: PlacementQuery[] = [
    { promise: 'redis', namespace: 'team-a', resource: 'app-0' },
    { promise: 'postgresql', namespace: 'team-b', resource: 'app-1' },
    { resource: 'app-2' },
    { resource: 'app-3', type: 'resource' },
    { destination: 'eks' },
    { destination: 'worker-1', promise: 'redis' },
    { destination: 'nowhere' },
    { promise: 'jenkins' },
    { promise: 'jenkins', type: 'dependency' },
    { resource: 'no-such-request' },
  ];

  /** Every query's answer is the whole list filtered by it, in the same order. */
  async function expectEveryQueryToMatchTheWholeList() {
    const all = await platform.listPlacements();
    for (const query of queries)
      expect({ query, found: await platform.listPlacements(query) }).toEqual({
        query,
        found: all.filter(p => matchesPlacementQuery(p, query)),
      });
  }

  it('answers a query with what the whole list filtered by it gives, in order', async () => {
    expect(await platform.listPlacements()).toHaveLength(
      (await platform.listWorkPlacements()).length,
    );
    await expectEveryQueryToMatchTheWholeList();
    expect(
      (await platform.listPlacements({ resource: 'app-0' })).length,
    ).toBeGreaterThan(1);
  });

  it('follows WorkPlacements added, changed, moved and deleted', async () => {
    fake.put(workPlacement('redis-late', 'team-a', 'eks', 'redis', 'app-0'));
    // Moved to another request, Destination and Promise (Kratix itself never does this).
    const moved = fake
      .list(...WORKPLACEMENT)
      .find(wp =>
        wp.metadata.name.startsWith('jenkins-app-2-'),
      ) as WorkPlacement;
    fake.put({
      ...moved,
      spec: {
        ...moved.spec,
        resourceName: 'app-0',
        targetDestinationName: 'worker-1',
        promiseName: 'redis',
      },
    });
    const deleted = fake
      .list(...WORKPLACEMENT)
      .find(wp => wp.metadata.name.startsWith('redis-app-0-')) as WorkPlacement;
    fake.remove(
      ...WORKPLACEMENT,
      deleted.metadata.name,
      deleted.metadata.namespace,
    );
    await eventually(async () => {
      const names = (await platform.listWorkPlacements()).map(
        wp => wp.metadata.name,
      );
      const movedNow = (await platform.listWorkPlacements()).find(
        wp => wp.metadata.name === moved.metadata.name,
      );
      return (
        names.includes('redis-late.eks-5058f') &&
        !names.includes(deleted.metadata.name) &&
        movedNow?.spec.resourceName === 'app-0'
      );
    });
    const request = await platform.listPlacements({
      promise: 'redis',
      resource: 'app-0',
    });
    expect(request.map(p => p.workPlacement?.name)).toContain(
      moved.metadata.name,
    );
    expect(request.map(p => p.workPlacement?.name)).not.toContain(
      deleted.metadata.name,
    );
    await expectEveryQueryToMatchTheWholeList();
  });
});
