import { isResourcePermission } from '@backstage/plugin-permission-common';
import {
  KRATIX_PLATFORM_RESOURCE_TYPE,
  KRATIX_RESOURCE_REQUEST_RESOURCE_TYPE,
  kratixAdminPermissions,
  kratixPermissions,
  kratixRequestOwnerPermissions,
  kratixResourceLogsReadPermission,
  kratixResourceManagePermission,
  parseRequestResourceRef,
  requestResourceRef,
} from './permissions';

describe('kratix permissions', () => {
  it('have unique names in the kratix namespace', () => {
    const names = kratixPermissions.map(p => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.every(n => n.startsWith('kratix.'))).toBe(true);
  });

  it('make managing a request conditional on the request resource type', () => {
    expect(
      isResourcePermission(
        kratixResourceManagePermission,
        KRATIX_RESOURCE_REQUEST_RESOURCE_TYPE,
      ),
    ).toBe(true);
  });

  it('list admin permissions among all permissions', () => {
    expect(
      kratixAdminPermissions.every(p => kratixPermissions.includes(p)),
    ).toBe(true);
  });
});

describe('requestResourceRef', () => {
  it('round-trips through parseRequestResourceRef', () => {
    const ref = requestResourceRef('prod', 'jenkins', 'team-a', 'ci');
    expect(ref).toBe('prod:jenkins:team-a/ci');
    expect(parseRequestResourceRef(ref)).toEqual({
      platform: 'prod',
      promise: 'jenkins',
      namespace: 'team-a',
      name: 'ci',
    });
  });

  it('refuses refs with missing or extra parts', () => {
    expect(parseRequestResourceRef('prod:jenkins:team-a')).toBeUndefined();
    expect(parseRequestResourceRef('prod:jenkins:team-a/ci/x')).toBeUndefined();
  });
});

describe('admin permissions', () => {
  it('are decided per platform', () => {
    for (const permission of kratixAdminPermissions) {
      expect(
        isResourcePermission(permission, KRATIX_PLATFORM_RESOURCE_TYPE),
      ).toBe(true);
    }
  });

  it('gate request logs on the request, so owners can read their own', () => {
    expect(
      isResourcePermission(
        kratixResourceLogsReadPermission,
        KRATIX_RESOURCE_REQUEST_RESOURCE_TYPE,
      ),
    ).toBe(true);
    expect(kratixRequestOwnerPermissions).toContain(
      kratixResourceLogsReadPermission,
    );
  });
});
