import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { AuthorizeResult, isPermission, PolicyDecision } from '@backstage/plugin-permission-common';
import { PermissionPolicy, PolicyQuery, PolicyQueryUser } from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  kratixAdminPermissions,
  kratixResourceManagePermission,
} from '@kratix-backstage/plugin-kratix-common';
import {
  createKratixRequestConditionalDecision,
  kratixRequestConditions,
} from '@kratix-backstage/plugin-kratix-backend';

const adminPermissionNames = new Set(kratixAdminPermissions.map(p => p.name));

/**
 * Allows everything except the Kratix admin acts (install Promises, register clusters,
 * manage any team's request), which only the entity refs in `kratix.admins` may do; anyone
 * may manage the requests they or their groups own.
 */
export class KratixPermissionPolicy implements PermissionPolicy {
  constructor(private readonly admins: Set<string>) {}

  async handle(request: PolicyQuery, user?: PolicyQueryUser): Promise<PolicyDecision> {
    const claims = [
      ...new Set([user?.info.userEntityRef, ...(user?.info.ownershipEntityRefs ?? [])].filter(Boolean) as string[]),
    ];
    const isAdmin = claims.some(ref => this.admins.has(ref));
    if (adminPermissionNames.has(request.permission.name)) {
      return { result: isAdmin ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
    }
    if (isPermission(request.permission, kratixResourceManagePermission)) {
      if (isAdmin) return { result: AuthorizeResult.ALLOW };
      return createKratixRequestConditionalDecision(
        request.permission,
        kratixRequestConditions.isRequestOwner({ claims }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'kratix-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
      async init({ policy, config }) {
        const admins = new Set(config.getOptionalStringArray('kratix.admins') ?? []);
        policy.setPolicy(new KratixPermissionPolicy(admins));
      },
    });
  },
});
