import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { kratixPermissions } from '@kratix-backstage/plugin-kratix-common';
import { kratixPlatformsServiceRef } from '@kratix-backstage/plugin-kratix-node';
import { createRouter } from './routes/createRouter';

/**
 * The Kratix backend plugin: the REST API at `/api/kratix` over every configured platform.
 * @public
 */
export const kratixPlugin = createBackendPlugin({
  pluginId: 'kratix',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        platforms: kratixPlatformsServiceRef,
      },
      async init({ logger, httpRouter, httpAuth, permissions, permissionsRegistry, platforms }) {
        permissionsRegistry.addPermissions(kratixPermissions);
        httpRouter.use(await createRouter({ platforms, httpAuth, permissions, logger }));
        logger.info(
          `Serving Kratix platforms: ${platforms.list().map(p => `${p.name} (${p.mode})`).join(', ')}`,
        );
      },
    });
  },
});
