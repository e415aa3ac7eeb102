import {
  EmptyState,
  Link,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Chip from '@material-ui/core/Chip';
import { DestinationListItem } from '@kratix-backstage/plugin-kratix-common';
import useAsync from 'react-use/esm/useAsync';
import { kratixApiRef } from '../../api/KratixApi';
import { listErrorTitle } from '../listErrorTitle';
import { PlatformErrors } from '../PlatformErrors';
import { ReadyStatus } from './ReadyStatus';

const columns: TableColumn<DestinationListItem>[] = [
  {
    title: 'Cluster',
    field: 'name',
    highlight: true,
    render: row => (
      <>
        <Link
          to={`${encodeURIComponent(row.platform)}/${encodeURIComponent(
            row.name,
          )}`}
        >
          {row.name}
        </Link>{' '}
        {row.platformAsWorker && (
          <Chip size="small" label="platform as worker" color="primary" />
        )}
        {row.kind === 'Cluster' && <Chip size="small" label="legacy Cluster" />}
      </>
    ),
  },
  { title: 'Platform', field: 'platform' },
  {
    title: 'Labels',
    field: 'labels',
    // Search matches the rendered text only when the field is a string, so give it key=value.
    customFilterAndSearch: (term, row) =>
      Object.entries(row.labels).some(([k, v]) =>
        `${k}=${v}`.toLowerCase().includes(String(term).toLowerCase()),
      ),
    render: row =>
      Object.entries(row.labels).map(([k, v]) => (
        <Chip key={k} size="small" variant="outlined" label={`${k}=${v}`} />
      )),
  },
  {
    title: 'State store',
    render: row =>
      row.stateStore ? `${row.stateStore.kind}/${row.stateStore.name}` : '—',
  },
  { title: 'Filepath mode', field: 'filepathMode' },
  {
    title: 'Strict match labels',
    render: row => (row.strictMatchLabels ? 'yes' : 'no'),
  },
  {
    title: 'Ready',
    render: row => (
      <ReadyStatus
        readiness={row.ready}
        derived={row.statusSource === 'state-store'}
      />
    ),
  },
  { title: 'Worker resources', field: 'workerResourceCount', type: 'numeric' },
  { title: 'Workloads', field: 'workloadCount', type: 'numeric' },
];

/** Props of {@link ClustersTable}. @public */
export interface ClustersTableProps {
  /** Only this platform's clusters; every platform's when absent. */
  platform?: string;
}

/** Clusters (Destinations) with their labels, state store, readiness and what is on them. @public */
export function ClustersTable(props: ClustersTableProps) {
  const { platform } = props;
  const api = useApi(kratixApiRef);
  const { value, loading, error } = useAsync(
    () => api.getDestinations({ platform }),
    [api, platform],
  );
  if (error) {
    return (
      <ResponseErrorPanel title={listErrorTitle('clusters')} error={error} />
    );
  }
  return (
    <>
      <PlatformErrors errors={value?.errors} />
      <Table<DestinationListItem>
        title="Clusters"
        isLoading={loading}
        options={{ search: true, paging: true, pageSize: 20, padding: 'dense' }}
        columns={columns}
        data={value?.items ?? []}
        emptyContent={
          <EmptyState
            missing="data"
            title={
              platform
                ? `No clusters registered on platform ${platform}`
                : 'No clusters registered'
            }
            description="Register a Destination on the platform cluster (or commit one to the platform repository) so Kratix has somewhere to schedule work."
          />
        }
      />
    </>
  );
}
