import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
} from '@backstage/catalog-model';
import { KRATIX_ANNOTATIONS } from '../annotations';
import { KRATIX_ENTITY_NAMESPACE } from './types';

/**
 * Location ref of everything read from a platform: `kratix:<platform>`. Backstage parses
 * it as type `kratix`, target `<platform>`; the catalog never reads it, it only records
 * where the entity came from.
 * @public
 */
export function kratixLocationRef(platform: string): string {
  return `kratix:${platform}`;
}

/**
 * The metadata every generated entity shares: namespace, the managed-by annotations and
 * the platform annotation. Kept in one place so the provider's entities agree.
 */
export function baseMetadata(platform: string, name: string) {
  const location = kratixLocationRef(platform);
  return {
    name,
    namespace: KRATIX_ENTITY_NAMESPACE,
    annotations: {
      [ANNOTATION_LOCATION]: location,
      [ANNOTATION_ORIGIN_LOCATION]: location,
      [KRATIX_ANNOTATIONS.platform]: platform,
    } as Record<string, string>,
  };
}
