import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  kratixAdminPermissions,
  kratixPermissions,
  kratixRequestOwnerPermissions,
} from '@kratix-backstage/plugin-kratix-common';
import {
  createKratixPlatformConditionalDecision,
  createKratixRequestConditionalDecision,
  kratixPlatformConditions,
  kratixRequestConditions,
} from '../permissions/requestResource';

const adminPermissions = new Set(kratixAdminPermissions.map(p => p.name));
const ownerPermissions = new Set(
  kratixRequestOwnerPermissions.map(p => p.name),
);
/** The suite's permissions everyone holds: reading, and creating requests. */
const everyonePermissions = new Set(
  kratixPermissions
    .map(p => p.name)
    .filter(name => !adminPermissions.has(name) && !ownerPermissions.has(name)),
);

/**
 * The suite's decisions for its own permissions, for use inside any policy: admin acts are
 * allowed to the platform's configured admins; managing a request and reading its pipeline
 * logs to its owner and those admins; reading and creating requests to everyone. Returns
 * undefined for permissions that are not the suite's, so a host policy decides those (a host
 * policy that denies by default still lets its users read Kratix).
 * @public
 */
export function kratixPolicyDecision(
  request: PolicyQuery,
  user?: PolicyQueryUser,
): PolicyDecision | undefined {
  const claims = [
    ...new Set(
      [
        user?.info.userEntityRef,
        ...(user?.info.ownershipEntityRefs ?? []),
      ].filter(Boolean) as string[],
    ),
  ];
  const { permission } = request;
  if (adminPermissions.has(permission.name) && permission.type === 'resource') {
    return createKratixPlatformConditionalDecision(
      permission as any,
      kratixPlatformConditions.isPlatformAdmin({ claims }),
    );
  }
  if (ownerPermissions.has(permission.name) && permission.type === 'resource') {
    return createKratixRequestConditionalDecision(permission as any, {
      anyOf: [
        kratixRequestConditions.isRequestOwner({ claims }),
        kratixRequestConditions.isRequestPlatformAdmin({ claims }),
      ],
    });
  }
  if (everyonePermissions.has(permission.name))
    return { result: AuthorizeResult.ALLOW };
  return undefined;
}

/**
 * A complete policy for an app whose only guarded plugin is this suite: the suite's
 * decisions for its permissions, allow for everything else (Backstage's allow-all default).
 * @public
 */
export class KratixPermissionPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    return (
      kratixPolicyDecision(request, user) ?? { result: AuthorizeResult.ALLOW }
    );
  }
}
