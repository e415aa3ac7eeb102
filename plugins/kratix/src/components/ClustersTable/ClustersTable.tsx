import {
  EmptyState,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { DestinationListItem } from '@kratix-backstage/plugin-kratix-common';
import { kratixApiRef } from '../../api/KratixApi';
import { useKratixLive, useReloadableAsync } from '../../hooks';
import { listErrorTitle } from '../listErrorTitle';
import { PlatformErrors } from '../PlatformErrors';
import { ReadyStatus } from './ReadyStatus';
import { ClusterPageLink } from '../links';
import {
  chipRow,
  pagingFor,
  withPlatformColumn,
  wordCell,
} from '../tableLayout';

// A no-break space keeps each count on the line of its word.
const plural = (n: number, word: string) =>
  `${n}\u00a0${word}${n === 1 ? '' : 's'}`;

const columns: TableColumn<DestinationListItem>[] = [
  {
    title: 'Cluster',
    field: 'name',
    highlight: true,
    // A copy: the Backstage table writes the highlight's bold into the style it is given.
    cellStyle: { ...wordCell },
    render: row => (
      <div style={chipRow}>
        <ClusterPageLink platform={row.platform} name={row.name} />
        {row.platformAsWorker && (
          <Chip size="small" label="platform as worker" color="primary" />
        )}
        {row.kind === 'Cluster' && <Chip size="small" label="legacy Cluster" />}
      </div>
    ),
  },
  { title: 'Platform', field: 'platform', cellStyle: wordCell },
  {
    title: 'Labels',
    field: 'labels',
    cellStyle: wordCell,
    // Search matches the rendered text only when the field is a string, so give it key=value.
    customFilterAndSearch: (term, row) =>
      Object.entries(row.labels).some(([k, v]) =>
        `${k}=${v}`.toLowerCase().includes(String(term).toLowerCase()),
      ),
    render: row => (
      <div style={chipRow}>
        {Object.entries(row.labels).map(([k, v]) => (
          // A long label is cut short (the chip ends in an ellipsis) and shown whole on hover.
          <Tooltip key={k} title={`${k}=${v}`}>
            <Chip
              size="small"
              variant="outlined"
              label={`${k}=${v}`}
              style={{ maxWidth: '14em' }}
            />
          </Tooltip>
        ))}
        {row.strictMatchLabels && (
          <Tooltip title="strictMatchLabels: only Promises whose selectors match these labels land here">
            <Chip size="small" label="strict" />
          </Tooltip>
        )}
      </div>
    ),
  },
  {
    title: 'State store',
    cellStyle: wordCell,
    customFilterAndSearch: (term, row) =>
      `${row.stateStore?.kind ?? ''} ${row.stateStore?.name ?? ''}`
        .toLowerCase()
        .includes(String(term).toLowerCase()),
    render: row =>
      row.stateStore ? (
        <Tooltip
          title={`${row.stateStore.kind} ${row.stateStore.name}, path ${
            row.path ?? row.name
          }, filepath mode ${row.filepathMode}`}
        >
          <span>
            {row.stateStore.name}
            <Typography variant="caption" color="textSecondary" display="block">
              {row.stateStore.kind} · {row.filepathMode}
            </Typography>
          </span>
        </Tooltip>
      ) : (
        '—'
      ),
  },
  {
    title: 'Ready',
    cellStyle: wordCell,
    render: row => (
      <ReadyStatus
        readiness={row.ready}
        derived={row.statusSource === 'state-store'}
      />
    ),
  },
  {
    title: 'Scheduled here',
    cellStyle: wordCell,
    render: row => (
      <>
        {plural(row.workerResourceCount, 'worker resource')},{' '}
        {plural(row.workloadCount, 'workload')}
      </>
    ),
  },
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
  const { value, loading, error, retry } = useReloadableAsync(
    () => api.getDestinations({ platform }),
    [api, platform],
  );
  // Live: a cluster changed, or a Promise or request moved what is scheduled on one.
  useKratixLive(platform, ['destination', 'promise'], retry);
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
        options={{
          search: true,
          padding: 'dense',
          ...pagingFor(value?.items.length ?? 0),
        }}
        columns={withPlatformColumn(columns, value?.items ?? [])}
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
