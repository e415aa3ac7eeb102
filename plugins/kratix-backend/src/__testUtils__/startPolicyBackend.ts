import type { Server } from 'node:http';
import {
  AuditorService,
  AuditorServiceCreateEventOptions,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
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

/** One audit event as the test sees it: what, by whom, and how it ended. */
export interface SeenAuditEvent {
  eventId: string;
  meta: Record<string, unknown>;
  outcome?: 'success' | 'fail';
}

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
 */
export async function startPolicyBackend(
  platforms: KratixPlatform[],
  audit: SeenAuditEvent[],
  extraFeatures: any[] = [],
): Promise<Server> {
  const auditor: AuditorService = {
    async createEvent(options: AuditorServiceCreateEventOptions) {
      const event: SeenAuditEvent = {
        eventId: options.eventId,
        meta: { ...(options.meta ?? {}) },
      };
      audit.push(event);
      return {
        success: async () => void (event.outcome = 'success'),
        fail: async () => void (event.outcome = 'fail'),
      };
    },
  };
  const { server } = await startTestBackend({
    features: [
      kratixPlugin,
      kratixPermissionPolicyModule,
      permissionBackend,
      permissionsServiceFactory,
      authWithPluginActors,
      mockServices.rootConfig.factory({
        data: { permission: { enabled: true } },
      }),
      createServiceFactory({
        service: coreServices.auditor,
        deps: {},
        factory: () => auditor,
      }),
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
