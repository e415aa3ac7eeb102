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
 * Renders the PromisePage of `platform`/`name` at its route under the Kratix page (mounted at
 * /kratix, as the page only ever is), answered by `api` and a permission API that allows
 * everything.
 */
export async function renderPromisePage(
  api: KratixApi,
  platform: string,
  name: string,
) {
  const base = '/kratix';
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
      mountedRoutes: { [base]: rootRouteRef },
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
