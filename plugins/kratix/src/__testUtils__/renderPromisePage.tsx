import {
  MockPermissionApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { Entity } from '@backstage/catalog-model';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { Route, Routes } from 'react-router-dom';
import { KratixApi, kratixApiRef } from '../api/KratixApi';
import { PromisePage } from '../components/PromisePage/PromisePage';
import { rootRouteRef, scaffolderTemplateRouteRef } from '../routes';

/** Where these tests mount the scaffolder's Template page (a stock app's path). */
export const TEMPLATE_PAGE = '/create/templates/:namespace/:templateName';

/**
 * Renders the PromisePage of `platform`/`name` at its route under the Kratix page (mounted at
 * /kratix, as the page only ever is), answered by `api`, a permission API that allows
 * everything and a catalog holding `templates`; the catalog's entity page and the
 * scaffolder's Template page (`scaffolderTemplate` bound to it) are mounted where a stock app
 * has them, unless `bindTemplatePage` is false.
 */
export async function renderPromisePage(
  api: KratixApi,
  platform: string,
  name: string,
  options: {
    templates?: Entity[];
    /** Instead of a catalog holding `templates`. */
    catalogApi?: typeof catalogApiRef.T;
    bindTemplatePage?: boolean;
    templatePage?: string;
  } = {},
) {
  const base = '/kratix';
  const templatePage = options.templatePage ?? TEMPLATE_PAGE;
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [kratixApiRef, api],
        [permissionApiRef, new MockPermissionApi()],
        [
          catalogApiRef,
          options.catalogApi ??
            catalogApiMock({ entities: options.templates ?? [] }),
        ],
      ]}
    >
      <Routes>
        <Route
          path={`${base}/promises/:platform/:name`}
          element={<PromisePage />}
        />
        <Route path={templatePage} element={<h1>The Template's form</h1>} />
      </Routes>
    </TestApiProvider>,
    {
      routeEntries: [`${base}/promises/${platform}/${name}`],
      mountedRoutes: {
        [base]: rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        ...(options.bindTemplatePage === false
          ? {}
          : { [templatePage]: scaffolderTemplateRouteRef }),
      },
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
