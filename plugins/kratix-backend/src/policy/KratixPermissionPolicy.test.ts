import {
  AuthorizeResult,
  ConditionalPolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  kratixPromiseInstallPermission,
  kratixPromiseManagePermission,
  kratixReadPermission,
  kratixResourceLogsReadPermission,
  kratixResourceManagePermission,
} from '@kratix-backstage/plugin-kratix-common';
import {
  isPlatformAdmin,
  isRequestOwner,
  isRequestPlatformAdmin,
} from '../permissions/requestResource';
import {
  KratixPermissionPolicy,
  kratixPolicyDecision,
} from './KratixPermissionPolicy';

const user = (ref: string, groups: string[] = []) =>
  ({
    info: { userEntityRef: ref, ownershipEntityRefs: [ref, ...groups] },
  } as any);

const request = (owner?: string) => ({
  platform: 'prod',
  promise: 'jenkins',
  platformAdmins: ['group:default/platform-team'],
  request: {
    apiVersion: 'marketplace.kratix.io/v1alpha1',
    kind: 'jenkins',
    metadata: {
      name: 'ci',
      namespace: 'team-a',
      ...(owner ? { annotations: { 'backstage.io/owner-ref': owner } } : {}),
    },
  },
});

describe('KratixPermissionPolicy', () => {
  const policy = new KratixPermissionPolicy();

  it("makes admin acts conditional on the platform's own admins", async () => {
    const decision = (await policy.handle(
      { permission: kratixPromiseInstallPermission },
      user('user:default/dev'),
    )) as ConditionalPolicyDecision;
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'kratix',
      resourceType: 'kratix-platform',
      conditions: {
        rule: 'IS_PLATFORM_ADMIN',
        resourceType: 'kratix-platform',
        params: { claims: ['user:default/dev'] },
      },
    });
    const platform = { name: 'prod', admins: ['group:default/platform-team'] };
    expect(
      isPlatformAdmin.apply(platform, { claims: ['user:default/dev'] }),
    ).toBe(false);
    expect(
      isPlatformAdmin.apply(platform, {
        claims: ['user:default/ops', 'group:default/platform-team'],
      }),
    ).toBe(true);
    expect(
      isPlatformAdmin.apply(
        { name: 'demo', admins: [] },
        { claims: ['group:default/platform-team'] },
      ),
    ).toBe(false);
  });

  it("makes a Promise's workflow control an admin act too", async () => {
    const decision = (await policy.handle(
      { permission: kratixPromiseManagePermission, resourceRef: 'prod' } as any,
      user('user:default/dev'),
    )) as ConditionalPolicyDecision;
    expect(decision).toEqual(
      expect.objectContaining({
        result: AuthorizeResult.CONDITIONAL,
        resourceType: 'kratix-platform',
        conditions: expect.objectContaining({ rule: 'IS_PLATFORM_ADMIN' }),
      }),
    );
  });

  it.each([kratixResourceManagePermission, kratixResourceLogsReadPermission])(
    'lets owners and platform admins act on a request (%s)',
    async permission => {
      const decision = await policy.handle(
        { permission, resourceRef: 'prod:jenkins:team-a/ci' } as any,
        user('user:default/dev', ['group:default/team-a']),
      );
      expect(decision).toEqual(
        expect.objectContaining({
          result: AuthorizeResult.CONDITIONAL,
          resourceType: 'kratix-resource-request',
          conditions: {
            anyOf: [
              expect.objectContaining({
                rule: 'IS_REQUEST_OWNER',
                params: {
                  claims: ['user:default/dev', 'group:default/team-a'],
                },
              }),
              expect.objectContaining({ rule: 'IS_REQUEST_PLATFORM_ADMIN' }),
            ],
          },
        }),
      );
    },
  );

  it('applies the request rules to the request as recorded', () => {
    expect(
      isRequestOwner.apply(request('group:default/team-a'), {
        claims: ['user:default/dev', 'group:default/team-a'],
      }),
    ).toBe(true);
    expect(
      isRequestOwner.apply(request('group:default/team-b'), {
        claims: ['user:default/dev', 'group:default/team-a'],
      }),
    ).toBe(false);
    expect(
      isRequestOwner.apply(request(), { claims: ['user:default/dev'] }),
    ).toBe(false);
    expect(
      isRequestPlatformAdmin.apply(request('group:default/team-b'), {
        claims: ['group:default/platform-team'],
      }),
    ).toBe(true);
  });

  it('allows reading, and leaves permissions of other plugins to the host policy', async () => {
    expect(
      (
        await policy.handle(
          { permission: kratixReadPermission },
          user('user:default/dev'),
        )
      ).result,
    ).toBe(AuthorizeResult.ALLOW);
    expect(
      kratixPolicyDecision(
        {
          permission: {
            type: 'basic',
            name: 'catalog.entity.create',
            attributes: { action: 'create' },
          },
        },
        user('user:default/dev'),
      ),
    ).toBeUndefined();
  });
});
