import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { readKratixConfig } from './config/readKratixConfig';
import { createEmbeddedRepository } from './embedded/createEmbeddedRepository';
import { KnownPipelineRuns } from './platform/KnownPipelineRuns';
import { EmbeddedKratix } from './embedded/EmbeddedKratix';
import { GitOpsKratixPlatform } from './platform/GitOpsKratixPlatform';
import { MarketplaceClient } from './marketplace/MarketplaceClient';
import { createPlatform } from './platform/createPlatform';
import { KratixPlatform } from './platform/KratixPlatform';

/** Every configured Kratix platform of this backend process. @public */
export interface KratixPlatformsService {
  /** All platforms, in configuration order. */
  list(): KratixPlatform[];
  /** One platform by name, or undefined. */
  get(name: string): KratixPlatform | undefined;
  /** The Promise marketplace. */
  marketplace: MarketplaceClient;
}

/**
 * The platforms of this backend, shared by the Kratix backend plugin and the catalog and
 * scaffolder modules; root-scoped so one process holds one reader per platform.
 * @public
 */
export const kratixPlatformsServiceRef =
  createServiceRef<KratixPlatformsService>({
    id: 'kratix.platforms',
    scope: 'root',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          config: coreServices.rootConfig,
          logger: coreServices.rootLogger,
          lifecycle: coreServices.rootLifecycle,
        },
        async factory({ config, logger, lifecycle }) {
          const kratixConfig = readKratixConfig(config);
          // Also fetches the Promises gitops platforms' PromiseReleases point at.
          const marketplace = new MarketplaceClient(kratixConfig.marketplace);
          const platforms: KratixPlatform[] = kratixConfig.platforms.map(p =>
            createPlatform(p, logger, config, { promiseFetcher: marketplace }),
          );
          if (kratixConfig.embedded) {
            const { name, title, dataDir, admins } = kratixConfig.embedded;
            const directory = await createEmbeddedRepository({
              dataDir,
              name,
              logger,
            });
            const embedded = new GitOpsKratixPlatform({
              name,
              title,
              admins,
              directory,
              stateStorePaths: ['state'],
              promiseFetcher: marketplace,
              // The stand-in's runs, which may commit nothing (see EmbeddedKratix).
              knownRuns: new KnownPipelineRuns(),
              logger: logger.child({ platform: name }),
            });
            platforms.push(embedded);
            if (kratixConfig.embedded.standInKratix) {
              // No cluster runs Kratix for the embedded platform: a stand-in writes the state store.
              const kratix = new EmbeddedKratix({
                platform: embedded,
                pipelineDelayMs: kratixConfig.embedded.pipelineSeconds * 1000,
                logger: logger.child({
                  platform: name,
                  component: 'embedded-kratix',
                }),
              });
              kratix.start();
              lifecycle.addShutdownHook(() => kratix.stop());
            }
          }
          lifecycle.addShutdownHook(() => {
            for (const platform of platforms)
              (platform as { stop?: () => void }).stop?.();
          });
          const byName = new Map(platforms.map(p => [p.name, p]));
          return {
            list: () => platforms,
            get: (name: string) => byName.get(name),
            marketplace,
          };
        },
      }),
  });
