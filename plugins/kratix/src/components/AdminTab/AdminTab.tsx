import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { STATE_STORES_ANCHOR } from '../links';
import { FleetHealth } from './FleetHealth';
import { Marketplace } from './Marketplace';
import { PlatformProblems } from './PlatformProblems';
import { PromiseReleasesTable } from './PromiseReleasesTable';
import { StateStoresTable } from './StateStoresTable';
import { useKratixAdminCheck } from './useKratixAdminCheck';

/**
 * Whether the signed-in user administers a platform (may install Promises on it): the given
 * one, or any configured platform when none is given. Admins are named per platform.
 * Undefined while checking, and when the check failed.
 * @public
 */
export function useIsKratixAdmin(platform?: string): boolean | undefined {
  return useKratixAdminCheck(platform).value;
}

/** The platform admin tab: the fleet's health, platform problems, state stores, Promise releases and the marketplace, behind the admin permission. @public */
export function AdminTab() {
  const admin = useKratixAdminCheck();
  if (admin.loading) return <Progress />;
  if (admin.error)
    return (
      <ResponseErrorPanel
        title="Could not check whether you administer a platform"
        error={admin.error}
      />
    );
  if (!admin.value) {
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
