import {
  commitAuthorFor,
  decideRequestOwner,
  normalizeOwnerRef,
} from './requestOwner';

const alice = {
  userRef: 'user:default/alice',
  ownershipRefs: ['user:default/alice', 'group:default/team-a'],
};

describe('normalizeOwnerRef', () => {
  it('fills in kind and namespace and lower-cases', () => {
    expect(normalizeOwnerRef('Team-A')).toBe('group:default/team-a');
    expect(normalizeOwnerRef('user:ops/Bob')).toBe('user:ops/bob');
  });

  it('refuses text that is not an entity ref', () => {
    expect(normalizeOwnerRef('a:b:c/d')).toBeUndefined();
  });
});

describe('decideRequestOwner', () => {
  it('records the caller by default on create', () => {
    expect(decideRequestOwner({ caller: alice, isAdmin: false })).toEqual({
      allowed: true,
      owner: 'user:default/alice',
    });
  });

  it('lets the caller record a group they belong to', () => {
    expect(
      decideRequestOwner({
        requested: 'group:default/team-a',
        caller: alice,
        isAdmin: false,
      }),
    ).toEqual({
      allowed: true,
      owner: 'group:default/team-a',
    });
    expect(
      decideRequestOwner({
        requested: 'team-a',
        caller: alice,
        isAdmin: false,
      }),
    ).toEqual({
      allowed: true,
      owner: 'group:default/team-a',
    });
  });

  it('refuses another team as owner unless the caller is an admin, naming the field', () => {
    const refused = decideRequestOwner({
      requested: 'group:default/team-b',
      caller: alice,
      isAdmin: false,
    });
    expect(refused.allowed).toBe(false);
    expect(!refused.allowed && refused.reason).toMatch(/^owner: .*team-b/);
    expect(
      decideRequestOwner({
        requested: 'group:default/team-b',
        caller: alice,
        isAdmin: true,
      }),
    ).toEqual({
      allowed: true,
      owner: 'group:default/team-b',
    });
  });

  it('keeps the existing owner on update when none or the same is given', () => {
    const existing = { owner: 'group:default/team-b' };
    expect(
      decideRequestOwner({ existing, caller: alice, isAdmin: false }),
    ).toEqual({ allowed: true, owner: 'group:default/team-b' });
    expect(
      decideRequestOwner({
        requested: 'team-b',
        existing,
        caller: alice,
        isAdmin: false,
      }),
    ).toEqual({
      allowed: true,
      owner: 'group:default/team-b',
    });
  });

  it('makes changing the owner of an existing request an admin act, even to the caller', () => {
    const existing = { owner: 'group:default/team-b' };
    const refused = decideRequestOwner({
      requested: 'group:default/team-a',
      existing,
      caller: alice,
      isAdmin: false,
    });
    expect(refused).toEqual({
      allowed: false,
      reason: expect.stringMatching(/^owner: changing the owner/),
    });
    expect(
      decideRequestOwner({
        requested: 'group:default/team-a',
        existing,
        caller: alice,
        isAdmin: true,
      }),
    ).toEqual({
      allowed: true,
      owner: 'group:default/team-a',
    });
  });

  it('refuses an owner that is not an entity ref', () => {
    expect(
      decideRequestOwner({ requested: 'a:b:c/d', caller: alice, isAdmin: true })
        .allowed,
    ).toBe(false);
  });
});

describe('commitAuthorFor', () => {
  it("uses the User entity's profile", () => {
    expect(
      commitAuthorFor('user:default/alice', {
        spec: {
          profile: {
            displayName: 'Alice Liddell',
            email: 'alice@easyeaty.example',
          },
        },
      }),
    ).toEqual({ name: 'Alice Liddell', email: 'alice@easyeaty.example' });
  });

  it('falls back to the entity ref', () => {
    expect(commitAuthorFor('user:default/bob')).toEqual({
      name: 'user:default/bob',
      email: 'user:default/bob',
    });
  });
});
