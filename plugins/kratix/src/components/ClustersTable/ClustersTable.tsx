import { EmptyState, ResponseErrorPanel, StatusError, StatusOK, StatusPending, Table, TableColumn, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { DestinationListItem } from '@kratix-backstage/plugin-kratix-common';
import useAsync from 'react-use/esm/useAsync';
import { kratixApiRef } from '../../api/KratixApi';

function Ready({ row }: { row: DestinationListItem }) {
  const { ready, reason, message } = row.ready;
  const text = ready === true ? 'Ready' : ready === false ? `Not ready${reason ? ` (${reason})` : ''}` : `Unknown${reason ? ` (${reason})` : ''}`;
  const status = ready === true ? <StatusOK>{text}</StatusOK> : ready === false ? <StatusError>{text}</StatusError> : <StatusPending>{text}</StatusPending>;
  return message ? <Tooltip title={message}><span>{status}</span></Tooltip> : status;
}

const columns: TableColumn<DestinationListItem>[] = [
  {
    title: 'Cluster',
    field: 'name',
    highlight: true,
    render: row => (
      <>
        {row.name} {row.platformAsWorker && <Chip size="small" label="platform as worker" color="primary" />}
        {row.kind === 'Cluster' && <Chip size="small" label="legacy Cluster" />}
      </>
    ),
  },
  { title: 'Platform', field: 'platform' },
  {
    title: 'Labels',
    field: 'labels',
    render: row =>
      Object.entries(row.labels).map(([k, v]) => <Chip key={k} size="small" variant="outlined" label={`${k}=${v}`} />),
  },
  { title: 'State store', render: row => (row.stateStore ? `${row.stateStore.kind}/${row.stateStore.name}` : '—') },
  { title: 'Layout', field: 'filepathMode' },
  { title: 'Strict labels', render: row => (row.strictMatchLabels ? 'yes' : 'no') },
  { title: 'Ready', render: row => <Ready row={row} /> },
  { title: 'Worker resources', field: 'workerResourceCount', type: 'numeric' },
  { title: 'Workloads', field: 'workloadCount', type: 'numeric' },
];

/** Every cluster (Destination) with its labels, state store, readiness and what is on it. @public */
export function ClustersTable() {
  const api = useApi(kratixApiRef);
  const { value, loading, error } = useAsync(() => api.getDestinations(), [api]);
  if (error) {
    return <ResponseErrorPanel title="Could not list clusters: check that the Kratix backend is running and you may read it" error={error} />;
  }
  return (
    <>
      {value?.errors.map(e => (
        <WarningPanel key={e.platform} title={`Platform ${e.platform} is not listed`} message={e.message} />
      ))}
      <Table<DestinationListItem>
        title="Clusters"
        isLoading={loading}
        options={{ search: true, paging: true, pageSize: 20, padding: 'dense' }}
        columns={columns}
        data={value?.items ?? []}
        emptyContent={
          <EmptyState
            missing="data"
            title="No clusters registered"
            description="Register a Destination on the platform (platform admins can do it from the admin tab) so Kratix has somewhere to schedule work."
          />
        }
      />
    </>
  );
}
