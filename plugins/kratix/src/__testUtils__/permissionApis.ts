import { PermissionApi } from '@backstage/plugin-permission-react';

/** A permission API whose every check fails, as when the permission backend is unreachable. */
export function failingPermissionApi(
  message = 'permission backend unreachable',
): PermissionApi & { authorize: jest.Mock } {
  return {
    authorize: jest.fn(async () => {
      throw new Error(message);
    }),
  };
}
