import { Destination, LegacyCluster } from '../model';
import { loadFixtures } from '../__testUtils__/fixtures';
import { expectValidEntity } from './__testUtils__/expectValidEntity';
import { destinationToEntity } from './destinationToEntity';

const destinations = loadFixtures<Destination | LegacyCluster>(
  'destinations.yaml',
);
const byName = (name: string) =>
  destinations.find(d => d.metadata.name === name)!;
const platform = { name: 'easyeaty', title: 'EasyEaty' };

describe('destinationToEntity', () => {
  it('shapes a Destination as a kratix-destination Resource with its labels as tags', async () => {
    const entity = destinationToEntity(platform, byName('eks'));
    expect(entity).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'easyeaty_eks',
        namespace: 'default',
        title: 'eks',
        description:
          'Kratix Destination of EasyEaty, written to the state-store path eks.',
        labels: { cloud: 'aws', environment: 'dev' },
        tags: ['cloud-aws', 'environment-dev'],
        annotations: {
          'backstage.io/managed-by-location': 'kratix:easyeaty',
          'backstage.io/managed-by-origin-location': 'kratix:easyeaty',
          'kratix-backstage.io/platform': 'easyeaty',
          'kratix.io/type': 'destination',
          'kratix.io/name': 'eks',
          'kratix.io/kind': 'Destination',
          'kratix.io/status': 'Ready',
        },
      },
      spec: {
        type: 'kratix-destination',
        owner: 'group:default/platform-team',
        system: 'system:default/easyeaty',
      },
    });
    await expectValidEntity(entity);
  });

  it('gives every fixture a valid entity, a not-ready one included', async () => {
    for (const destination of destinations) {
      await expectValidEntity(
        destinationToEntity(platform, destination, {
          owner: 'group:default/ops',
        }),
      );
    }
    const edge = destinationToEntity(platform, byName('on-prem-edge'));
    expect(edge.metadata.annotations!['kratix.io/status']).toBe('NotReady');
    expect(edge.metadata.tags).toEqual(['environment-prod', 'location-edge']);
  });

  it('marks a legacy Cluster by kind, with an unknown status', () => {
    const entity = destinationToEntity(platform, byName('legacy-worker'));
    expect(entity.metadata.name).toBe('easyeaty_legacy-worker');
    expect(entity.metadata.annotations).toEqual(
      expect.objectContaining({
        'kratix.io/kind': 'Cluster',
        'kratix.io/status': 'Unknown',
      }),
    );
  });

  it('leaves out labels and tags for a Destination without labels', () => {
    const bare: Destination = {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'Destination',
      metadata: { name: 'bare' },
      spec: {},
    };
    const entity = destinationToEntity(platform, bare);
    expect(entity.metadata.labels).toBeUndefined();
    expect(entity.metadata.tags).toBeUndefined();
    expect(entity.metadata.description).toBe('Kratix Destination of EasyEaty.');
  });
});
