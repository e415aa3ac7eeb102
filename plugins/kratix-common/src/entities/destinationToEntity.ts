import { Entity } from '@backstage/catalog-model';
import { KRATIX_ANNOTATIONS, KRATIX_ENTITY_TYPES } from '../annotations';
import { Destination, LegacyCluster } from '../model';
import { readDestinationReadiness } from '../status';
import {
  destinationEntityName,
  kratixEntityRef,
  platformEntityName,
} from './entityNames';
import { baseMetadata } from './kratixLocation';
import { labelsToTags, validEntityLabels } from './tags';
import {
  DEFAULT_KRATIX_OWNER,
  KratixEntityOptions,
  KratixPlatformInfo,
} from './types';

/**
 * Shapes a Destination (or a legacy Cluster) as a `Resource` of type
 * `kratix-destination` in its platform's System.
 *
 * - Name `<platform>_<destination>` (see {@link kratixEntityName}); owner `options.owner`,
 *   else {@link DEFAULT_KRATIX_OWNER}, as clusters belong to the platform team.
 * - Its labels, which decide where Kratix schedules, become tags (`environment: dev` →
 *   `environment-dev`, see {@link labelToTag}) for catalog filtering, and are also copied
 *   verbatim to `metadata.labels` when Backstage accepts them.
 * - Annotations: `kratix.io/type: destination`, `kratix.io/name` (the Destination's
 *   name), `kratix.io/kind` (`Destination` or `Cluster`), `kratix.io/status` (the
 *   readiness word: Ready, NotReady or Unknown) and `kratix.io/platform`.
 * @public
 */
export function destinationToEntity(
  platform: KratixPlatformInfo,
  destination: Destination | LegacyCluster,
  options: KratixEntityOptions = {},
): Entity {
  const name = destination.metadata.name;
  const metadata = baseMetadata(
    platform.name,
    destinationEntityName(platform.name, name),
  );
  const annotations = metadata.annotations;
  annotations[KRATIX_ANNOTATIONS.type] = 'destination';
  annotations[KRATIX_ANNOTATIONS.name] = name;
  annotations[KRATIX_ANNOTATIONS.kind] = destination.kind;
  annotations[KRATIX_ANNOTATIONS.status] =
    readDestinationReadiness(destination).state;

  const labels = validEntityLabels(destination.metadata.labels);
  const tags = labelsToTags(destination.metadata.labels);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      ...metadata,
      title: name,
      description: `Kratix Destination of ${platform.title ?? platform.name}${
        destination.spec?.path
          ? `, written to the state-store path ${destination.spec.path}`
          : ''
      }.`,
      ...(Object.keys(labels).length > 0 && { labels }),
      ...(tags.length > 0 && { tags }),
    },
    spec: {
      type: KRATIX_ENTITY_TYPES.destination,
      owner: options.owner ?? DEFAULT_KRATIX_OWNER,
      system: kratixEntityRef('system', platformEntityName(platform.name)),
    },
  };
}
