import { isResourcePermission } from '@backstage/plugin-permission-common';
import {
  KRATIX_RESOURCE_REQUEST_RESOURCE_TYPE,
  kratixAdminPermissions,
  kratixPermissions,
  kratixResourceManagePermission,
} from './permissions';

describe('kratix permissions', () => {
  it('have unique names in the kratix namespace', () => {
    const names = kratixPermissions.map(p => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.every(n => n.startsWith('kratix.'))).toBe(true);
  });

  it('make managing a request conditional on the request resource type', () => {
    expect(isResourcePermission(kratixResourceManagePermission, KRATIX_RESOURCE_REQUEST_RESOURCE_TYPE)).toBe(true);
  });

  it('list admin permissions among all permissions', () => {
    expect(kratixAdminPermissions.every(p => kratixPermissions.includes(p))).toBe(true);
  });
});
