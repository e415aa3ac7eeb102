import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  kratixResourceManagePermission,
  ManageAction,
  requestResourceRef,
} from '@kratix-backstage/plugin-kratix-common';
import { KratixAccess, RequestRef } from '@kratix-backstage/plugin-kratix-node';

/** An upgrade must name the version to move to: 400 otherwise. */
export function checkUpgradeVersion(
  action: ManageAction,
  version: string | undefined,
): void {
  if (action === 'upgrade' && !version)
    throw new InputError('version: an upgrade needs the version to move to');
}

/**
 * Only a request's owner or a platform admin may act on it (`kratix.resource.manage`,
 * decided per platform), for the REST route and the agent action alike: 403 otherwise.
 */
export async function requireRequestManager(
  access: KratixAccess,
  credentials: BackstageCredentials,
  platform: string,
  ref: RequestRef,
): Promise<void> {
  if (await access.canManage(credentials, platform, ref)) return;
  throw new NotAllowedError(
    `Not allowed: ${
      kratixResourceManagePermission.name
    } on ${requestResourceRef(
      platform,
      ref.promise,
      ref.namespace,
      ref.name,
    )} (only its owner or a platform admin may)`,
  );
}
