import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  createEmbeddedRepository,
  git,
  GitOpsKratixPlatform,
} from '@kratix-backstage/plugin-kratix-node';
import {
  backstageDestination,
  BACKSTAGE_GROUP,
  KAFKA_BACKSTAGE_YAML,
  KAFKA_PROMISE,
} from './__testUtils__/portalOutput';
import { startCatalogBackend } from './__testUtils__/startCatalogBackend';

jest.setTimeout(60_000);

describe('the catalog with entities a Kratix pipeline published', () => {
  let dataDir: string;
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it("holds the kafka Promise's Component and Template as the catalog processed them", async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-published-e2e-'));
    const directory = await createEmbeddedRepository({
      dataDir,
      name: 'easyeaty',
    });
    const file = `state/backstage/dependencies/kafka/promise-configure/${BACKSTAGE_GROUP}/backstage/backstage.yaml`;
    for (const [path, text] of Object.entries({
      'platform/promises/kafka.yaml': JSON.stringify(KAFKA_PROMISE),
      'platform/destinations/backstage.yaml': JSON.stringify(
        backstageDestination(),
      ),
      [file]: KAFKA_BACKSTAGE_YAML,
    })) {
      await mkdir(dirname(join(directory, path)), { recursive: true });
      await writeFile(join(directory, path), text);
    }
    await git(directory, ['add', '--all']);
    await git(directory, [
      'commit',
      '--quiet',
      '-m',
      'Update from: kafka-promise-configure-1a2b3.backstage-5cfaf',
    ]);
    const platform = new GitOpsKratixPlatform({
      name: 'easyeaty',
      directory,
      stateStorePaths: ['state'],
    });
    const { entity } = await startCatalogBackend(platform);

    let component: any = {};
    for (let i = 0; i < 200 && !component.relations?.length; i++) {
      component = await entity('component/default/kafka');
      await new Promise(r => setTimeout(r, 200));
    }
    expect(component.metadata.annotations).toEqual(
      expect.objectContaining({
        'backstage.io/managed-by-location': `kratix:easyeaty/${file}`,
        'kratix-backstage.io/published-by': 'component:default/easyeaty_kafka',
      }),
    );
    // The catalog drew the author's relations: kratix-platform owns it, it depends on kratix.
    expect(
      component.relations.map((r: any) => `${r.type} ${r.targetRef}`).sort(),
    ).toEqual([
      'dependsOn component:default/kratix',
      'ownedBy group:default/kratix-platform',
      'providesApi api:default/kafka-promise-api',
    ]);
    let template: any = {};
    for (let i = 0; i < 100 && !template.relations?.length; i++) {
      template = await entity('template/default/kafka-promise-template');
      await new Promise(r => setTimeout(r, 200));
    }
    expect(template.spec.steps[0].action).toBe('kubernetes:apply');
    expect(template.relations.map((r: any) => r.type)).toContain('ownedBy');
  });
});
