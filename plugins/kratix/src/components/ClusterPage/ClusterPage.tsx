import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
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
import { chipRow, longToken, pagingFor, wordCell } from '../tableLayout';
import { KratixSubPage } from '../KratixSubPage';

/** Text a placement is found by in the table's search: its Promise, request and files. */
const searchIn =
  (text: (p: Placement) => string) =>
  (term: string, p: Placement): boolean =>
    text(p).toLowerCase().includes(term.toLowerCase());

/**
 * What Kratix placed on a cluster, one row per placement with its files: paged (a cluster
 * may hold thousands of workloads) and searched by Promise, request or file path.
 */
function Placements({
  title,
  platform,
  items,
  empty,
  access,
}: {
  title: string;
  platform: string;
  items: Placement[];
  empty: string;
  access: StoreFileAccess;
}) {
  if (items.length === 0)
    return (
      <InfoCard title={title}>
        <Typography color="textSecondary">{empty}</Typography>
      </InfoCard>
    );
  const requests = items.some(p => p.resource && p.namespace);
  return (
    <Table<Placement>
      title={title}
      options={{
        search: true,
        padding: 'dense',
        ...pagingFor(items.length),
      }}
      columns={[
        {
          title: 'Promise',
          field: 'promise',
          cellStyle: wordCell,
          render: p => <PromisePageLink platform={platform} name={p.promise} />,
        },
        {
          title: 'Request',
          hidden: !requests,
          // namespace/name is one token: let it break rather than widen the table.
          cellStyle: longToken,
          customFilterAndSearch: searchIn(
            p => `${p.namespace ?? ''}/${p.resource ?? ''}`,
          ),
          render: p =>
            p.resource && p.namespace ? (
              <RequestEntityLink
                platform={platform}
                promise={p.promise}
                namespace={p.namespace}
                name={p.resource}
              />
            ) : (
              '—'
            ),
        },
        {
          title: 'State',
          field: 'state',
          cellStyle: wordCell,
          render: p => (
            <>
              {p.state}
              <Typography
                variant="caption"
                color="textSecondary"
                display="block"
              >
                {p.pipeline ? `pipeline ${p.pipeline}` : 'static dependencies'}
              </Typography>
            </>
          ),
        },
        {
          title: 'Files',
          customFilterAndSearch: searchIn(p => p.files.join('\n')),
          render: p => (
            <StoreFileList platform={platform} files={p.files} {...access} />
          ),
        },
      ]}
      data={items.map(p => ({ ...p }))}
    />
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
  // Side by side only from lg: at md (1024 px, sidebar open) two thirds of the entity tab is
  // ~500 px, narrower than the placements' four columns, so the tables take the full width.
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} lg={4}>
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
      <Grid item xs={12} lg={8}>
        <Placements
          title={`Worker resources (${d.workerResources.length})`}
          platform={d.platform}
          items={d.workerResources}
          empty="No Promise has written worker resources here."
          access={d}
        />
        <div style={{ height: 24 }} />
        <Placements
          title={`Workloads (${d.workloads.length})`}
          platform={d.platform}
          items={d.workloads}
          empty="No request has landed here."
          access={d}
        />
      </Grid>
    </Grid>
  );
}
