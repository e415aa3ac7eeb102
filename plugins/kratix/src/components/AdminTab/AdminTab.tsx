import { useApi } from '@backstage/core-plugin-api';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { kratixPromiseInstallPermission } from '@kratix-backstage/plugin-kratix-common';
import useAsync from 'react-use/esm/useAsync';
import { kratixApiRef } from '../../api/KratixApi';
import { STATE_STORES_ANCHOR } from '../links';
import { FleetHealth } from './FleetHealth';
import { Marketplace } from './Marketplace';
import { PlatformProblems } from './PlatformProblems';
import { PromiseReleasesTable } from './PromiseReleasesTable';
import { StateStoresTable } from './StateStoresTable';

/**
 * Whether the signed-in user administers a platform (may install Promises on it): the given
 * one, or any configured platform when none is given. Admins are named per platform.
 * @public
 */
export function useIsKratixAdmin(platform?: string): boolean | undefined {
  const permissions = useApi(permissionApiRef);
  const api = useApi(kratixApiRef);
  const { value } = useAsync(async () => {
    const names = platform
      ? [platform]
      : (await api.getPlatforms()).map(p => p.name);
    const decisions = await Promise.all(
      names.map(name =>
        permissions.authorize({
          permission: kratixPromiseInstallPermission,
          resourceRef: name,
        }),
      ),
    );
    return decisions.some(d => d.result === AuthorizeResult.ALLOW);
  }, [permissions, api, platform]);
  return value;
}

/** The platform admin tab: the fleet's health, platform problems, state stores, Promise releases and the marketplace, behind the admin permission. @public */
export function AdminTab() {
  const admin = useIsKratixAdmin();
  if (admin === undefined) return null;
  if (!admin) {
    return (
      <Typography>
        Only platform admins (kratix.promise.install on a platform) can use this
        tab; ask your platform team.
      </Typography>
    );
  }
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <FleetHealth />
      </Grid>
      <Grid item xs={12}>
        <PlatformProblems />
      </Grid>
      <Grid item xs={12} id={STATE_STORES_ANCHOR}>
        <StateStoresTable />
      </Grid>
      <Grid item xs={12}>
        <PromiseReleasesTable />
      </Grid>
      <Grid item xs={12}>
        <Marketplace />
      </Grid>
    </Grid>
  );
}
