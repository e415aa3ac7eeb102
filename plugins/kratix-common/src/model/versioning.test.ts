import { createHash } from 'node:crypto';
import {
  deterministicObjectName,
  isResourceBindingOf,
  resourceBindingLabelValue,
  ResourceBinding,
} from './versioning';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

const binding = (
  resourceNameLabel: string,
  overrides: { namespace?: string; promise?: string } = {},
): ResourceBinding => ({
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'ResourceBinding',
  metadata: {
    name: 'adopted-binding',
    namespace: overrides.namespace ?? 'team-checkout',
    labels: {
      'kratix.io/promise-name': overrides.promise ?? 'jenkins',
      'kratix.io/resource-name': resourceNameLabel,
    },
  },
  spec: {
    version: 'v1.3.0',
    promiseRef: { name: overrides.promise ?? 'jenkins' },
    resourceRef: { name: 'whatever', namespace: 'team-checkout' },
  },
});

describe('ResourceBinding lookup as Kratix does it', () => {
  // Kratix lib/objectutil/name.go GenerateDeterministicObjectName: the name cut to 56
  // characters, trailing non-alphanumerics dropped, then "-" and 5 hex digits of the md5 of
  // the whole name (or of the hashing inputs joined by "-").
  it('names objects deterministically as lib/objectutil/name.go GenerateDeterministicObjectName does', () => {
    expect(deterministicObjectName('ci-jenkins')).toBe(
      `ci-jenkins-${md5('ci-jenkins').slice(0, 5)}`,
    );
    const long = `${'a'.repeat(55)}--${'b'.repeat(20)}`;
    expect(deterministicObjectName(long)).toBe(
      `${'a'.repeat(55)}-${md5(long).slice(0, 5)}`,
    );
    expect(deterministicObjectName('x', 'one', 'two')).toBe(
      `x-${md5('one-two').slice(0, 5)}`,
    );
  });

  // Kratix internal/controller/dynamic_resource_request_controller.go resourceNameLabelValue:
  // names up to validation.LabelValueMaxLength (63) are the label value as they are; longer
  // ones are replaced by GenerateDeterministicObjectName(name).
  it('labels a ResourceBinding with the resource name, hashed past 63 characters (dynamic_resource_request_controller.go resourceNameLabelValue)', () => {
    expect(resourceBindingLabelValue('ci')).toBe('ci');
    expect(resourceBindingLabelValue('a'.repeat(63))).toBe('a'.repeat(63));
    const long = `checkout-${'a'.repeat(61)}`;
    const value = resourceBindingLabelValue(long);
    expect(value).toBe(`${long.slice(0, 56)}-${md5(long).slice(0, 5)}`);
    expect(value.length).toBeLessThanOrEqual(63);
  });

  // Kratix internal/controller/dynamic_resource_request_controller.go findResourceBinding:
  // a request's Binding is the one in its namespace labelled with resourceBindingLabelsFor
  // (kratix.io/promise-name and kratix.io/resource-name), whatever the Binding is named.
  it('finds the Binding of a request whose name is over 63 characters by the hashed label (dynamic_resource_request_controller.go findResourceBinding)', () => {
    const name = `storefront-${'x'.repeat(60)}`;
    const ref = { promise: 'jenkins', namespace: 'team-checkout', name };
    const hashed = binding(`${name.slice(0, 56)}-${md5(name).slice(0, 5)}`);
    expect(isResourceBindingOf(hashed, ref)).toBe(true);
    // The full name is not a value Kubernetes would accept as a label: never a match.
    expect(isResourceBindingOf(binding(name), ref)).toBe(false);
    expect(isResourceBindingOf(binding('ci'), { ...ref, name: 'ci' })).toBe(
      true,
    );
    expect(
      isResourceBindingOf(binding('ci', { promise: 'redis' }), {
        ...ref,
        name: 'ci',
      }),
    ).toBe(false);
    expect(
      isResourceBindingOf(binding('ci', { namespace: 'other' }), {
        ...ref,
        name: 'ci',
      }),
    ).toBe(false);
  });
});
