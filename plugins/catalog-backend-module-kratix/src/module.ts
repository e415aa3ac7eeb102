import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { kratixPlatformsServiceRef } from '@kratix-backstage/plugin-kratix-node';
import { KratixEntityProvider } from './providers/KratixEntityProvider';

/**
 * Adds one {@link KratixEntityProvider} per Kratix platform of the backend to the catalog.
 *
 * The entities are Components, Systems and Resources, which the catalog's built-in kinds
 * processor already accepts; `catalog.rules` only filters entities read from locations,
 * not what a provider gives, so nothing needs to be allowed for them.
 * @public
 */
export const catalogModuleKratixEntityProvider = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'kratix-entity-provider',
  register({ registerInit }) {
    registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        platforms: kratixPlatformsServiceRef,
      },
      async init({ catalog, config, logger, scheduler, platforms }) {
        catalog.addEntityProvider(
          KratixEntityProvider.fromConfig(config, {
            logger,
            scheduler,
            platforms,
          }),
        );
      },
    });
  },
});
