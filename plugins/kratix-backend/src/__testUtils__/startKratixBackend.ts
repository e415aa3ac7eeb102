import type { Server } from 'node:http';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  PermissionEvaluator,
} from '@backstage/plugin-permission-common';
import {
  KratixPlatform,
  kratixPlatformsServiceRef,
  MarketplaceClient,
} from '@kratix-backstage/plugin-kratix-node';
import { kratixPlugin } from '../plugin';

/** Decides each permission by name; anything not listed is allowed. */
export type PermissionDecisions = Record<
  string,
  AuthorizeResult.ALLOW | AuthorizeResult.DENY
>;

/** Starts a test backend with the Kratix plugin over the given platforms. */
export async function startKratixBackend(
  platforms: KratixPlatform[],
  decisions: PermissionDecisions = {},
  marketplace = new MarketplaceClient({
    allowedHosts: ['raw.githubusercontent.com'],
  }),
  extraFeatures: Array<
    Parameters<typeof startTestBackend>[0]['features'] extends
      | (infer F)[]
      | undefined
      ? F
      : never
  > = [],
): Promise<Server> {
  const authorize: PermissionEvaluator['authorize'] = async requests =>
    requests.map(r => ({
      result: decisions[r.permission.name] ?? AuthorizeResult.ALLOW,
    }));
  const { server } = await startTestBackend({
    features: [
      kratixPlugin,
      createServiceFactory({
        service: kratixPlatformsServiceRef,
        deps: {},
        factory: () => ({
          list: () => platforms,
          get: (name: string) => platforms.find(p => p.name === name),
          marketplace,
        }),
      }),
      mockServices.permissions.mock({ authorize: authorize as any }).factory,
      ...extraFeatures,
    ],
  });
  return server;
}
