import { useApi } from '@backstage/core-plugin-api';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { kratixPromiseInstallPermission } from '@kratix-backstage/plugin-kratix-common';
import useAsync from 'react-use/esm/useAsync';
import { kratixApiRef } from '../../api/KratixApi';

/**
 * Whether the signed-in user administers a platform (`kratix.promise.install` on it): the
 * given one, or any configured platform when none is given. `value` is true as soon as one
 * platform allows; `error` is set when none allowed and a check (or the platform list) failed,
 * so a caller can say so instead of showing nothing. An app's own pages (a home page link to
 * the admin tab) can ask it too.
 * @public
 */
export function useKratixAdminCheck(platform?: string) {
  const permissions = useApi(permissionApiRef);
  const api = useApi(kratixApiRef);
  return useAsync(async () => {
    const names = platform
      ? [platform]
      : (await api.getPlatforms()).map(p => p.name);
    const decisions = await Promise.allSettled(
      names.map(name =>
        permissions.authorize({
          permission: kratixPromiseInstallPermission,
          resourceRef: name,
        }),
      ),
    );
    if (
      decisions.some(
        d =>
          d.status === 'fulfilled' && d.value.result === AuthorizeResult.ALLOW,
      )
    )
      return true;
    const failed = decisions.find(d => d.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    return false;
  }, [permissions, api, platform]);
}
