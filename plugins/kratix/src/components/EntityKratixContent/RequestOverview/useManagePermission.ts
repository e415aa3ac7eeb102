import { useApi } from '@backstage/core-plugin-api';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import useAsync from 'react-use/esm/useAsync';
import {
  kratixResourceManageAnyPermission,
  kratixResourceManagePermission,
  requestResourceRef,
  RequestDetail,
} from '@kratix-backstage/plugin-kratix-common';

/**
 * Whether the user may manage the request, as the backend decides: the platform's admins
 * (manage-any on the platform) or the request's owners (manage on the request) may.
 * One allow is enough even if the other check failed; an error only when none allowed.
 */
export function useManagePermission(detail: RequestDetail) {
  const permissions = useApi(permissionApiRef);
  const resourceRef = requestResourceRef(
    detail.platform,
    detail.promise,
    detail.namespace,
    detail.name,
  );
  return useAsync(async () => {
    const decisions = await Promise.allSettled([
      permissions.authorize({
        permission: kratixResourceManageAnyPermission,
        resourceRef: detail.platform,
      }),
      permissions.authorize({
        permission: kratixResourceManagePermission,
        resourceRef,
      }),
    ]);
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
  }, [permissions, resourceRef]);
}
