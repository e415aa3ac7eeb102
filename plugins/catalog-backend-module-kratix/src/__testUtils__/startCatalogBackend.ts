import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import request from 'supertest';
import {
  KratixPlatform,
  kratixPlatformsServiceRef,
  MarketplaceClient,
} from '@kratix-backstage/plugin-kratix-node';
import { catalogModuleKratixEntityProvider } from '../module';

/** A test backend's catalog, read as a signed-in user reads it. */
export interface TestCatalog {
  /** The entities a catalog filter selects (`/entities/by-query`, up to 100). */
  query(filter: string): Promise<any[]>;
  /** One entity by `kind/namespace/name` (its body; `{}`-like where missing). */
  entity(ref: string): Promise<any>;
}

/**
 * Starts a test backend with the real catalog (and the scaffolder's entity model, so
 * Templates validate) beside the suite's catalog module over `platform`. The test
 * scheduler runs each task once at start, which is the full sweep the tests wait for.
 */
export async function startCatalogBackend(
  platform: KratixPlatform,
  catalogConfig: Record<string, unknown> = {},
): Promise<TestCatalog> {
  const { server } = await startTestBackend({
    features: [
      catalogPlugin,
      scaffolderEntityModel,
      catalogModuleKratixEntityProvider,
      mockServices.scheduler.factory({
        includeInitialDelayedTasksOnStartup: true,
      }),
      mockServices.rootConfig.factory({
        data: {
          backend: { baseUrl: 'http://localhost:7007' },
          catalog: { processingInterval: { seconds: 1 }, ...catalogConfig },
        },
      }),
      createServiceFactory({
        service: kratixPlatformsServiceRef,
        deps: {},
        factory: () => ({
          list: () => [platform],
          get: (name: string) =>
            name === platform.name ? platform : undefined,
          marketplace: new MarketplaceClient({ allowedHosts: [] }),
        }),
      }),
    ],
  });
  const read = (path: string) =>
    request(server)
      .get(`/api/catalog${path}`)
      .set('Authorization', mockCredentials.user.header());
  return {
    query: async filter =>
      (
        await read(
          `/entities/by-query?filter=${encodeURIComponent(filter)}&limit=100`,
        )
      ).body.items ?? [],
    entity: async ref => (await read(`/entities/by-name/${ref}`)).body,
  };
}
