import {
  entityRefToLabelValue,
  ownershipMetadata,
  readRequestOwnerRef,
} from './ownership';

describe('request ownership', () => {
  it('turns entity refs into label values', () => {
    expect(entityRefToLabelValue('group:default/team-a')).toBe('group-team-a');
    expect(entityRefToLabelValue('group:ops/Team_A')).toBe('group-ops-team_a');
    expect(entityRefToLabelValue('user:default/a.b@example.com')).toBe(
      'user-a.b-example.com',
    );
    expect(
      entityRefToLabelValue(`group:default/${'x'.repeat(80)}`),
    ).toHaveLength(63);
  });

  it('reads the owner from the exact annotation, else the label', () => {
    expect(readRequestOwnerRef(ownershipMetadata('group:ops/team-a'))).toBe(
      'group:ops/team-a',
    );
    expect(
      readRequestOwnerRef({
        labels: { 'backstage.io/owner': 'group-team-checkout' },
      }),
    ).toBe('group:default/team-checkout');
    expect(
      readRequestOwnerRef({ labels: { 'backstage.io/owner': 'platform' } }),
    ).toBe('group:default/platform');
    expect(readRequestOwnerRef({})).toBeUndefined();
  });

  it('records owner and entity as labels and annotations', () => {
    expect(
      ownershipMetadata('group:default/team-a', 'component:default/shop'),
    ).toEqual({
      labels: {
        'backstage.io/owner': 'group-team-a',
        'backstage.io/entity': 'component-shop',
      },
      annotations: {
        'backstage.io/owner-ref': 'group:default/team-a',
        'backstage.io/entity-ref': 'component:default/shop',
      },
    });
  });
});
