import {
  Header,
  Page,
  Progress,
  TabbedLayout,
} from '@backstage/core-components';
import { AdminTab } from '../AdminTab';
import { useKratixAdminCheck } from '../AdminTab/useKratixAdminCheck';
import { ClusterPage } from '../ClusterPage';
import { ClustersTable } from '../ClustersTable';
import { WhenKratixConfigured } from '../NotConfigured';
import { PlatformHealth } from '../PlatformHealth';
import { PromisePage } from '../PromisePage';
import { PromisesTable } from '../PromisesTable';
import { Route, Routes } from 'react-router-dom';
import {
  adminRouteRef,
  clusterRouteRef,
  clustersRouteRef,
  promiseRouteRef,
} from '../../routes';

/**
 * The Kratix page: the health of every platform in the header, then Promises and clusters
 * in tabs (`/` and `/clusters` under wherever the page is mounted).
 *
 * @public
 */
export function KratixPage() {
  return (
    <Routes>
      {/* The sub-pages' paths are their route refs' (links to them come from the refs). */}
      <Route path={promiseRouteRef.path} element={<PromisePage />} />
      <Route path={clusterRouteRef.path} element={<ClusterPage />} />
      <Route path="/*" element={<KratixTabs />} />
    </Routes>
  );
}

function KratixTabs() {
  // The admin tab only for admins; also when the check failed, to show that error in it.
  // The tabs wait for the check, so that tab does not appear after the others.
  const admin = useKratixAdminCheck();
  return (
    <Page themeId="tool">
      <Header title="Kratix" subtitle="Promises and the clusters they land on">
        <PlatformHealth />
      </Header>
      <WhenKratixConfigured>
        {admin.loading ? (
          <Progress />
        ) : (
          <TabbedLayout>
            <TabbedLayout.Route path="/" title="Promises">
              <PromisesTable />
            </TabbedLayout.Route>
            <TabbedLayout.Route path={clustersRouteRef.path} title="Clusters">
              <ClustersTable />
            </TabbedLayout.Route>
            {(admin.value || admin.error) && (
              <TabbedLayout.Route
                path={adminRouteRef.path}
                title="Platform admin"
              >
                <AdminTab />
              </TabbedLayout.Route>
            )}
          </TabbedLayout>
        )}
      </WhenKratixConfigured>
    </Page>
  );
}
