import { Header, Page, TabbedLayout } from '@backstage/core-components';
import { ClustersTable } from '../ClustersTable';
import { PlatformHealth } from '../PlatformHealth';
import { PromisesTable } from '../PromisesTable';

/**
 * The Kratix page: the health of every platform in the header, then Promises and clusters
 * in tabs (`/` and `/clusters` under wherever the page is mounted).
 *
 * @public
 */
export function KratixPage() {
  return (
    <Page themeId="tool">
      <Header title="Kratix" subtitle="Promises and the clusters they land on">
        <PlatformHealth />
      </Header>
      <TabbedLayout>
        <TabbedLayout.Route path="/" title="Promises">
          <PromisesTable />
        </TabbedLayout.Route>
        <TabbedLayout.Route path="/clusters" title="Clusters">
          <ClustersTable />
        </TabbedLayout.Route>
      </TabbedLayout>
    </Page>
  );
}
