import { gzipSync } from 'node:zlib';
import { setupServer } from 'msw/node';
import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  KratixPromise,
  KubernetesObject,
} from '@kratix-backstage/plugin-kratix-common';
import {
  KubernetesApiClient,
  KubernetesKratixPlatform,
} from '@kratix-backstage/plugin-kratix-node';
import {
  eventually,
  FakeKubernetesApi,
  kubeConfigFor,
  registerPromiseApi,
} from '@kratix-backstage/plugin-kratix-node/testUtils';
import {
  backstageDestination,
  BACKSTAGE_GROUP,
  BACKSTAGE_GROUP_ID,
  generatorRequestComponent,
  KAFKA_BACKSTAGE_YAML,
  KAFKA_PROMISE,
  kafkaRequest,
} from '../__testUtils__/portalOutput';
import { destination } from '../__testUtils__/easyeaty';
import { KratixEntityProvider } from './KratixEntityProvider';
import { readPlatformEntities } from './readPlatformEntities';

jest.setTimeout(30_000);

/** Kratix keeps each workload gzip-compressed and base64-encoded (lib/compression). */
const encoded = (text: string) => gzipSync(text).toString('base64');

/**
 * A WorkPlacement as Kratix's scheduler makes it (internal/controller/scheduler.go): named
 * `<work>.<destination>-<group id[0:5]>`, in its Work's namespace, labelled with its Work,
 * group, Destination and pipeline, carrying the group's workloads.
 */
function workPlacement(options: {
  work: string;
  namespace: string;
  destination: string;
  pipeline: string;
  resource?: string;
  files: Record<string, string>;
}): KubernetesObject {
  return {
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'WorkPlacement',
    metadata: {
      name: `${options.work}.${options.destination}-${BACKSTAGE_GROUP}`,
      namespace: options.namespace,
      labels: {
        'kratix.io/work': options.work,
        'kratix.io/workload-group-id': BACKSTAGE_GROUP_ID,
        'kratix.io/targetDestinationName': options.destination,
        'kratix.io/pipeline-name': options.pipeline,
      },
    },
    spec: {
      targetDestinationName: options.destination,
      promiseName: 'kafka',
      ...(options.resource ? { resourceName: options.resource } : {}),
      id: BACKSTAGE_GROUP_ID,
      workloads: Object.entries(options.files).map(([filepath, text]) => ({
        filepath,
        content: encoded(text),
      })),
    },
  } as KubernetesObject;
}

const promiseWorkPlacement = workPlacement({
  work: 'kafka-promise-configure-1a2b3',
  namespace: 'kratix-platform-system',
  destination: 'backstage',
  pipeline: 'promise-configure',
  files: {
    'backstage/backstage.yaml': KAFKA_BACKSTAGE_YAML,
    'backstage/notes.yaml': 'kind: [',
  },
});

