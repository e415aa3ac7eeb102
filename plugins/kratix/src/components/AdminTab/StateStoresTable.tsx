import { ResponseErrorPanel, Table } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { kratixApiRef, StateStoreView } from '../../api/KratixApi';
import { ReadyStatus } from '../ClustersTable/ReadyStatus';

/** State stores of every platform: where documents go, readiness with reason, their clusters. @public */
export function StateStoresTable() {
  const api = useApi(kratixApiRef);
  const { value, loading, error } = useAsync(() => api.getStateStores(), [api]);
  if (error)
    return (
      <ResponseErrorPanel title="Could not list state stores" error={error} />
    );
  return (
    <Table<StateStoreView>
      title="State stores"
      isLoading={loading}
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={[
        { title: 'State store', render: s => `${s.kind}/${s.name}` },
        { title: 'Platform', field: 'platform' },
        {
          title: 'Writes to',
          render: s => Object.values(s.location).filter(Boolean).join(' '),
        },
        { title: 'Auth', field: 'authMethod' },
        { title: 'Ready', render: s => <ReadyStatus readiness={s.ready} /> },
        { title: 'Clusters', render: s => s.destinations.join(', ') || '—' },
      ]}
      data={value?.items ?? []}
    />
  );
}
