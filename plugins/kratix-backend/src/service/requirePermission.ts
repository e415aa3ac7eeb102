import { HttpAuthService, PermissionsService } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult, BasicPermission, ResourcePermission } from '@backstage/plugin-permission-common';
import { Request } from 'express';

/** Throws NotAllowedError (403) unless the caller holds the permission. */
export async function requirePermission(
  req: Request,
  permission: BasicPermission,
  deps: { httpAuth: HttpAuthService; permissions: PermissionsService },
): Promise<void> {
  const credentials = await deps.httpAuth.credentials(req);
  const [decision] = await deps.permissions.authorize([{ permission }], { credentials });
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(`Not allowed: ${permission.name}`);
  }
}

/**
 * Allows the act when the caller holds the "any" permission, else when the resource
 * permission allows it for this resource (for example because they own it).
 */
export async function requireAnyOrOwn(
  req: Request,
  any: BasicPermission,
  own: ResourcePermission,
  resourceRef: string,
  deps: { httpAuth: HttpAuthService; permissions: PermissionsService },
): Promise<void> {
  const credentials = await deps.httpAuth.credentials(req);
  const [anyDecision] = await deps.permissions.authorize([{ permission: any }], { credentials });
  if (anyDecision.result === AuthorizeResult.ALLOW) return;
  const [ownDecision] = await deps.permissions.authorize([{ permission: own, resourceRef }], { credentials });
  if (ownDecision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(`Not allowed: ${own.name} on ${resourceRef} (you are not its owner) and not ${any.name}`);
  }
}
