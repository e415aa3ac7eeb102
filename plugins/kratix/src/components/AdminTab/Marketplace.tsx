import { useState } from 'react';
import { ResponseErrorPanel, Table } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useNotify } from '../../hooks/useNotify';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  kratixPromiseInstallPermission,
  MarketplaceListing,
} from '@kratix-backstage/plugin-kratix-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { kratixApiRef, MarketplaceInstallResult } from '../../api/KratixApi';
import { FilterSelect } from '../FilterSelect';
import { InstallPromiseDialog } from './InstallPromiseDialog';
import { PermissionCheckFailed, UnavailableButton } from '../permissions';

/** What the platform has of an entry: its version, or that it has none. */
function installedText(entry: MarketplaceListing): string {
  if (!entry.installed) return 'not installed';
  return entry.installedVersion ?? 'installed (version not stated)';
}

/**
 * The Promise marketplace: browse by category, see the version each Promise offers and the one
 * the platform has, and install or upgrade it after confirming what will be written. Upgrade
 * is offered only when the marketplace's version is newer than the installed one. @public
 */
export function Marketplace({ platform }: { platform?: string }) {
  const api = useApi(kratixApiRef);
  const notify = useNotify();
  const [category, setCategory] = useState('');
  const [selected, setSelected] = useState<MarketplaceListing>();
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getMarketplace(platform),
    [api, platform],
  );
  const target = value?.platform ?? platform;
  // Install and upgrade only for the target platform's admins (as the install route decides).
  const install = usePermission({
    permission: kratixPromiseInstallPermission,
    resourceRef: target,
  });
  const installed =
    (entry: MarketplaceListing) => (result: MarketplaceInstallResult) => {
      setSelected(undefined);
      notify({
        message: `${entry.installed ? 'Upgraded' : 'Installed'} Promise ${
          result.promise
        }${result.version ? ` ${result.version}` : ''} on ${target}${
          result.path ? ` (committed ${result.path})` : ''
        }`,
        severity: 'success',
        display: 'transient',
      });
      retry();
    };
  if (error)
    return (
      <ResponseErrorPanel
        title="Could not read the marketplace; check kratix.marketplace in app-config"
        error={error}
      />
    );
  const items = (value?.items ?? []).filter(
    i => !category || i.categories.includes(category),
  );
  return (
    <>
      {install.error && (
        <PermissionCheckFailed
          act={`install Promises on ${target}`}
          error={install.error}
        />
      )}
      <FilterSelect
        label="Category"
        value={category}
        options={value?.categories ?? []}
        onChange={setCategory}
      />
      <Table<MarketplaceListing>
        title={`Marketplace${target ? ` (installing on ${target})` : ''}`}
        // Rows once the install check has answered, so no button flickers in or out.
        isLoading={loading || install.loading}
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
            title: 'Available version',
            render: e => e.version ?? 'not stated',
          },
          { title: 'Installed version', render: installedText },
          {
            title: '',
            render: e => {
              if (!target || install.loading) return null;
              if (!install.allowed && (!e.installed || e.upgradeTo))
                return (
                  <UnavailableButton
                    label={
                      e.installed ? `Upgrade to ${e.upgradeTo}` : 'Install'
                    }
                    aria-label={
                      e.installed
                        ? `Upgrade ${e.name} to ${e.upgradeTo}`
                        : `Install ${e.name}`
                    }
                    why={
                      install.error
                        ? `Could not check whether you may install Promises: ${install.error.message}`
                        : `Only a platform admin of ${target} can install or upgrade Promises`
                    }
                  />
                );
              if (!e.installed)
                return (
                  <Button
                    size="small"
                    variant="outlined"
                    aria-label={`Install ${e.name}`}
                    onClick={() => setSelected(e)}
                  >
                    Install
                  </Button>
                );
              if (e.upgradeTo)
                return (
                  <Button
                    size="small"
                    variant="outlined"
                    color="primary"
                    aria-label={`Upgrade ${e.name} to ${e.upgradeTo}`}
                    onClick={() => setSelected(e)}
                  >
                    Upgrade to {e.upgradeTo}
                  </Button>
                );
              return null;
            },
          },
        ]}
        data={install.loading ? [] : items}
      />
      {selected && target && (
        <InstallPromiseDialog
          platform={target}
          entry={selected}
          onClose={() => setSelected(undefined)}
          onInstalled={installed(selected)}
        />
      )}
    </>
  );
}
