import { useApi } from '@backstage/core-plugin-api';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { kratixPromiseInstallPermission } from '@kratix-backstage/plugin-kratix-common';
import useAsync from 'react-use/esm/useAsync';
import { Marketplace } from './Marketplace';
import { StateStoresTable } from './StateStoresTable';

/** Whether the signed-in user is a platform admin (may install Promises). @public */
export function useIsKratixAdmin(): boolean | undefined {
  const permissions = useApi(permissionApiRef);
  const { value } = useAsync(
    async () => (await permissions.authorize({ permission: kratixPromiseInstallPermission })).result === AuthorizeResult.ALLOW,
    [permissions],
  );
  return value;
}

/** The platform admin tab: state stores and the marketplace, behind the admin permission. @public */
export function AdminTab() {
  const admin = useIsKratixAdmin();
  if (admin === undefined) return null;
  if (!admin) {
    return <Typography>Only platform admins (kratix.promise.install) can use this tab; ask your platform team.</Typography>;
  }
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <StateStoresTable />
      </Grid>
      <Grid item xs={12}>
        <Marketplace />
      </Grid>
    </Grid>
  );
}
