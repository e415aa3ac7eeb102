import { KratixPromise } from '../model';
import { loadFixture } from '../__testUtils__/fixtures';
import { expectValidEntity } from './__testUtils__/expectValidEntity';
import { promiseToEntity } from './promiseToEntity';

const promise = (file: string) => loadFixture<KratixPromise>(file);
const platform = { name: 'easyeaty', title: 'EasyEaty' };

describe('promiseToEntity', () => {
  it('shapes a Promise with an API as a kratix-promise Component', async () => {
    const entity = promiseToEntity(platform, promise('promise-jenkins.yaml'));
    expect(entity).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'easyeaty_jenkins',
        namespace: 'default',
        title: 'jenkins',
        description:
          'Kratix Promise offering jenkins (marketplace.kratix.io) on EasyEaty.',
        annotations: {
          'backstage.io/managed-by-location': 'kratix:easyeaty',
          'backstage.io/managed-by-origin-location': 'kratix:easyeaty',
          'kratix-backstage.io/platform': 'easyeaty',
          'kratix.io/type': 'promise',
          'kratix.io/promise-name': 'jenkins',
          'kratix.io/api-name': 'jenkins',
          'kratix.io/api-group': 'marketplace.kratix.io',
          'kratix.io/backstage-promise-template':
            'easyeaty_jenkins-promise-template',
          'kratix.io/status': '{"availability":"Available","version":"v1.2.0"}',
        },
      },
      spec: {
        type: 'kratix-promise',
        lifecycle: 'production',
        owner: 'group:default/platform-team',
        system: 'system:default/easyeaty',
      },
    });
    await expectValidEntity(entity);
  });

  it('makes a composite Promise depend on the Components of its required Promises', async () => {
    const entity = promiseToEntity(platform, promise('promise-web-app.yaml'));
    expect(entity.spec?.dependsOn).toEqual([
      'component:default/easyeaty_jenkins',
      'component:default/easyeaty_postgresql',
      'component:default/easyeaty_nginx-ingress',
    ]);
    expect(entity.metadata.annotations).toEqual(
      expect.objectContaining({
        'kratix.io/api-name': 'WebApp',
        'kratix.io/api-group': 'platform.easyeaty.io',
        'kratix.io/backstage-promise-template':
          'easyeaty_web-app-promise-template',
      }),
    );
    await expectValidEntity(entity);
  });

  it('gives a Promise without an API neither API annotations nor a Template', async () => {
    const entity = promiseToEntity(
      platform,
      promise('promise-nginx-ingress.yaml'),
    );
    const annotations = entity.metadata.annotations!;
    expect(annotations['kratix.io/api-name']).toBeUndefined();
    expect(annotations['kratix.io/api-group']).toBeUndefined();
    expect(annotations['kratix.io/backstage-promise-template']).toBeUndefined();
    expect(annotations['kratix.io/type']).toBe('promise');
    expect(entity.metadata.description).toBe(
      'Kratix Promise on EasyEaty; it offers no API to request.',
    );
    await expectValidEntity(entity);
  });

  it('records an unavailable Promise in the status annotation', () => {
    const entity = promiseToEntity(
      platform,
      promise('promise-redis-failing.yaml'),
    );
    expect(entity.metadata.annotations!['kratix.io/status']).toBe(
      '{"availability":"Unavailable","version":"v0.2.0"}',
    );
  });

  it('takes the configured owner, and the Promise’s own owner over it', () => {
    const p = promise('promise-jenkins.yaml');
    expect(
      promiseToEntity(platform, p, { owner: 'group:default/ops' }).spec?.owner,
    ).toBe('group:default/ops');
    p.metadata.labels = {
      ...p.metadata.labels,
      'backstage.io/owner': 'group-ci-team',
    };
    expect(
      promiseToEntity(platform, p, { owner: 'group:default/ops' }).spec?.owner,
    ).toBe('group:default/ci-team');
  });

  it('uses the platform name when the platform has no title', () => {
    const entity = promiseToEntity(
      { name: 'edge' },
      promise('promise-jenkins.yaml'),
    );
    expect(entity.metadata.name).toBe('edge_jenkins');
    expect(entity.metadata.description).toBe(
      'Kratix Promise offering jenkins (marketplace.kratix.io) on edge.',
    );
  });
});
