import {
  MockPermissionApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { Route, Routes } from 'react-router-dom';
import { KratixApi, kratixApiRef } from '../api/KratixApi';
import { PromisePage } from '../components/PromisePage/PromisePage';
import { rootRouteRef } from '../routes';

/**
 * Renders the PromisePage of `platform`/`name` at its route, answered by `api` and a
 * permission API that allows everything; `mounted` mounts the plugin at /kratix so the page's
 * links resolve.
 */
export async function renderPromisePage(
  api: KratixApi,
  platform: string,
  name: string,
  options: { mounted?: boolean } = {},
) {
  const base = options.mounted ? '/kratix' : '';
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [kratixApiRef, api],
        [permissionApiRef, new MockPermissionApi()],
      ]}
    >
      <Routes>
        <Route
          path={`${base}/promises/:platform/:name`}
          element={<PromisePage />}
        />
      </Routes>
    </TestApiProvider>,
    {
      routeEntries: [`${base}/promises/${platform}/${name}`],
      ...(options.mounted && { mountedRoutes: { '/kratix': rootRouteRef } }),
    },
  );
}

/** A getRequests answering one page holding `items` (none by default). */
export const requestsPage =
  (items: any[] = []) =>
  async () => ({
    items,
    totalCount: items.length,
    page: 1,
    pageSize: 20,
    errors: [],
  });
