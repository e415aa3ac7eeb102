import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createEmbeddedRepository,
  GitOpsKratixPlatform,
} from '@kratix-backstage/plugin-kratix-node';
import { startCatalogBackend } from './__testUtils__/startCatalogBackend';

jest.setTimeout(60_000);

describe('the catalog with the Kratix module on the embedded default', () => {
  let dataDir: string;
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('yields Templates, Promise, request and cluster entities with their relations', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-catalog-e2e-'));
    const directory = await createEmbeddedRepository({
      dataDir,
      name: 'easyeaty',
    });
    const platform = new GitOpsKratixPlatform({
      name: 'easyeaty',
      directory,
      stateStorePaths: ['state'],
    });
    const catalog = await startCatalogBackend(platform, {
      providers: {
        kratix: {
          schedule: { frequency: { seconds: 2 }, timeout: { seconds: 30 } },
        },
      },
    });

    let entities: any[] = [];
    // Until every expected entity is in (18 with the demo's reports-db): the catalog
    // processes them one by one, so stopping earlier can catch it halfway.
    for (let i = 0; i < 200 && entities.length < 18; i++) {
      entities = await catalog.query(
        'metadata.annotations.kratix-backstage.io/platform=easyeaty',
      );
      await new Promise(r => setTimeout(r, 200));
    }
    const names = entities
      .map((e: any) => `${e.kind}:${e.metadata.name}`)
      .sort();
    expect(names).toEqual([
      'Component:easyeaty_jenkins',
      'Component:easyeaty_jenkins_team-checkout_ci',
      'Component:easyeaty_jenkins_team-checkout_storefront-ci',
      'Component:easyeaty_nginx',
      'Component:easyeaty_postgresql',
      'Component:easyeaty_postgresql_team-checkout_storefront-db',
      'Component:easyeaty_postgresql_team-orders_orders-db',
      'Component:easyeaty_postgresql_team-orders_reports-db',
      'Component:easyeaty_web-app',
      'Component:easyeaty_web-app_team-checkout_storefront',
      'Resource:easyeaty_eks',
      'Resource:easyeaty_gke',
      'Resource:easyeaty_on-prem-edge',
      'Resource:easyeaty_platform',
      'System:easyeaty',
      'Template:easyeaty_jenkins-promise-template',
      'Template:easyeaty_postgresql-promise-template',
      'Template:easyeaty_web-app-promise-template',
    ]);
    const byName = new Map(entities.map((e: any) => [e.metadata.name, e]));
    const relations = (name: string, type: string) =>
      (byName.get(name)?.relations ?? [])
        .filter((r: any) => r.type === type)
        .map((r: any) => r.targetRef)
        .sort();
    expect(relations('easyeaty_web-app', 'dependsOn')).toEqual([
      'component:default/easyeaty_jenkins',
      'component:default/easyeaty_nginx',
      'component:default/easyeaty_postgresql',
    ]);
    expect(relations('easyeaty_jenkins_team-checkout_ci', 'dependsOn')).toEqual(
      ['component:default/easyeaty_jenkins'],
    );
    expect(relations('easyeaty_jenkins_team-checkout_ci', 'ownedBy')).toEqual([
      'group:default/team-checkout',
    ]);
    // The storefront composite's sub-requests are subcomponents of it.
    expect(
      relations('easyeaty_web-app_team-checkout_storefront', 'hasPart'),
    ).toEqual([
      'component:default/easyeaty_jenkins_team-checkout_storefront-ci',
      'component:default/easyeaty_postgresql_team-checkout_storefront-db',
    ]);
    expect(relations('easyeaty_eks', 'partOf')).toEqual([
      'system:default/easyeaty',
    ]);
  });
});
