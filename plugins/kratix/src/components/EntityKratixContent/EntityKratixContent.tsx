import { WarningPanel } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  isKratixPromiseEntity,
  isKratixResourceEntity,
  KRATIX_ANNOTATIONS,
  KRATIX_ENTITY_TYPES,
} from '@kratix-backstage/plugin-kratix-common';
import { ClusterView } from '../ClusterPage/ClusterPage';
import { PromiseView } from '../PromisePage/PromisePage';
import { RequestOverview } from './RequestOverview';

/**
 * The Kratix tab of a catalog entity: a request's overview, a Promise's page, or a cluster's
 * (Destination's, or legacy Cluster's) page.
 * @public
 */
export function EntityKratixContent() {
  const { entity } = useEntity();
  const a = entity.metadata.annotations ?? {};
  const platform = a[KRATIX_ANNOTATIONS.platform];
  if (platform && isKratixResourceEntity(entity)) {
    return (
      <RequestOverview
        platform={platform}
        promise={a[KRATIX_ANNOTATIONS.promiseName]}
        namespace={a[KRATIX_ANNOTATIONS.namespace]}
        name={a[KRATIX_ANNOTATIONS.name]}
      />
    );
  }
  if (
    platform &&
    isKratixPromiseEntity(entity) &&
    a[KRATIX_ANNOTATIONS.promiseName]
  ) {
    return (
      <PromiseView
        platform={platform}
        name={a[KRATIX_ANNOTATIONS.promiseName]}
      />
    );
  }
  const destination =
    a[KRATIX_ANNOTATIONS.type] === 'destination' ||
    entity.spec?.type === KRATIX_ENTITY_TYPES.destination;
  if (platform && destination && a[KRATIX_ANNOTATIONS.name]) {
    return (
      <ClusterView platform={platform} name={a[KRATIX_ANNOTATIONS.name]} />
    );
  }
  return (
    <WarningPanel
      title="Not a Kratix entity from a configured platform"
      message={`This entity needs the ${KRATIX_ANNOTATIONS.platform} annotation, and the annotations of a Promise (${KRATIX_ANNOTATIONS.promiseName}), a request (${KRATIX_ANNOTATIONS.group}, ${KRATIX_ANNOTATIONS.version}, ${KRATIX_ANNOTATIONS.kind}, ${KRATIX_ANNOTATIONS.name}, ${KRATIX_ANNOTATIONS.namespace}) or a cluster (${KRATIX_ANNOTATIONS.type}: destination and ${KRATIX_ANNOTATIONS.name}).`}
    />
  );
}
