import { WarningPanel } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  isKratixPromiseEntity,
  isKratixResourceEntity,
  KRATIX_ANNOTATIONS,
} from '@kratix-backstage/plugin-kratix-common';
import { PromiseView } from '../PromisePage/PromisePage';
import { RequestOverview } from './RequestOverview';

/** The Kratix tab of a catalog entity: a request's overview or a Promise's page. @public */
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
  if (platform && isKratixPromiseEntity(entity)) {
    return (
      <PromiseView
        platform={platform}
        name={a[KRATIX_ANNOTATIONS.promiseName]}
      />
    );
  }
  return (
    <WarningPanel
      title="Not a Kratix entity from a configured platform"
      message="This entity needs the kratix.io/platform annotation and the kratix.io/* annotations of a Promise or a request."
    />
  );
}
