import type { Server } from 'node:http';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import permissionBackend from '@backstage/plugin-permission-backend';
import {
  KratixPlatform,
  kratixPlatformsServiceRef,
  MarketplaceClient,
} from '@kratix-backstage/plugin-kratix-node';
import {
  authWithPluginActors,
  userInfoWithTeams,
} from '@kratix-backstage/plugin-kratix-node/testUtils';
import { kratixPlugin } from '../plugin';
import { kratixPermissionPolicyModule } from '../policy/permissionPolicyModule';
import { capturingAuditor, SeenAuditEvent } from './capturingAuditor';

export type { SeenAuditEvent } from './capturingAuditor';

/** The groups each test user belongs to (what the catalog would say). */
export const TEAMS: Record<string, string[]> = {
  'user:default/alice': ['group:default/team-checkout'],
  'user:default/bob': ['group:default/team-payments'],
  'user:default/ops': ['group:default/platform-team'],
};

/**
 * Starts a test backend with the Kratix plugin behind the real permission framework: the
 * permission backend with the suite's policy module, the real permissions client (so
 * conditional decisions are applied by the Kratix plugin's resource rules over HTTP), and
 * users whose groups come from {@link TEAMS}. Audit events are collected in `audit`.
 * `config` is added to the backend's configuration (beside `permission.enabled`).
 */
export async function startPolicyBackend(
  platforms: KratixPlatform[],
  audit: SeenAuditEvent[],
  extraFeatures: any[] = [],
  config: Record<string, unknown> = {},
): Promise<Server> {
  const { server } = await startTestBackend({
    features: [
      kratixPlugin,
      kratixPermissionPolicyModule,
      permissionBackend,
      permissionsServiceFactory,
      authWithPluginActors,
      mockServices.rootConfig.factory({
        data: { ...config, permission: { enabled: true } },
      }),
      capturingAuditor(audit),
      userInfoWithTeams(TEAMS),
      createServiceFactory({
        service: kratixPlatformsServiceRef,
        deps: {},
        factory: () => ({
          list: () => platforms,
          get: (name: string) => platforms.find(p => p.name === name),
          marketplace: new MarketplaceClient({ allowedHosts: [] }),
        }),
      }),
      ...extraFeatures,
    ],
  });
  return server;
}
