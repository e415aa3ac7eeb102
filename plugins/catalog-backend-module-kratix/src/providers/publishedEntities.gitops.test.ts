import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  createEmbeddedRepository,
  git,
  GitOpsKratixPlatform,
} from '@kratix-backstage/plugin-kratix-node';
import {
  backstageDestination,
  BACKSTAGE_GROUP,
  generatorRequestComponent,
  KAFKA_BACKSTAGE_YAML,
  KAFKA_PROMISE,
  kafkaRequest,
} from '../__testUtils__/portalOutput';
import { DEFAULT_PUBLISHED_ENTITIES } from './config';
import { KratixEntityProvider } from './KratixEntityProvider';
import { SkippedPublishedDocument } from './publishedEntities';
import { readPlatformEntities } from './readPlatformEntities';

// Real git repositories: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

/** Where Kratix writes the kafka Promise's and its `events` request's Backstage output. */
const PROMISE_FILE = `state/backstage/dependencies/kafka/promise-configure/${BACKSTAGE_GROUP}/backstage/backstage.yaml`;
const REQUEST_FILE = `state/backstage/resources/team-orders/kafka/events/instance-configure/${BACKSTAGE_GROUP}/backstage/events-component.yaml`;

describe('entities Kratix pipelines publish, on a gitops platform', () => {
  let dataDir: string;
  let directory: string;
  let platform: GitOpsKratixPlatform;

  /** Writes files (objects as JSON, which is YAML) and commits them as Kratix would. */
  const commit = async (files: Record<string, unknown>, message: string) => {
    for (const [path, doc] of Object.entries(files)) {
      await mkdir(dirname(join(directory, path)), { recursive: true });
      await writeFile(
        join(directory, path),
        typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2),
      );
    }
    await git(directory, ['add', '--all']);
    await git(directory, ['commit', '--quiet', '-m', message]);
  };
  const read = (skipped: SkippedPublishedDocument[] = []) =>
    readPlatformEntities(platform, {
      onSkippedPublished: s => skipped.push(...s),
    });
  const published = (entities: Entity[]) =>
    entities.filter(e => !e.metadata.name.startsWith('easyeaty'));

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-published-'));
    directory = await createEmbeddedRepository({ dataDir, name: 'easyeaty' });
    // The kafka Promise with a request, a portal Destination, and what Kratix wrote to it.
    await commit(
      {
        'platform/promises/kafka.yaml': KAFKA_PROMISE,
        'platform/destinations/backstage.yaml': backstageDestination(),
        'requests/kafka/team-orders/events.yaml': kafkaRequest(
          'team-orders',
          'events',
        ),
        // Kratix's canary files (destination_controller.go), which are no entities.
        'state/backstage/dependencies/kratix-canary-namespace.yaml': {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: 'kratix-worker-system' },
        },
        'state/backstage/resources/kratix-canary-configmap.yaml': {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'kratix-info', namespace: 'kratix-worker-system' },
        },
        [PROMISE_FILE]: KAFKA_BACKSTAGE_YAML,
        [REQUEST_FILE]: generatorRequestComponent('kafka', 'events'),
      },
      'Update from: kafka-promise-configure-1a2b3.backstage-5cfaf',
    );
    platform = new GitOpsKratixPlatform({
      name: 'easyeaty',
      directory,
      stateStorePaths: ['state'],
      maxAgeMs: 0,
    });
  });

  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('provides the kafka Component and Template and the generator request Component, marked with where they came from', async () => {
    const skipped: SkippedPublishedDocument[] = [];
    const entities = published(await read(skipped));
    expect(entities.map(e => stringifyEntityRef(e)).sort()).toEqual([
      'component:default/kafka',
      'component:default/kafka-events',
      'template:default/kafka-promise-template',
    ]);
    expect(skipped).toEqual([]);
    const byRef = new Map(entities.map(e => [stringifyEntityRef(e), e]));
    const kafka = byRef.get('component:default/kafka')!;
    // The author's entity as written, with origin annotations only.
    expect(kafka.spec).toEqual({
      type: 'promise',
      lifecycle: 'production',
      owner: 'kratix-platform',
      dependsOn: ['component:default/kratix'],
      providesApis: ['kafka-promise-api'],
    });
    expect(kafka.metadata.annotations).toEqual({
      'backstage.io/kubernetes-id': 'kafka',
      'backstage.io/managed-by-location': `kratix:easyeaty/${PROMISE_FILE}`,
      'backstage.io/managed-by-origin-location': `kratix:easyeaty/${PROMISE_FILE}`,
      'kratix-backstage.io/platform': 'easyeaty',
      'kratix.io/promise-name': 'kafka',
      'kratix-backstage.io/published-by': 'component:default/easyeaty_kafka',
    });
    const template = byRef.get('template:default/kafka-promise-template')!;
    expect(template.apiVersion).toBe('scaffolder.backstage.io/v1beta3');
    expect((template.spec as any).steps[0].action).toBe('kubernetes:apply');
    expect(
      template.metadata.annotations!['backstage.io/managed-by-location'],
    ).toBe(`kratix:easyeaty/${PROMISE_FILE}`);
    const events = byRef.get('component:default/kafka-events')!;
    expect(events.metadata.annotations).toEqual(
      expect.objectContaining({
        'backstage.io/managed-by-location': `kratix:easyeaty/${REQUEST_FILE}`,
        'kratix.io/promise-name': 'kafka',
        'kratix-backstage.io/published-by-request': 'team-orders/events',
        'kratix-backstage.io/published-by':
          'component:default/easyeaty_kafka_team-orders_events',
      }),
    );
    expect(events.spec!.dependsOn).toEqual(['component:default/kafka']);
  });

  it('reads only Destinations with the configured labels, and none when turned off', async () => {
    // The same kind of output on a dev Destination is a worker's, not the portal's.
    await commit(
      {
        [`state/gke/dependencies/kafka/promise-configure/${BACKSTAGE_GROUP}/backstage/other.yaml`]:
          generatorRequestComponent('kafka', 'stray'),
      },
      'Update from: kafka-promise-configure-1a2b3.gke-5cfaf',
    );
    expect(
      published(await read())
        .map(e => e.metadata.name)
        .sort(),
    ).toEqual(['kafka', 'kafka-events', 'kafka-promise-template']);
    expect(
      published(
        await readPlatformEntities(platform, {
          publishedEntities: {
            ...DEFAULT_PUBLISHED_ENTITIES,
            destinationLabels: { cloud: 'gcp' },
          },
        }),
      ).map(e => e.metadata.name),
    ).toEqual(['kafka-stray']);
    expect(
      published(
        await readPlatformEntities(platform, { publishedEntities: false }),
      ),
    ).toEqual([]);
  });

  it('skips broken YAML, Kubernetes objects, refused kinds and invalid entities, and keeps the rest', async () => {
    const folder = `state/backstage/dependencies/kafka/promise-configure/${BACKSTAGE_GROUP}/backstage`;
    await commit(
      {
        [`${folder}/broken.yaml`]: 'apiVersion: backstage.io/v1alpha1\nkind: [',
        [`${folder}/mixed.yaml`]: [
          'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kafka-config',
          'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: admins\nspec:\n  type: team\n  children: []',
          'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  title: nameless',
          'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: "not a name!"\nspec: {}',
          'apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  name: kafka-promise-api\nspec:\n  type: openapi\n  lifecycle: production\n  owner: kratix-platform\n  definition: "{}"',
        ].join('\n---\n'),
      },
      'Update from: kafka-promise-configure-1a2b3.backstage-5cfaf',
    );
    const skipped: SkippedPublishedDocument[] = [];
    expect(
      published(await read(skipped))
        .map(e => stringifyEntityRef(e))
        .sort(),
    ).toEqual([
      'api:default/kafka-promise-api',
      'component:default/kafka',
      'component:default/kafka-events',
      'template:default/kafka-promise-template',
    ]);
    expect(
      skipped.map(s => [
        s.path.slice(folder.length + 1),
        s.index,
        s.level,
        s.reason.replace(/:.*/s, ''),
      ]),
    ).toEqual([
      ['broken.yaml', 0, 'warn', 'not valid YAML'],
      ['mixed.yaml', 0, 'info', 'not a Backstage entity (v1 ConfigMap)'],
      [
        'mixed.yaml',
        1,
        'warn',
        'kind Group is not in catalog.providers.kratix.publishedEntities.allowedKinds',
      ],
      ['mixed.yaml', 2, 'warn', 'Component without metadata.name'],
      ['mixed.yaml', 3, 'warn', 'the catalog would refuse it'],
    ]);
  });

  it("keeps the module's entity over a published one of the same name, and one entity for one document on two portals", async () => {
    await commit(
      {
        'platform/destinations/backstage-eu.yaml':
          backstageDestination('backstage-eu'),
        // The same kafka output delivered to a second portal Destination.
        [`state/backstage-eu/dependencies/kafka/promise-configure/${BACKSTAGE_GROUP}/backstage/backstage.yaml`]:
          KAFKA_BACKSTAGE_YAML,
        // A different document under a name already published: the first by path stays.
        [`state/backstage-eu/resources/team-orders/kafka/events/instance-configure/${BACKSTAGE_GROUP}/backstage/events-component.yaml`]:
          generatorRequestComponent('kafka', 'events').replace(
            'owner: kratix-worker',
            'owner: someone-else',
          ),
        // A published entity named like the module's Promise entity.
        [`state/backstage/dependencies/kafka/promise-configure/${BACKSTAGE_GROUP}/backstage/clash.yaml`]:
          'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: easyeaty_kafka\nspec:\n  type: promise\n  lifecycle: production\n  owner: me\n',
      },
      'Update from: kafka-promise-configure-1a2b3.backstage-eu-5cfaf',
    );
    const skipped: SkippedPublishedDocument[] = [];
    const entities = await read(skipped);
    const refs = entities.map(e => stringifyEntityRef(e));
    // Every ref once: the catalog never sees a conflict from this provider.
    expect(new Set(refs).size).toBe(refs.length);
    const kafkaModule = entities.find(
      e => e.metadata.name === 'easyeaty_kafka',
    )!;
    expect(kafkaModule.metadata.annotations!['kratix.io/type']).toBe('promise');
    expect(
      entities.find(e => e.metadata.name === 'kafka-events')!.spec!.owner,
    ).toBe('kratix-worker');
    expect(
      entities.find(e => e.metadata.name === 'kafka')!.metadata.annotations![
        'backstage.io/managed-by-location'
      ],
    ).toBe(`kratix:easyeaty/${PROMISE_FILE}`);
    expect(skipped.map(s => [s.path.split('/')[1], s.reason])).toEqual([
      [
        'backstage',
        "component:default/easyeaty_kafka is the name of an entity the Kratix module gives; the module's is kept",
      ],
      [
        'backstage-eu',
        `component:default/kafka-events was published first by ${REQUEST_FILE}, which is kept`,
      ],
    ]);
  });

  it('logs a skipped document once while it stays, and again when it comes back', async () => {
    const broken = `state/backstage/dependencies/kafka/promise-configure/${BACKSTAGE_GROUP}/backstage/broken.yaml`;
    await commit({ [broken]: 'kind: [' }, 'Update from: kafka');
    const logger = mockServices.logger.mock();
    logger.child.mockReturnValue(logger);
    const provider = new KratixEntityProvider({
      platform,
      owner: 'group:default/platform-team',
      taskRunner: { run: jest.fn() },
      logger,
    });
    await provider.connect({ applyMutation: jest.fn(), refresh: jest.fn() });
    const warnings = () =>
      logger.warn.mock.calls.filter(([m]) => String(m).includes(broken)).length;
    await provider.refresh();
    await provider.refresh();
    await provider.applyDelta();
    expect(warnings()).toBe(1);
    expect(logger.warn.mock.calls[0][0]).toMatch(
      new RegExp(
        `^Skipped document 0 of ${broken} on platform easyeaty: not valid YAML`,
      ),
    );
    await git(directory, ['rm', '--quiet', broken]);
    await git(directory, ['commit', '--quiet', '-m', 'Delete from: kafka']);
    await provider.refresh();
    await commit({ [broken]: 'kind: [' }, 'Update from: kafka');
    await provider.refresh();
    expect(warnings()).toBe(2);
  });

  it('removes the entities when Kratix deletes their file, with a delta', async () => {
    const connection = { applyMutation: jest.fn(), refresh: jest.fn() };
    const provider = new KratixEntityProvider({
      platform,
      owner: 'group:default/platform-team',
      taskRunner: { run: jest.fn() },
      logger: mockServices.logger.mock(),
    });
    await provider.connect(connection);
    await provider.refresh();
    const full = connection.applyMutation.mock.calls[0][0];
    expect(
      full.entities
        .map((e: any) => e.entity.metadata.name)
        .filter((n: string) => !n.startsWith('easyeaty')),
    ).toEqual(['kafka', 'kafka-promise-template', 'kafka-events']);
    expect(full.entities[0].locationKey).toBe('KratixEntityProvider:easyeaty');

    // Kratix deletes the WorkPlacement's directory when the Promise goes off the portal.
    await git(directory, [
      'rm',
      '-r',
      '--quiet',
      'state/backstage/dependencies/kafka',
    ]);
    await git(directory, [
      'commit',
      '--quiet',
      '-m',
      'Delete from: kafka-promise-configure-1a2b3.backstage-5cfaf',
    ]);
    await provider.applyDelta();
    expect(connection.applyMutation).toHaveBeenLastCalledWith({
      type: 'delta',
      added: [],
      removed: [
        {
          entityRef: 'component:default/kafka',
          locationKey: 'KratixEntityProvider:easyeaty',
        },
        {
          entityRef: 'template:default/kafka-promise-template',
          locationKey: 'KratixEntityProvider:easyeaty',
        },
      ],
    });
  });
});
