import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  kratixPromiseInstallPermission,
  kratixReadPermission,
  kratixResourceManageAnyPermission,
  kratixResourceManagePermission,
} from '@kratix-backstage/plugin-kratix-common';
import { KratixPermissionPolicy } from './permissionPolicy';

const user = (ref: string, groups: string[] = []) => ({
  identity: { type: 'user' as const, userEntityRef: ref, ownershipEntityRefs: [ref, ...groups] },
  info: { userEntityRef: ref, ownershipEntityRefs: [ref, ...groups] },
  token: 'token',
  credentials: {} as any,
});

describe('KratixPermissionPolicy', () => {
  const policy = new KratixPermissionPolicy(new Set(['group:default/platform-team']));

  it('keeps admin acts for admins', async () => {
    expect((await policy.handle({ permission: kratixPromiseInstallPermission }, user('user:default/dev') as any)).result).toBe(
      AuthorizeResult.DENY,
    );
    expect(
      (await policy.handle({ permission: kratixResourceManageAnyPermission }, user('user:default/ops', ['group:default/platform-team']) as any)).result,
    ).toBe(AuthorizeResult.ALLOW);
  });

  it('lets anyone manage what they own, through a condition on the request', async () => {
    const decision = await policy.handle({ permission: kratixResourceManagePermission }, user('user:default/dev', ['group:default/team-a']) as any);
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'kratix',
      resourceType: 'kratix-resource-request',
      conditions: {
        rule: 'IS_REQUEST_OWNER',
        resourceType: 'kratix-resource-request',
        params: { claims: ['user:default/dev', 'group:default/team-a'] },
      },
    });
  });

  it('allows reading', async () => {
    expect((await policy.handle({ permission: kratixReadPermission }, user('user:default/dev') as any)).result).toBe(AuthorizeResult.ALLOW);
  });
});
