import { createBackendModule, coreServices } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { kratixAdminPermissions } from '@kratix-backstage/plugin-kratix-common';

const adminPermissionNames = new Set(kratixAdminPermissions.map(p => p.name));

/**
 * Allows everything except the Kratix admin acts (install Promises, register clusters,
 * manage any team's request), which only the entity refs in `kratix.admins` may do.
 */
class KratixAdminPolicy implements PermissionPolicy {
  constructor(private readonly admins: Set<string>) {}

  async handle(request: PolicyQuery, user?: PolicyQueryUser): Promise<PolicyDecision> {
    if (!adminPermissionNames.has(request.permission.name)) {
      return { result: AuthorizeResult.ALLOW };
    }
    const refs = user?.info.ownershipEntityRefs ?? [];
    const isAdmin = refs.some(ref => this.admins.has(ref)) || this.admins.has(user?.info.userEntityRef ?? '');
    return { result: isAdmin ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
  }
}

export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'kratix-admin-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
      async init({ policy, config }) {
        const admins = new Set(config.getOptionalStringArray('kratix.admins') ?? []);
        policy.setPolicy(new KratixAdminPolicy(admins));
      },
    });
  },
});