describe('entities Kratix pipelines publish, on a cluster', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  let fake: FakeKubernetesApi;
  let platform: KubernetesKratixPlatform;

  beforeEach(async () => {
    fake = new FakeKubernetesApi();
    server.use(...fake.handlers());
    registerPromiseApi(fake, KAFKA_PROMISE as KratixPromise);
    fake.put(KAFKA_PROMISE);
    fake.put({
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'GitStateStore',
      metadata: { name: 'default' },
      spec: { url: 'https://git.example/state.git', path: 'state/' },
    });
    fake.put(backstageDestination());
    fake.put(destination('worker-1', { environment: 'dev' }));
    fake.put(kafkaRequest('team-orders', 'events'));
    fake.put(promiseWorkPlacement);
    fake.put(
      workPlacement({
        work: 'kafka-events-instance-configure-4d5e6',
        namespace: 'team-orders',
        destination: 'backstage',
        pipeline: 'instance-configure',
        resource: 'events',
        files: {
          'backstage/events-component.yaml': generatorRequestComponent(
            'kafka',
            'events',
          ),
        },
      }),
    );
    // A worker's WorkPlacement is never read for the portal.
    fake.put(
      workPlacement({
        work: 'kafka-promise-configure-1a2b3',
        namespace: 'kratix-platform-system',
        destination: 'worker-1',
        pipeline: 'promise-configure',
        files: {
          'backstage/stray.yaml': generatorRequestComponent('kafka', 'stray'),
        },
      }),
    );
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

  const publishedRefs = async () =>
    (await readPlatformEntities(platform))
      .filter(e => !e.metadata.name.startsWith('prod'))
      .map(e => stringifyEntityRef(e));

  it("provides the entities of the portal Destination's WorkPlacements, at the paths Kratix writes them to", async () => {
    const skipped: string[] = [];
    const entities = (
      await readPlatformEntities(platform, {
        onSkippedPublished: s =>
          skipped.push(...s.map(x => `${x.path}#${x.index}`)),
      })
    ).filter(e => !e.metadata.name.startsWith('prod'));
    expect(entities.map(e => stringifyEntityRef(e))).toEqual([
      'component:default/kafka',
      'template:default/kafka-promise-template',
      'component:default/kafka-events',
    ]);
    const promiseFolder = `state/backstage/dependencies/kafka/promise-configure/${BACKSTAGE_GROUP}`;
    expect(skipped).toEqual([`${promiseFolder}/backstage/notes.yaml#0`]);
    expect(entities[0].metadata.annotations).toEqual(
      expect.objectContaining({
        'backstage.io/managed-by-location': `kratix:prod/${promiseFolder}/backstage/backstage.yaml`,
        'kratix.io/promise-name': 'kafka',
        'kratix-backstage.io/published-by': 'component:default/prod_kafka',
      }),
    );
    expect(entities[2].metadata.annotations).toEqual(
      expect.objectContaining({
        'backstage.io/managed-by-location': `kratix:prod/state/backstage/resources/team-orders/kafka/events/instance-configure/${BACKSTAGE_GROUP}/backstage/events-component.yaml`,
        'kratix-backstage.io/published-by-request': 'team-orders/events',
        'kratix-backstage.io/published-by':
          'component:default/prod_kafka_team-orders_events',
      }),
    );
  });

  it('fetches a WorkPlacement again only when it changes', async () => {
    await publishedRefs();
    const gets = () => fake.calls.get('GET') ?? 0;
    const before = gets();
    await publishedRefs();
    await publishedRefs();
    expect(gets()).toBe(before);

    // The Promise's pipeline runs again and drops its Template.
    fake.put({
      ...promiseWorkPlacement,
      spec: {
        ...(promiseWorkPlacement as any).spec,
        workloads: [
          {
            filepath: 'backstage/backstage.yaml',
            content: encoded(KAFKA_BACKSTAGE_YAML.split('\n---\n')[0]),
          },
        ],
      },
    } as KubernetesObject);
    await eventually(
      async () =>
        !(
          await publishedRefs()
        ).includes('template:default/kafka-promise-template'),
    );
    expect(gets()).toBeGreaterThan(before);
    expect(await publishedRefs()).toEqual([
      'component:default/kafka',
      'component:default/kafka-events',
    ]);
  });

  it('removes the entities with a delta when their WorkPlacement is deleted', async () => {
    const connection = { applyMutation: jest.fn(), refresh: jest.fn() };
    const provider = new KratixEntityProvider({
      platform,
      owner: 'group:default/platform-team',
      taskRunner: { run: jest.fn() },
      logger: mockServices.logger.mock(),
      deltaDelayMs: 10,
    });
    await provider.connect(connection);
    await provider.refresh();
    fake.remove(
      'platform.kratix.io/v1alpha1',
      'WorkPlacement',
      'kafka-events-instance-configure-4d5e6.backstage-5cfaf',
      'team-orders',
    );
    // The watch event brings a delta.
    await eventually(
      async () => connection.applyMutation.mock.calls.length > 1,
    );
    expect(connection.applyMutation).toHaveBeenLastCalledWith({
      type: 'delta',
      added: [],
      removed: [
        {
          entityRef: 'component:default/kafka-events',
          locationKey: 'KratixEntityProvider:prod',
        },
      ],
    });
  });
});
