import { useApi } from '@backstage/core-plugin-api';
import {
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  KRATIX_ANNOTATIONS,
  KRATIX_ENTITY_NAMESPACE,
  kratixLocationRef,
  promiseTemplateName,
} from '@kratix-backstage/plugin-kratix-common';
import useAsync from 'react-use/esm/useAsync';

const MANAGED_BY_LOCATION = 'backstage.io/managed-by-location';

/**
 * The catalog Template that requests a Promise, in whatever namespace it is: one the suite's
 * catalog module generated (its name, namespace and location are the module's), else one
 * written by hand with the same marks (the platform and Promise annotations generated
 * Templates carry), the first by ref so the choice does not change between visits. Undefined
 * when the catalog has none.
 */
export function usePromiseTemplate(platform: string, promise: string) {
  const catalog = useApi(catalogApiRef);
  return useAsync(async (): Promise<CompoundEntityRef | undefined> => {
    const { items } = await catalog.getEntities({
      filter: {
        kind: 'Template',
        [`metadata.annotations.${KRATIX_ANNOTATIONS.platform}`]: platform,
        [`metadata.annotations.${KRATIX_ANNOTATIONS.promiseName}`]: promise,
      },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.annotations',
      ],
    });
    // The catalog matches filter values case-insensitively; names and platforms are exact.
    const templates = items.filter(
      t =>
        t.metadata.annotations?.[KRATIX_ANNOTATIONS.platform] === platform &&
        t.metadata.annotations?.[KRATIX_ANNOTATIONS.promiseName] === promise,
    );
    const generated = templates.find(
      t =>
        t.metadata.name === promiseTemplateName(platform, promise) &&
        (t.metadata.namespace ?? 'default') === KRATIX_ENTITY_NAMESPACE &&
        t.metadata.annotations?.[MANAGED_BY_LOCATION] ===
          kratixLocationRef(platform),
    );
    const chosen =
      generated ??
      [...templates].sort((a, b) =>
        stringifyEntityRef(a).localeCompare(stringifyEntityRef(b)),
      )[0];
    return (
      chosen && {
        kind: 'Template',
        namespace: chosen.metadata.namespace ?? 'default',
        name: chosen.metadata.name,
      }
    );
  }, [catalog, platform, promise]);
}
