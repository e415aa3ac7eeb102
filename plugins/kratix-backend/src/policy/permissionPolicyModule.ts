import { createBackendModule } from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { KratixPermissionPolicy } from './KratixPermissionPolicy';

/**
 * Installs `KratixPermissionPolicy` as the app's permission policy: Kratix admin acts
 * for each platform's configured admins, request management and pipeline logs for owners
 * and admins, everything else allowed. Apps with a policy of their own call
 * `kratixPolicyDecision` from it instead.
 * @public
 */
export const kratixPermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'kratix-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new KratixPermissionPolicy());
      },
    });
  },
});
