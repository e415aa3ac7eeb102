import { join } from 'node:path';
import {
  componentEntityV1alpha1Validator,
  Entity,
  FieldFormatEntityPolicy,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
  systemEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import { GitOpsKratixPlatform } from '@kratix-backstage/plugin-kratix-node';
import { FakeKratixPlatform } from '../__testUtils__/FakeKratixPlatform';
import { promiseWithApi } from '../__testUtils__/easyeaty';
import { readPlatformEntities } from './readPlatformEntities';

const seed = join(
  require.resolve('@kratix-backstage/plugin-kratix-node/package.json'),
  '..',
  'seed',
  'easyeaty',
);

async function expectAccepted(entity: Entity) {
  await new SchemaValidEntityPolicy().enforce(entity);
  await new FieldFormatEntityPolicy().enforce(entity);
  const validators = [
    componentEntityV1alpha1Validator,
    resourceEntityV1alpha1Validator,
    systemEntityV1alpha1Validator,
    templateEntityV1beta3Validator,
  ];
  expect(
    (await Promise.all(validators.map(v => v.check(entity)))).filter(Boolean),
  ).toHaveLength(1);
}

describe('readPlatformEntities', () => {
  it('reads the embedded EasyEaty seed into entities the catalog accepts', async () => {
    // Reads the seed in place: gitops reads need no git, and nothing is written.
    const platform = new GitOpsKratixPlatform({
      name: 'easyeaty',
      directory: seed,
      stateStorePaths: ['state'],
    });
    const entities = await readPlatformEntities(platform);
    for (const entity of entities) await expectAccepted(entity);
    expect(entities.map(e => `${e.kind}:${e.metadata.name}`)).toEqual([
      'System:easyeaty',
      'Resource:easyeaty_eks',
      'Resource:easyeaty_gke',
      'Resource:easyeaty_on-prem-edge',
      'Resource:easyeaty_platform',
      'Component:easyeaty_jenkins',
      'Component:easyeaty_nginx',
      'Component:easyeaty_postgresql',
      'Component:easyeaty_web-app',
      'Template:easyeaty_jenkins-promise-template',
      'Template:easyeaty_postgresql-promise-template',
      'Template:easyeaty_web-app-promise-template',
      'Component:easyeaty_jenkins_team-checkout_ci',
      'Component:easyeaty_jenkins_team-checkout_storefront-ci',
      'Component:easyeaty_postgresql_team-orders_orders-db',
      'Component:easyeaty_postgresql_team-orders_reports-db',
      'Component:easyeaty_postgresql_team-checkout_storefront-db',
      'Component:easyeaty_web-app_team-checkout_storefront',
    ]);
    const byName = new Map(entities.map(e => [e.metadata.name, e]));
    expect(byName.get('easyeaty_web-app')!.spec!.dependsOn).toEqual([
      'component:default/easyeaty_jenkins',
      'component:default/easyeaty_postgresql',
      'component:default/easyeaty_nginx',
    ]);
    expect(
      byName.get('easyeaty_postgresql_team-orders_orders-db')!.spec!.owner,
    ).toBe('group:default/team-orders');
    // The storefront composite's sub-requests, read from the platform destination's state store.
    for (const sub of [
      'easyeaty_jenkins_team-checkout_storefront-ci',
      'easyeaty_postgresql_team-checkout_storefront-db',
    ]) {
      expect(byName.get(sub)!.spec).toEqual(
        expect.objectContaining({
          owner: 'group:default/team-checkout',
          subcomponentOf:
            'component:default/easyeaty_web-app_team-checkout_storefront',
        }),
      );
    }
    expect(byName.get('easyeaty_eks')!.metadata.tags).toEqual([
      'cloud-aws',
      'environment-dev',
    ]);
  });

  it('gives the Templates of a platform that writes as the user the cluster-credentials field', async () => {
    const jenkins = promiseWithApi('jenkins', 'jenkins');
    const rbac = Object.assign(
      new FakeKratixPlatform('rbac', { promises: [jenkins] }),
      { actAsUser: { authProvider: 'okta' } },
    );
    const plain = new FakeKratixPlatform('plain', { promises: [jenkins] });
    const templateOf = async (platform: FakeKratixPlatform) =>
      (await readPlatformEntities(platform)).find(e => e.kind === 'Template')!;
    const template = await templateOf(rbac);
    await expectAccepted(template);
    const [first] = (template.spec as any).parameters;
    expect(first.properties.clusterCredentials).toEqual(
      expect.objectContaining({
        'ui:field': 'KratixClusterCredentials',
        'ui:options': { platform: 'rbac' },
      }),
    );
    expect((await templateOf(plain)).spec!.parameters).not.toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          properties: expect.objectContaining({
            clusterCredentials: expect.anything(),
          }),
        }),
      ]),
    );
  });
});
