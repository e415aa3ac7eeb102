import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  Placement,
  StoreFileAccess,
} from '@kratix-backstage/plugin-kratix-common';
import { useParams } from 'react-router-dom';
import { kratixApiRef } from '../../api/KratixApi';
import { useKratixLive, useReloadableAsync } from '../../hooks';
import { ReadyStatus } from '../ClustersTable/ReadyStatus';
import { PromisePageLink, RequestEntityLink } from '../links';
import { StoreFileList } from '../StoreFiles';
import { chipRow } from '../tableLayout';
import { KratixSubPage } from '../KratixSubPage';

function Placements({
  platform,
  items,
  empty,
  access,
}: {
  platform: string;
  items: Placement[];
  empty: string;
  access: StoreFileAccess;
}) {
  if (items.length === 0)
    return <Typography color="textSecondary">{empty}</Typography>;
  return (
    <>
      {items.map(p => (
        <div key={p.location} style={{ marginBottom: 8 }}>
          <Typography>
            <strong>
              {p.resource && p.namespace ? (
                <>
                  <PromisePageLink platform={platform} name={p.promise} />{' '}
                  <RequestEntityLink
                    platform={platform}
                    promise={p.promise}
                    namespace={p.namespace}
                    name={p.resource}
                  />
                </>
              ) : (
                <PromisePageLink platform={platform} name={p.promise} />
              )}
            </strong>{' '}
            ({p.state}
            {p.pipeline ? `, pipeline ${p.pipeline}` : ', static dependencies'})
          </Typography>
          <StoreFileList platform={platform} files={p.files} {...access} />
        </div>
      ))}
    </>
  );
}

/** The cluster page at `clusters/:platform/:name` under the Kratix page. @public */
export function ClusterPage() {
  const { platform = '', name = '' } = useParams();
  return (
    <KratixSubPage list="clusters" platform={platform} name={name}>
      <ClusterView platform={platform} name={name} />
    </KratixSubPage>
  );
}

/** One cluster: labels, state store, readiness, and what Kratix scheduled there, file by file. @public */
export function ClusterView({
  platform,
  name,
}: {
  platform: string;
  name: string;
}) {
  const api = useApi(kratixApiRef);
  const { value, loading, error, retry } = useReloadableAsync(
    () => api.getDestination(platform, name),
    [api, platform, name],
  );
  // Live: the cluster, or any Promise or request (its worker resources and workloads).
  useKratixLive(platform, ['destination', 'promise'], retry);
  if (loading) return <Progress />;
  if (error)
    return (
      <ResponseErrorPanel
        title={`Could not read cluster ${name} on platform ${platform}`}
        error={error}
      />
    );
  const d = value!;
  // The name is in the page's header (the Kratix page's, or the entity page's in a tab).
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={4}>
        <InfoCard title="Cluster">
          {d.platformAsWorker && (
            <Chip color="primary" size="small" label="platform as worker" />
          )}
          <ReadyStatus
            readiness={d.ready}
            derived={d.statusSource === 'state-store'}
          />
          <Typography>
            State store{' '}
            {d.stateStore ? `${d.stateStore.kind}/${d.stateStore.name}` : '—'},
            path <code>{d.path}</code>, layout {d.filepathMode}
            {d.strictMatchLabels ? ', strict labels' : ''}
          </Typography>
          <div style={{ ...chipRow, marginTop: 8 }}>
            {Object.entries(d.labels).map(([k, v]) => (
              <Chip
                key={k}
                size="small"
                variant="outlined"
                label={`${k}=${v}`}
              />
            ))}
          </div>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={8}>
        <InfoCard title={`Worker resources (${d.workerResources.length})`}>
          <Placements
            platform={d.platform}
            items={d.workerResources}
            empty="No Promise has written worker resources here."
            access={d}
          />
        </InfoCard>
        <div style={{ height: 24 }} />
        <InfoCard title={`Workloads (${d.workloads.length})`}>
          <Placements
            platform={d.platform}
            items={d.workloads}
            empty="No request has landed here."
            access={d}
          />
        </InfoCard>
      </Grid>
    </Grid>
  );
}
