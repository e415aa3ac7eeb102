import { InfoCard, Link, WarningPanel } from '@backstage/core-components';
import { Typography } from '@material-ui/core';
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
  const pullRequestUrl = a[KRATIX_ANNOTATIONS.pullRequestUrl];
  if (a[KRATIX_ANNOTATIONS.phase] === 'pending-review' && pullRequestUrl) {
    // Proposed, not yet on the platform: the pull request is all there is to show.
    return (
      <InfoCard title="Waiting for review">
        <Typography>
          This request is proposed in{' '}
          <Link to={pullRequestUrl}>{pullRequestUrl}</Link>. It reaches the
          platform, and this tab shows its status, once the pull request is
          merged and applied.
        </Typography>
      </InfoCard>
    );
  }
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
