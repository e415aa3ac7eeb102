import { useState } from 'react';
import { ResponseErrorPanel, Table } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import { MarketplaceListing } from '@kratix-backstage/plugin-kratix-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { kratixApiRef } from '../../api/KratixApi';
import { FilterSelect } from '../FilterSelect';

/** The Promise marketplace: browse by category, install or upgrade on a platform. @public */
export function Marketplace({ platform }: { platform?: string }) {
  const api = useApi(kratixApiRef);
  const alerts = useApi(alertApiRef);
  const [category, setCategory] = useState('');
  const [busy, setBusy] = useState<string>();
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getMarketplace(platform),
    [api, platform],
  );
  if (error)
    return (
      <ResponseErrorPanel
        title="Could not read the marketplace; check kratix.marketplace in app-config"
        error={error}
      />
    );
  const install = async (entry: MarketplaceListing) => {
    const target = value?.platform ?? platform;
    if (!target) return;
    setBusy(entry.name);
    try {
      const result = await api.installPromise(target, entry.name);
      alerts.post({
        message: `${result.action} Promise ${result.promise} ${
          result.version ?? ''
        } on ${target}`,
        severity: 'success',
        display: 'transient',
      });
      retry();
    } catch (e) {
      alerts.post({
        message: `Could not install ${entry.name}: ${(e as Error).message}`,
        severity: 'error',
      });
    } finally {
      setBusy(undefined);
    }
  };
  const items = (value?.items ?? []).filter(
    i => !category || i.categories.includes(category),
  );
  return (
    <>
      <FilterSelect
        label="Category"
        value={category}
        options={value?.categories ?? []}
        onChange={setCategory}
      />
      <Table<MarketplaceListing>
        title={`Marketplace${
          value?.platform ? ` (installing on ${value.platform})` : ''
        }`}
        isLoading={loading}
        options={{ paging: false, search: true, padding: 'dense' }}
        columns={[
          { title: 'Promise', field: 'name', highlight: true },
          { title: 'Description', field: 'description' },
          {
            title: 'Categories',
            render: e =>
              e.categories.map(c => <Chip key={c} size="small" label={c} />),
          },
          {
            title: 'Installed',
            render: e => (e.installed ? e.installedVersion ?? 'yes' : 'no'),
          },
          {
            title: '',
            render: e => (
              <Button
                size="small"
                variant="outlined"
                disabled={busy === e.name}
                onClick={() => install(e)}
              >
                {e.installed ? 'Upgrade' : 'Install'}
              </Button>
            ),
          },
        ]}
        data={items}
      />
    </>
  );
}
