import { expectValidEntity } from './__testUtils__/expectValidEntity';
import { platformToEntity } from './platformToEntity';

describe('platformToEntity', () => {
  it('shapes a platform as the System its entities belong to', async () => {
    const entity = platformToEntity({
      name: 'easyeaty',
      title: 'EasyEaty (embedded)',
    });
    expect(entity).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: {
        name: 'easyeaty',
        namespace: 'default',
        title: 'EasyEaty (embedded)',
        description:
          'The Kratix platform EasyEaty (embedded): its Promises, resource requests and Destinations.',
        annotations: {
          'backstage.io/managed-by-location': 'kratix:easyeaty',
          'backstage.io/managed-by-origin-location': 'kratix:easyeaty',
          'kratix-backstage.io/platform': 'easyeaty',
          'kratix.io/type': 'platform',
        },
      },
      spec: { owner: 'group:default/platform-team' },
    });
    await expectValidEntity(entity);
  });

  it('takes the configured owner and falls back to the name for the title', () => {
    const entity = platformToEntity(
      { name: 'prod' },
      { owner: 'group:default/ops' },
    );
    expect(entity.spec).toEqual({ owner: 'group:default/ops' });
    expect(entity.metadata.title).toBe('prod');
  });
});
