/*
 * What a pipeline's author cannot claim through an entity it publishes to a portal
 * Destination: the kinds that decide who may do what, the place another provider's entity
 * comes from, and the annotations only this suite writes.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  createEmbeddedRepository,
  git,
  GitOpsKratixPlatform,
} from '@kratix-backstage/plugin-kratix-node';
import {
  backstageDestination,
  BACKSTAGE_GROUP,
  KAFKA_PROMISE,
  kafkaRequest,
} from '../__testUtils__/portalOutput';
import { mockServices } from '@backstage/backend-test-utils';
import { KratixEntityProvider } from './KratixEntityProvider';
import { SkippedPublishedDocument } from './publishedEntities';
import { readPlatformEntities } from './readPlatformEntities';

// Real git repositories: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

/** Where Kratix writes what the `events` request's pipeline publishes (a Destination's resources folder). */
const FOLDER = `state/backstage/resources/team-orders/kafka/events/instance-configure/${BACKSTAGE_GROUP}/backstage`;

const component = (metadata: Record<string, unknown>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata,
  spec: { type: 'service', lifecycle: 'production', owner: 'team-orders' },
});

describe('entities a pipeline publishes cannot impersonate', () => {
  let dataDir: string;
  let directory: string;
  let platform: GitOpsKratixPlatform;

  const commit = async (files: Record<string, unknown>) => {
    for (const [path, doc] of Object.entries(files)) {
      await mkdir(dirname(join(directory, path)), { recursive: true });
      await writeFile(
        join(directory, path),
        typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2),
      );
    }
    await git(directory, ['add', '--all']);
    await git(directory, [
      'commit',
      '--quiet',
      '-m',
      'Update from: events-instance-configure-1a2b3.backstage-5cfaf',
    ]);
  };
  const read = async (skipped: SkippedPublishedDocument[] = []) =>
    (
      await readPlatformEntities(platform, {
        onSkippedPublished: s => skipped.push(...s),
      })
    ).filter(e => !e.metadata.name.startsWith('easyeaty'));

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-published-spoof-'));
    directory = await createEmbeddedRepository({ dataDir, name: 'easyeaty' });
    await commit({
      'platform/promises/kafka.yaml': KAFKA_PROMISE,
      'platform/destinations/backstage.yaml': backstageDestination(),
      'requests/kafka/team-orders/events.yaml': kafkaRequest(
        'team-orders',
        'events',
      ),
    });
    platform = new GitOpsKratixPlatform({
      name: 'easyeaty',
      directory,
      stateStorePaths: ['state'],
      maxAgeMs: 0,
    });
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('takes no User, Group or Location, however the kind is spelled', async () => {
    await commit({
      [`${FOLDER}/people.yaml`]: [
        'apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata:\n  name: mallory\nspec:\n  memberOf: [platform-admins]',
        'apiVersion: backstage.io/v1alpha1\nkind: group\nmetadata:\n  name: platform-admins\nspec:\n  type: team\n  children: []\n  members: [mallory]',
        'apiVersion: backstage.io/v1alpha1\nkind: LOCATION\nmetadata:\n  name: more\nspec:\n  type: url\n  target: https://example.com/catalog-info.yaml',
      ].join('\n---\n'),
    });
    const skipped: SkippedPublishedDocument[] = [];
    expect(await read(skipped)).toEqual([]);
    expect(skipped.map(s => s.reason)).toEqual([
      'kind User is not in catalog.providers.kratix.publishedEntities.allowedKinds',
      'kind group is not in catalog.providers.kratix.publishedEntities.allowedKinds',
      'kind LOCATION is not in catalog.providers.kratix.publishedEntities.allowedKinds',
    ]);
  });

  it("takes no Template from a request's pipeline, which renders what the requester typed; a Promise pipeline's is taken", async () => {
    const template = (name: string) => ({
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
      metadata: { name },
      spec: {
        type: 'service',
        owner: 'team-orders',
        steps: [{ id: 'run', action: 'debug:log', input: { message: 'hi' } }],
      },
    });
    await commit({
      [`${FOLDER}/template.yaml`]: template('from-a-request'),
      [`state/backstage/dependencies/kafka/promise-configure/${BACKSTAGE_GROUP}/backstage/template.yaml`]:
        template('from-the-promise'),
    });
    const skipped: SkippedPublishedDocument[] = [];
    const entities = await read(skipped);
    expect(entities.map(e => `${e.kind}:${e.metadata.name}`)).toEqual([
      'Template:from-the-promise',
    ]);
    expect(skipped.map(s => [s.path, s.reason])).toEqual([
      [
        `${FOLDER}/template.yaml`,
        'a Template is taken only from a Promise pipeline, not from the pipeline of a request',
      ],
    ]);
  });

  it("overrides the author's claims of where the entity comes from and every key of the suite's own", async () => {
    await commit({
      [`${FOLDER}/spoof.yaml`]: component({
        name: 'payments',
        // Another team's namespace is the author's to choose: the origin still says who wrote it.
        namespace: 'team-payments',
        annotations: {
          'backstage.io/managed-by-location':
            'url:https://github.com/acme/payments/blob/main/catalog-info.yaml',
          'backstage.io/managed-by-origin-location':
            'url:https://github.com/acme/payments/blob/main/catalog-info.yaml',
          'kratix-backstage.io/platform': 'prod',
          'kratix-backstage.io/published-by': 'component:default/prod_payments',
          'kratix-backstage.io/published-by-request': 'team-payments/ledger',
          'kratix-backstage.io/platform-cluster': 'true',
          'kratix-backstage.io/requested-by': 'user:default/admin',
          'kratix-backstage.io/display-name': 'Payments (official)',
          // What the suite's entity of a request in review shows as its only link.
          'kratix.io/phase': 'pending-review',
          'kratix.io/pull-request-url': 'https://phish.example/login',
          'example.com/kept': 'yes',
        },
      }),
    });
    const [entity, ...rest]: Entity[] = await read();
    expect(rest).toEqual([]);
    expect(stringifyEntityRef(entity)).toBe('component:team-payments/payments');
    const location = `kratix:easyeaty/${FOLDER}/spoof.yaml`;
    // Only what the suite knows; the author's own keys (not the suite's) stay.
    expect(entity.metadata.annotations).toEqual({
      'backstage.io/managed-by-location': location,
      'backstage.io/managed-by-origin-location': location,
      'kratix.io/promise-name': 'kafka',
      'kratix-backstage.io/platform': 'easyeaty',
      'kratix-backstage.io/published-by-request': 'team-orders/events',
      'kratix-backstage.io/published-by':
        'component:default/easyeaty_kafka_team-orders_events',
      'example.com/kept': 'yes',
    });
  });

  it("keeps a published entity where it is when another request's pipeline later publishes its name from a path sorted first", async () => {
    // Pipelines often name what they publish from the request's name alone, so two teams'
    // requests can publish one ref; a new request must not take over the existing entity.
    const shared = (owner: string) => ({
      ...component({ name: 'events-topic' }),
      spec: { type: 'service', lifecycle: 'production', owner },
    });
    await commit({ [`${FOLDER}/topic.yaml`]: shared('team-orders') });
    const connection = { applyMutation: jest.fn(), refresh: jest.fn() };
    const logger = mockServices.logger.mock();
    logger.child.mockReturnValue(logger);
    const provider = new KratixEntityProvider({
      platform,
      owner: 'group:default/platform-team',
      taskRunner: { run: jest.fn() },
      logger,
    });
    await provider.connect(connection);
    await provider.refresh();
    const topicOf = (call: any) =>
      (call.entities ?? call.added)
        .map((e: any) => e.entity)
        .find((e: Entity) => e.metadata.name === 'events-topic');
    const location = `kratix:easyeaty/${FOLDER}/topic.yaml`;
    expect(
      topicOf(connection.applyMutation.mock.calls[0][0]).metadata.annotations[
        'backstage.io/managed-by-location'
      ],
    ).toBe(location);

    // team-a sorts before team-orders.
    const other = `state/backstage/resources/team-a/kafka/events/instance-configure/${BACKSTAGE_GROUP}/backstage/topic.yaml`;
    await commit({ [other]: shared('team-a') });
    await provider.applyDelta();
    // The delta left the entity alone; a full sweep keeps it where it is too.
    expect(connection.applyMutation).toHaveBeenCalledTimes(1);
    await provider.refresh();
    const last = connection.applyMutation.mock.lastCall![0];
    expect(last.type).toBe('full');
    const topic = topicOf(last);
    expect([
      topic.metadata.annotations['backstage.io/managed-by-location'],
      topic.spec.owner,
    ]).toEqual([location, 'team-orders']);
    expect(
      logger.warn.mock.calls
        .map(([m]) => String(m))
        .filter(m => m.includes('events-topic')),
    ).toEqual([
      `Skipped document 0 of ${other} on platform easyeaty: component:default/events-topic was published first by ${FOLDER}/topic.yaml, which is kept`,
    ]);
  });
});
