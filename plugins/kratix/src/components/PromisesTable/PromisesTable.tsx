import { useState } from 'react';
import { EmptyState, ResponseErrorPanel, Table, TableColumn, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import { PromiseListItem } from '@kratix-backstage/plugin-kratix-common';
import useAsync from 'react-use/esm/useAsync';
import { kratixApiRef } from '../../api/KratixApi';
import { AvailabilityStatus } from './AvailabilityStatus';

const AVAILABILITIES = ['Available', 'Unavailable', 'Paused', 'Suspended', 'Unknown'];

const columns: TableColumn<PromiseListItem>[] = [
  { title: 'Promise', field: 'name', highlight: true },
  { title: 'Platform', field: 'platform' },
  {
    title: 'Availability',
    field: 'availability',
    render: row => <AvailabilityStatus availability={row.availability} reason={row.reason} message={row.message} />,
  },
  { title: 'Version', field: 'version' },
  {
    title: 'API',
    field: 'kind',
    render: row => (row.hasApi ? `${row.kind} (${row.group})` : 'no API (worker resources only)'),
  },
  { title: 'Requires', field: 'requiredPromises', render: row => row.requiredPromises.join(', ') || '—' },
  { title: 'Requests', field: 'requestCount', type: 'numeric' },
];

/** Every Promise on every platform, searchable and filtered by availability. @public */
export function PromisesTable() {
  const api = useApi(kratixApiRef);
  const [availability, setAvailability] = useState<string>('');
  const { value, loading, error } = useAsync(() => api.getPromises({ availability: availability || undefined }), [api, availability]);

  if (error) {
    return <ResponseErrorPanel title="Could not list Promises: check that the Kratix backend is running and you may read it" error={error} />;
  }
  return (
    <>
      {value?.errors.map(e => (
        <WarningPanel key={e.platform} title={`Platform ${e.platform} is not listed`} message={e.message} />
      ))}
      <FormControl variant="outlined" size="small" style={{ minWidth: 200, marginBottom: 16 }}>
        <InputLabel id="kratix-availability-label">Availability</InputLabel>
        <Select
          labelId="kratix-availability-label"
          label="Availability"
          value={availability}
          onChange={e => setAvailability(e.target.value as string)}
          inputProps={{ 'aria-label': 'Filter by availability' }}
        >
          <MenuItem value="">All</MenuItem>
          {AVAILABILITIES.map(a => (
            <MenuItem key={a} value={a}>
              {a}
            </MenuItem>
          ))}
        </Select>
      </FormControl>
      <Table<PromiseListItem>
        title="Promises"
        isLoading={loading}
        options={{ search: true, paging: true, pageSize: 20, padding: 'dense' }}
        columns={columns}
        data={value?.items ?? []}
        emptyContent={
          <EmptyState
            missing="data"
            title={availability ? `No ${availability} Promises` : 'No Promises on any platform yet'}
            description="Install one from the marketplace, or apply a Promise to the platform cluster (or commit it to the platform repository)."
          />
        }
      />
    </>
  );
}
