import { FieldFormatEntityPolicy } from '@backstage/catalog-model';
import { labelsToTags, labelToTag, validEntityLabels } from './tags';

describe('labelToTag', () => {
  it('joins key and value with a dash', () => {
    expect(labelToTag('environment', 'dev')).toBe('environment-dev');
  });

  it('lower-cases and turns prefixes, dots and underscores into single dashes', () => {
    expect(labelToTag('topology.kubernetes.io/zone', 'EU_West--1a')).toBe(
      'topology-kubernetes-io-zone-eu-west-1a',
    );
  });

  it('uses the key alone for an empty value and gives up on nothing usable', () => {
    expect(labelToTag('gpu', '')).toBe('gpu');
    expect(labelToTag('__', '..')).toBeUndefined();
  });

  it('cuts to 63 characters without a trailing dash', () => {
    const tag = labelToTag('k'.repeat(62), 'value')!;
    expect(tag).toBe('k'.repeat(62));
  });
});

describe('labelsToTags', () => {
  it('gives sorted, distinct tags the catalog accepts', async () => {
    const tags = labelsToTags({
      cloud: 'aws',
      environment: 'dev',
      'example.com/Tier': 'Gold',
      'cloud-aws': '',
    });
    expect(tags).toEqual([
      'cloud-aws',
      'environment-dev',
      'example-com-tier-gold',
    ]);
    const entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: { name: 'x', tags },
    };
    await expect(
      new FieldFormatEntityPolicy().enforce(entity),
    ).resolves.toBeDefined();
  });

  it('gives no tags for no labels', () => {
    expect(labelsToTags(undefined)).toEqual([]);
  });
});

describe('validEntityLabels', () => {
  it('keeps Kubernetes-style labels and drops what Backstage refuses', () => {
    expect(
      validEntityLabels({
        environment: 'dev',
        'bad key!': 'x',
        ok: 'bad value!',
      }),
    ).toEqual({ environment: 'dev' });
  });
});
