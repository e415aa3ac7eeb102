import { useState } from 'react';
import {
  EmptyState,
  Link,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { PromiseListItem } from '@kratix-backstage/plugin-kratix-common';
import useAsync from 'react-use/esm/useAsync';
import { kratixApiRef } from '../../api/KratixApi';
import { listErrorTitle } from '../listErrorTitle';
import { FilterSelect } from '../FilterSelect';
import { PlatformErrors } from '../PlatformErrors';
import { AvailabilityStatus } from './AvailabilityStatus';

const AVAILABILITIES = [
  'Available',
  'Unavailable',
  'Paused',
  'Suspended',
  'Unknown',
];

/** Links a Promise's name to its page, relative to the Kratix page the table sits in. */
function PromiseLink({ platform, name }: { platform: string; name: string }) {
  return (
    <Link
      to={`promises/${encodeURIComponent(platform)}/${encodeURIComponent(
        name,
      )}`}
    >
      {name}
    </Link>
  );
}

const columns: TableColumn<PromiseListItem>[] = [
  {
    title: 'Promise',
    field: 'name',
    highlight: true,
    render: row => <PromiseLink platform={row.platform} name={row.name} />,
  },
  { title: 'Platform', field: 'platform' },
  {
    title: 'Availability',
    field: 'availability',
    render: row => (
      <AvailabilityStatus
        availability={row.availability}
        reason={row.reason}
        message={row.message}
        derived={row.statusSource === 'state-store'}
      />
    ),
  },
  { title: 'Version', field: 'version' },
  {
    title: 'API',
    field: 'kind',
    render: row =>
      row.hasApi
        ? `${row.kind} (${row.group})`
        : 'no API (worker resources only)',
  },
  {
    title: 'Requires',
    field: 'requiredPromises',
    render: row => row.requiredPromises.join(', ') || '—',
  },
  { title: 'Requests', field: 'requestCount', type: 'numeric' },
];

function emptyTitle(
  platform: string | undefined,
  availability: string,
): string {
  const where = platform ? `on platform ${platform}` : 'on any platform';
  return availability
    ? `No ${availability} Promises ${where}`
    : `No Promises ${where} yet`;
}

/** Props of {@link PromisesTable}. @public */
export interface PromisesTableProps {
  /** Only this platform's Promises; every platform's when absent. */
  platform?: string;
}

/** Promises with their availability, searchable and filtered by availability and category. @public */
export function PromisesTable(props: PromisesTableProps) {
  const { platform } = props;
  const api = useApi(kratixApiRef);
  const [availability, setAvailability] = useState<string>('');
  const [category, setCategory] = useState<string>('');
  // The filter goes to the backend so the counts and paging match what is shown.
  const { value, loading, error } = useAsync(
    () =>
      api.getPromises({ platform, availability: availability || undefined }),
    [api, platform, availability],
  );

  if (error) {
    return (
      <ResponseErrorPanel title={listErrorTitle('Promises')} error={error} />
    );
  }
  return (
    <>
      <PlatformErrors errors={value?.errors} />
      <FilterSelect
        label="Availability"
        value={availability}
        options={AVAILABILITIES}
        onChange={setAvailability}
      />
      <FilterSelect
        label="Category"
        value={category}
        options={[
          ...new Set((value?.items ?? []).flatMap(i => i.categories)),
        ].sort()}
        onChange={setCategory}
      />
      <Table<PromiseListItem>
        title="Promises"
        isLoading={loading}
        options={{ search: true, paging: true, pageSize: 20, padding: 'dense' }}
        columns={columns}
        data={(value?.items ?? []).filter(
          i => !category || i.categories.includes(category),
        )}
        emptyContent={
          <EmptyState
            missing="data"
            title={emptyTitle(platform, availability)}
            description="Install one from the marketplace, or apply a Promise to the platform cluster (or commit it to the platform repository)."
          />
        }
      />
    </>
  );
}
