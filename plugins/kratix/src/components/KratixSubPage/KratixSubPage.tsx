import { useCallback, useState } from 'react';
import { Content, Header, Page } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { kratixApiRef } from '../../api/KratixApi';
import { clustersRouteRef, rootRouteRef } from '../../routes';
import { WhenKratixConfigured } from '../NotConfigured';
import { PlatformHealth } from '../PlatformHealth';
import { SubPageTitleContext } from './subPageTitle';

/** The lists of the Kratix page a sub-page belongs to: its tab (and its route), what one of it is. */
const LISTS = {
  promises: { tab: 'Promises', routeRef: rootRouteRef, one: 'Promise' },
  clusters: { tab: 'Clusters', routeRef: clustersRouteRef, one: 'Cluster' },
} as const;

/** A platform's title where the backend knows it, else its name. */
function usePlatformTitle(platform: string): string {
  const api = useApi(kratixApiRef);
  const { value } = useAsync(async () => {
    const platforms = await api.getPlatforms();
    return platforms.find(p => p.name === platform)?.title;
  }, [api, platform]);
  return value || platform;
}

/**
 * A page under the Kratix page (a Promise, a cluster): its name in the page header, the
 * platform it is on as the subtitle, and a link back to its tab (Promises or Clusters) above
 * the name, as Backstage's pages do. The view inside may rename it once it has loaded (see
 * `useSubPageTitle`); until then the header shows the name from the URL.
 */
export function KratixSubPage({
  list,
  platform,
  name,
  children,
}: {
  list: keyof typeof LISTS;
  platform: string;
  name: string;
  children: JSX.Element;
}) {
  // Kept with the object it names: moving to another Promise shows its URL name until it loads.
  const object = `${platform}/${name}`;
  const [named, setNamed] = useState<{ object: string; title: string }>();
  const setTitle = useCallback(
    (title: string) => setNamed({ object, title }),
    [object],
  );
  const title = named?.object === object ? named.title : name;
  const platformTitle = usePlatformTitle(platform);
  const { tab, routeRef, one } = LISTS[list];
  // The page is only mounted under the Kratix page, so its routes are always there.
  const listLink = useRouteRef(routeRef)();
  return (
    <Page themeId="tool">
      <Header
        title={title}
        subtitle={`${one} on platform ${platformTitle}`}
        type={tab}
        typeLink={listLink}
      >
        <PlatformHealth />
      </Header>
      <SubPageTitleContext.Provider value={setTitle}>
        <WhenKratixConfigured>
          <Content>{children}</Content>
        </WhenKratixConfigured>
      </SubPageTitleContext.Provider>
    </Page>
  );
}
