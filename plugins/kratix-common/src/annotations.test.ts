import {
  isKratixEntity,
  isKratixPromiseEntity,
  isKratixResourceEntity,
} from './annotations';

const resourceAnnotations = {
  'kratix.io/group': 'marketplace.kratix.io',
  'kratix.io/version': 'v1alpha1',
  'kratix.io/kind': 'jenkins',
  'kratix.io/name': 'ci',
  'kratix.io/namespace': 'team-checkout',
};

describe('entity predicates', () => {
  it('recognise Promise entities by annotation or spec.type', () => {
    expect(
      isKratixPromiseEntity({
        metadata: { annotations: { 'kratix.io/type': 'promise' } },
      }),
    ).toBe(true);
    expect(
      isKratixPromiseEntity({ metadata: {}, spec: { type: 'kratix-promise' } }),
    ).toBe(true);
    expect(
      isKratixPromiseEntity({ metadata: {}, spec: { type: 'service' } }),
    ).toBe(false);
  });

  it('need all five locating annotations on a resource entity', () => {
    expect(
      isKratixResourceEntity({
        metadata: { annotations: resourceAnnotations },
        spec: { type: 'kratix-resource' },
      }),
    ).toBe(true);
    const { 'kratix.io/kind': _kind, ...missing } = resourceAnnotations;
    expect(
      isKratixResourceEntity({
        metadata: { annotations: { ...missing, 'kratix.io/type': 'resource' } },
      }),
    ).toBe(false);
  });

  it('include destinations in isKratixEntity', () => {
    expect(
      isKratixEntity({ metadata: {}, spec: { type: 'kratix-destination' } }),
    ).toBe(true);
    expect(isKratixEntity({ metadata: {} })).toBe(false);
  });
});
