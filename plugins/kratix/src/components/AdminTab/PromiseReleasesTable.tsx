import { ResponseErrorPanel, Table } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { PromiseReleaseView } from '@kratix-backstage/plugin-kratix-common';
import useAsync from 'react-use/esm/useAsync';
import { kratixApiRef } from '../../api/KratixApi';
import { PlatformErrors } from '../PlatformErrors';

/** PromiseReleases of every platform: version, where Kratix fetches it, the Promise it installs. */
export function PromiseReleasesTable() {
  const api = useApi(kratixApiRef);
  const { value, loading, error } = useAsync(
    () => api.getPromiseReleases(),
    [api],
  );
  if (error)
    return (
      <ResponseErrorPanel
        title="Could not list PromiseReleases"
        error={error}
      />
    );
  return (
    <>
      <PlatformErrors errors={value?.errors} />
      <Table<PromiseReleaseView>
        title="Promise releases"
        isLoading={loading}
        options={{ paging: false, search: false, padding: 'dense' }}
        columns={[
          { title: 'Release', field: 'name', highlight: true },
          { title: 'Platform', field: 'platform' },
          { title: 'Version', render: r => r.version ?? 'from the Promise' },
          {
            title: 'Source',
            render: r =>
              r.sourceUrl ? <code>{r.sourceUrl}</code> : r.sourceType ?? '—',
          },
          {
            title: 'Installs',
            render: r =>
              r.promise ?? 'no Promise of that name on the platform yet',
          },
          { title: 'Status', render: r => r.status ?? '—' },
        ]}
        data={value?.items ?? []}
        localization={{
          body: { emptyDataSourceMessage: 'No PromiseReleases declared' },
        }}
      />
    </>
  );
}
