import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { kratixPlatformsServiceRef } from '@kratix-backstage/plugin-kratix-node';
import {
  createKratixPromiseInstallAction,
  createKratixResourceRequestAction,
  createKratixResourceWaitAction,
} from './actions';

/**
 * Adds the Kratix actions to the scaffolder.
 * @public
 */
export const scaffolderModuleKratix = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'kratix',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        platforms: kratixPlatformsServiceRef,
        permissions: coreServices.permissions,
        userInfo: coreServices.userInfo,
        auditor: coreServices.auditor,
      },
      async init({ scaffolder, platforms, permissions, userInfo, auditor }) {
        scaffolder.addActions(
          createKratixResourceRequestAction({
            platforms,
            permissions,
            userInfo,
            auditor,
          }),
          createKratixResourceWaitAction({ platforms }),
          createKratixPromiseInstallAction({ platforms, permissions, auditor }),
        );
      },
    });
  },
});
