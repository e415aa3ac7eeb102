import { Entity } from '@backstage/catalog-model';
import { KRATIX_ANNOTATIONS } from '../annotations';
import { platformEntityName } from './entityNames';
import { baseMetadata } from './kratixLocation';
import {
  DEFAULT_KRATIX_OWNER,
  KratixEntityOptions,
  KratixPlatformInfo,
} from './types';

/**
 * Shapes a configured Kratix platform as a `System` named after the platform: the System
 * that its Promises, requests and Destinations declare in `spec.system`. Owner
 * `options.owner`, else {@link DEFAULT_KRATIX_OWNER}; annotated `kratix.io/type: platform`
 * and `kratix.io/platform`.
 * @public
 */
export function platformToEntity(
  platform: KratixPlatformInfo,
  options: KratixEntityOptions = {},
): Entity {
  const title = platform.title ?? platform.name;
  const metadata = baseMetadata(
    platform.name,
    platformEntityName(platform.name),
  );
  metadata.annotations[KRATIX_ANNOTATIONS.type] = 'platform';
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      ...metadata,
      title,
      description: `The Kratix platform ${title}: its Promises, resource requests and Destinations.`,
    },
    spec: {
      owner: options.owner ?? DEFAULT_KRATIX_OWNER,
    },
  };
}
