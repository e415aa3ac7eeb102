import { act, screen, waitFor, within } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import {
  KratixApi,
  kratixApiRef,
  PlatformView,
} from '@kratix-backstage/plugin-kratix';
import kratixPlugin from '@kratix-backstage/plugin-kratix/alpha';
import { GettingStarted, PlatformLinks } from './HomeWidgets';

/** The app's pages where app-config could put them: none at its plugin's default path. */
const mountedRoutes = {
  '/platform': kratixPlugin.routes.root,
  '/self-service': scaffolderPlugin.routes.root,
  '/': catalogPlugin.routes.catalogIndex,
};

const kratixApi: [typeof kratixApiRef, Partial<KratixApi>] = [
  kratixApiRef,
  {
    getPlatforms: async () => [{ name: 'prod', title: 'Prod' } as PlatformView],
  },
];

/** What the platform links list shows: each link's text and href. */
async function platformLinks() {
  const list = await screen.findByRole('list', { name: 'platform links' });
  return within(list)
    .getAllByRole('link')
    .map(a => [a.textContent, a.getAttribute('href')]);
}

describe('home page widgets', () => {
  it("link to where the app mounts each page, the admin tab for a platform's admins", async () => {
    renderInTestApp(
      <>
        <PlatformLinks />
        <GettingStarted />
      </>,
      {
        mountedRoutes,
        apis: [kratixApi, mockApis.permission({ authorize: 'ALLOW' as any })],
      },
    );
    // Both widgets link to the admin tab once the check allowed it.
    expect(
      (await screen.findAllByRole('link', { name: 'Platform admin' })).map(a =>
        a.getAttribute('href'),
      ),
    ).toEqual(['/platform/admin', '/platform/admin']);
    expect(await platformLinks()).toEqual([
      ['Promises', '/platform'],
      ['Clusters', '/platform/clusters'],
      ['Create', '/self-service'],
      ['Catalog', '/'],
      ['Platform admin', '/platform/admin'],
    ]);
    expect(
      screen
        .getAllByRole('link', { name: 'Platform admin' })
        .map(a => a.getAttribute('href')),
    ).toEqual(['/platform/admin', '/platform/admin']);
  });

  it('show no admin tab to a user who is not an admin', async () => {
    const permission = mockApis.permission({ authorize: 'DENY' as any });
    const authorize = jest.spyOn(permission, 'authorize');
    renderInTestApp(
      <>
        <PlatformLinks />
        <GettingStarted />
      </>,
      { mountedRoutes, apis: [kratixApi, permission] },
    );
    // Asked, and denied: the answer is in before the links are looked at.
    await waitFor(() => expect(authorize).toHaveBeenCalled());
    await act(() => new Promise(resolve => setTimeout(resolve, 50)));
    expect(await platformLinks()).toEqual([
      ['Promises', '/platform'],
      ['Clusters', '/platform/clusters'],
      ['Create', '/self-service'],
      ['Catalog', '/'],
    ]);
    expect(screen.queryByText(/Platform admin/)).toBeNull();
  });

  it('leave out the pages the app does not have', async () => {
    renderInTestApp(<PlatformLinks />, {
      mountedRoutes: { '/platform': kratixPlugin.routes.root },
      apis: [kratixApi, mockApis.permission({ authorize: 'DENY' as any })],
    });
    expect(await platformLinks()).toEqual([
      ['Promises', '/platform'],
      ['Clusters', '/platform/clusters'],
    ]);
  });
});
