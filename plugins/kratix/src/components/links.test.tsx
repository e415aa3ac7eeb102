import { renderInTestApp } from '@backstage/test-utils';
import { renderInTestApp as renderInNewTestApp } from '@backstage/frontend-test-utils';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { rootRouteRef } from '../routes';
import {
  ClusterPageLink,
  PromisePageLink,
  RequestEntityLink,
  useKratixPaths,
} from './links';

function StateStoresPath() {
  return <span>state stores: {useKratixPaths().stateStores() ?? 'none'}</span>;
}

const links = (
  <>
    <PromisePageLink platform="prod" name="redis" />
    <ClusterPageLink platform="prod" name="edge-1" />
    <RequestEntityLink
      platform="prod"
      promise="redis"
      namespace="team-a"
      name="cache"
    />
    <StateStoresPath />
  </>
);

describe('links of the suite', () => {
  it('come from the route refs, wherever the app mounts the Kratix page and the catalog (legacy app)', async () => {
    await renderInTestApp(links, {
      mountedRoutes: {
        '/platform/kratix': rootRouteRef,
        '/portal/:namespace/:kind/:name': entityRouteRef,
      },
    });
    expect(screen.getByRole('link', { name: 'redis' })).toHaveAttribute(
      'href',
      '/platform/kratix/promises/prod/redis',
    );
    expect(screen.getByRole('link', { name: 'edge-1' })).toHaveAttribute(
      'href',
      '/platform/kratix/clusters/prod/edge-1',
    );
    expect(screen.getByRole('link', { name: 'team-a/cache' })).toHaveAttribute(
      'href',
      '/portal/default/component/prod_redis_team-a_cache',
    );
    expect(
      screen.getByText('state stores: /platform/kratix/admin#state-stores'),
    ).toBeInTheDocument();
  });

  it('are plain names where the app mounts no Kratix page (an entity tab only), and nothing throws', async () => {
    await renderInTestApp(links, {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    // The names are there as text, not links.
    expect(document.body).toHaveTextContent(/^redisedge-1team-a\/cache/);
    expect(screen.queryByRole('link', { name: 'redis' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'edge-1' })).toBeNull();
    expect(screen.getByText('state stores: none')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'team-a/cache' })).toHaveAttribute(
      'href',
      '/catalog/default/component/prod_redis_team-a_cache',
    );
  });

  it('resolve the same way in the new frontend system, mounted or not', async () => {
    const mounted = renderInNewTestApp(links, {
      mountedRoutes: {
        '/platform/kratix': convertLegacyRouteRef(rootRouteRef),
        '/catalog/:namespace/:kind/:name':
          convertLegacyRouteRef(entityRouteRef),
      },
    });
    expect(await screen.findByRole('link', { name: 'redis' })).toHaveAttribute(
      'href',
      '/platform/kratix/promises/prod/redis',
    );
    mounted.unmount();

    renderInNewTestApp(links, {
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name':
          convertLegacyRouteRef(entityRouteRef),
      },
    });
    expect(await screen.findByText('state stores: none')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'redis' })).toBeNull();
    expect(screen.getByRole('link', { name: 'team-a/cache' })).toHaveAttribute(
      'href',
      '/catalog/default/component/prod_redis_team-a_cache',
    );
  });
});
