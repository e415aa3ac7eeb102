import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { kratixPermissions, kratixResourceManagePermission } from '@kratix-backstage/plugin-kratix-common';
import { kratixPlatformsServiceRef } from '@kratix-backstage/plugin-kratix-node';
import { kratixRequestResourceRef, kratixRequestRules, parseRequestResourceRef } from './permissions/requestResource';
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
        permissionsRegistry.addResourceType({
          resourceRef: kratixRequestResourceRef,
          permissions: [kratixResourceManagePermission],
          rules: Object.values(kratixRequestRules),
          getResources: async refs =>
            Promise.all(
              refs.map(async ref => {
                const parts = parseRequestResourceRef(ref);
                const platform = parts && platforms.get(parts.platform);
                if (!parts || !platform) return undefined;
                const requests = await platform.listRequests({ promise: parts.promise, namespace: parts.namespace });
                const request = requests.find(r => r.metadata.name === parts.name);
                return request && { platform: parts.platform, promise: parts.promise, request };
              }),
            ),
        });
        httpRouter.use(await createRouter({ platforms, httpAuth, permissions, logger }));
        logger.info(
          `Serving Kratix platforms: ${platforms.list().map(p => `${p.name} (${p.mode})`).join(', ')}`,
        );
      },
    });
  },
});
