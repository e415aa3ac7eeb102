import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';

/**
 * The mock auth service, except that a token a plugin gets on behalf of a user carries the
 * plugin as the user's actor, as real Backstage tokens do. The permission backend's
 * apply-conditions call depends on that; the stock mock drops the actor.
 * @public
 */
export const authWithPluginActors = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory: ({ plugin }) => {
    const base = mockServices.auth({ pluginId: plugin.getId() });
    return {
      authenticate: base.authenticate.bind(base),
      getNoneCredentials: base.getNoneCredentials.bind(base),
      getOwnServiceCredentials: base.getOwnServiceCredentials.bind(base),
      isPrincipal: base.isPrincipal.bind(base) as typeof base.isPrincipal,
      getLimitedUserToken: base.getLimitedUserToken.bind(base),
      listPublicServiceKeys: base.listPublicServiceKeys.bind(base),
      async getPluginRequestToken(options) {
        const principal = options.onBehalfOf.principal as {
          type: string;
          userEntityRef?: string;
        };
        if (principal.type === 'user') {
          return {
            token: mockCredentials.user.token(principal.userEntityRef, {
              actor: { subject: `plugin:${plugin.getId()}` },
            } as any),
          };
        }
        return base.getPluginRequestToken(options);
      },
    };
  },
});

/**
 * The user info service, with each user's groups taken from `teams` (what the catalog would
 * say of them), for tests that run the permission framework's ownership rules.
 * @public
 */
export function userInfoWithTeams(teams: Record<string, string[]>) {
  return createServiceFactory({
    service: coreServices.userInfo,
    deps: {},
    factory: () => ({
      async getUserInfo(credentials: any) {
        const ref = credentials.principal.userEntityRef as string;
        return {
          userEntityRef: ref,
          ownershipEntityRefs: [ref, ...(teams[ref] ?? [])],
        };
      },
    }),
  });
}
