import { Content, Header, Page, TabbedLayout } from '@backstage/core-components';
import { ClustersTable } from '../ClustersTable';
import { PlatformHealth } from '../PlatformHealth';
import { PromisesTable } from '../PromisesTable';

/** The Kratix page: platform health, then Promises and clusters in tabs. @public */
export function KratixPage() {
  return (
    <Page themeId="tool">
      <Header title="Kratix" subtitle="Promises and the clusters they land on" />
      <Content>
        <PlatformHealth />
        <TabbedLayout>
          <TabbedLayout.Route path="/" title="Promises">
            <PromisesTable />
          </TabbedLayout.Route>
          <TabbedLayout.Route path="/clusters" title="Clusters">
            <ClustersTable />
          </TabbedLayout.Route>
        </TabbedLayout>
      </Content>
    </Page>
  );
}
