import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import {
  commitAuthorFor,
  kratixAdminPermissions,
  kratixPermissions,
  kratixRequestOwnerPermissions,
  parseRequestResourceRef,
} from '@kratix-backstage/plugin-kratix-common';
import {
  KratixAccess,
  kratixPlatformsServiceRef,
} from '@kratix-backstage/plugin-kratix-node';
import { registerKratixActions } from './actions/registerKratixActions';
import {
  kratixPlatformResourceRef,
  kratixPlatformRules,
  kratixRequestResourceRef,
  kratixRequestRules,
} from './permissions/requestResource';
import { createRouter } from './routes/createRouter';
import { KratixLiveService } from './live/KratixLiveService';
import { readLiveConfig } from './live/readLiveConfig';

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
        auth: coreServices.auth,
        userInfo: coreServices.userInfo,
        auditor: coreServices.auditor,
        actionsRegistry: actionsRegistryServiceRef,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        platforms: kratixPlatformsServiceRef,
        config: coreServices.rootConfig,
        lifecycle: coreServices.lifecycle,
        signals: signalsServiceRef,
        notifications: notificationService,
      },
      async init({
        logger,
        httpRouter,
        httpAuth,
        auth,
        userInfo,
        auditor,
        actionsRegistry,
        permissions,
        permissionsRegistry,
        catalog,
        platforms,
        config,
        lifecycle,
        signals,
        notifications,
      }) {
        permissionsRegistry.addPermissions(kratixPermissions);
        permissionsRegistry.addResourceType({
          resourceRef: kratixRequestResourceRef,
          permissions: kratixRequestOwnerPermissions,
          rules: Object.values(kratixRequestRules),
          getResources: async refs =>
            Promise.all(
              refs.map(async ref => {
                const parts = parseRequestResourceRef(ref);
                const platform = parts && platforms.get(parts.platform);
                if (!parts || !platform) return undefined;
                const requests = await platform.listRequests({
                  promise: parts.promise,
                  namespace: parts.namespace,
                });
                // A request still in an open pull request is its proposer's too: they may amend it.
                const request =
                  requests.find(r => r.metadata.name === parts.name) ??
                  (await platform.findPendingRequest?.(parts))?.request;
                return (
                  request && {
                    platform: parts.platform,
                    promise: parts.promise,
                    request,
                    platformAdmins: platform.admins ?? [],
                  }
                );
              }),
            ),
        });
        permissionsRegistry.addResourceType({
          resourceRef: kratixPlatformResourceRef,
          permissions: kratixAdminPermissions,
          rules: Object.values(kratixPlatformRules),
          getResources: async refs =>
            refs.map(ref => {
              const platform = platforms.get(ref);
              return (
                platform && {
                  name: platform.name,
                  admins: platform.admins ?? [],
                }
              );
            }),
        });
        const authorOf = async (userRef: string) => {
          // The backend's own credentials: a user's profile is read even where catalog reads are restricted.
          const entity = await catalog
            .getEntityByRef(userRef, {
              credentials: await auth.getOwnServiceCredentials(),
            })
            .catch(() => undefined);
          return commitAuthorFor(userRef, entity as any);
        };
        // The same checks and write path as the REST API, for MCP clients and AI assistants.
        registerKratixActions({
          actionsRegistry,
          platforms,
          access: new KratixAccess(permissions, userInfo),
          auditor,
          authorOf,
        });
        // Live pages and notifications: started once every plugin is up, stopped on shutdown.
        const live = new KratixLiveService({
          platforms: platforms.list(),
          signals,
          notifications,
          logger: logger.child({ component: 'live' }),
          ...readLiveConfig(config),
        });
        lifecycle.addStartupHook(() => {
          void live.start();
        });
        lifecycle.addShutdownHook(() => live.stop());
        httpRouter.use(
          await createRouter({
            platforms,
            httpAuth,
            permissions,
            logger,
            auditor,
            httpRouter,
            access: new KratixAccess(permissions, userInfo),
            authorOf,
            settledRequest: (platform, item) =>
              live.settledRequest(platform, item),
          }),
        );
        logger.info(
          `Serving Kratix platforms: ${platforms
            .list()
            .map(p => `${p.name} (${p.mode})`)
            .join(', ')}`,
        );
      },
    });
  },
});
