import { Fragment, useState } from 'react';
import {
  EmptyState,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import { PromiseListItem } from '@kratix-backstage/plugin-kratix-common';
import { kratixApiRef } from '../../api/KratixApi';
import { useKratixLive, useReloadableAsync } from '../../hooks';
import { listErrorTitle } from '../listErrorTitle';
import { FilterSelect } from '../FilterSelect';
import { PlatformErrors } from '../PlatformErrors';
import { AvailabilityStatus } from './AvailabilityStatus';
import { PromisePageLink } from '../links';
import { pagingFor, withPlatformColumn, wordCell } from '../tableLayout';

const AVAILABILITIES = [
  'Available',
  'Unavailable',
  'Paused',
  'Suspended',
  'Unknown',
];

const columns: TableColumn<PromiseListItem>[] = [
  {
    title: 'Promise',
    field: 'name',
    highlight: true,
    // A copy: the Backstage table writes the highlight's bold into the style it is given.
    cellStyle: { ...wordCell },
    render: row => <PromisePageLink platform={row.platform} name={row.name} />,
  },
  { title: 'Platform', field: 'platform', cellStyle: wordCell },
  {
    title: 'Availability',
    field: 'availability',
    cellStyle: wordCell,
    render: row => (
      <AvailabilityStatus
        availability={row.availability}
        reason={row.reason}
        message={row.message}
        derived={row.statusSource === 'state-store'}
      />
    ),
  },
  { title: 'Version', field: 'version', cellStyle: wordCell },
  {
    title: 'API',
    field: 'kind',
    cellStyle: wordCell,
    render: row =>
      row.hasApi ? (
        `${row.kind} (${row.group})`
      ) : (
        <Typography variant="body2" color="textSecondary">
          no API (worker resources only)
        </Typography>
      ),
  },
  {
    title: 'Requires',
    field: 'requiredPromises',
    cellStyle: wordCell,
    render: row =>
      row.requiredPromises.length === 0 ? (
        '—'
      ) : (
        <>
          {row.requiredPromises.map((name, i) => (
            <Fragment key={name}>
              {i > 0 && ', '}
              <PromisePageLink platform={row.platform} name={name} />
            </Fragment>
          ))}
        </>
      ),
  },
  {
    title: 'Requests',
    field: 'requestCount',
    type: 'numeric',
    cellStyle: wordCell,
  },
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
  const { value, loading, error, retry } = useReloadableAsync(
    () =>
      api.getPromises({ platform, availability: availability || undefined }),
    [api, platform, availability],
  );
  // Live on every platform listed: a Promise's availability, or a request count, changed.
  useKratixLive(platform, 'promise', retry);

  const rows = (value?.items ?? []).filter(
    i => !category || i.categories.includes(category),
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
        options={{ search: true, padding: 'dense', ...pagingFor(rows.length) }}
        columns={withPlatformColumn(columns, rows)}
        data={rows}
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
