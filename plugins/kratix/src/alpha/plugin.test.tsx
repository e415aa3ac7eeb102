import {
  coreExtensionData,
  createFrontendPlugin,
  createRouteRef,
  createSubRouteRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { generatedTemplate } from '../__testUtils__/promiseTemplates';
import { webAppDetail } from '../__testUtils__/promiseDetail';
import { requestsPage } from '../__testUtils__/renderPromisePage';
import {
  createExtensionTester,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { fireEvent, screen } from '@testing-library/react';
import { kratixApiRef } from '../api/KratixApi';
import { fakeKratixApi } from '../__testUtils__/fakeKratixApi';
import kratixPlugin from './plugin';
import { kratixPage } from './pages';

describe('kratix plugin (new frontend system)', () => {
  it('offers the page at /kratix with what the sidebar needs: a route ref, a title and an icon', () => {
    const tester = createExtensionTester(kratixPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/kratix');
    expect(tester.get(coreExtensionData.routeRef)).toBeDefined();
    expect(tester.get(coreExtensionData.title)).toBe('Kratix');
    expect(tester.get(coreExtensionData.icon)).toBeDefined();
    // The id app-config uses to move or disable the page, and the Sidebar to place it.
    expect(kratixPlugin.getExtension('page:kratix')).toBeDefined();
  });

  it('renders the page with a single header and switches to the clusters tab', async () => {
    renderTestApp({
      features: [kratixPlugin],
      apis: [[kratixApiRef, fakeKratixApi()]],
      initialRouteEntries: ['/kratix'],
    });
    expect(await screen.findByText('jenkins')).toBeInTheDocument();
    expect(
      screen.getAllByRole('heading', { level: 1 }).map(h => h.textContent),
    ).toEqual(['Kratix']);
    // The platforms come from their own call: wait for them too.
    expect(await screen.findByText('EasyEaty (gitops)')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('tab', { name: 'Clusters' }));
    expect(await screen.findByText('on-prem-edge')).toBeInTheDocument();
  });

  it("opens a Promise's page with the Promise's name in its only header and a link back to the Promises", async () => {
    renderTestApp({
      features: [kratixPlugin],
      apis: [[kratixApiRef, fakeKratixApi()]],
      initialRouteEntries: ['/kratix/promises/easyeaty/jenkins'],
    });
    expect(
      await screen.findByText('Promise on platform EasyEaty'),
    ).toBeInTheDocument();
    expect(
      screen.getAllByRole('heading', { level: 1 }).map(h => h.textContent),
    ).toEqual(['jenkins']);
    expect(screen.getByRole('link', { name: 'Promises' })).toHaveAttribute(
      'href',
      '/kratix',
    );
  });

  it('opens the clusters tab from its own URL', async () => {
    renderTestApp({
      features: [kratixPlugin],
      apis: [[kratixApiRef, fakeKratixApi()]],
      initialRouteEntries: ['/kratix/clusters'],
    });
    expect(await screen.findByText('on-prem-edge')).toBeInTheDocument();
    expect(screen.queryByText('jenkins')).not.toBeInTheDocument();
  });
});

describe('the Request button in the new frontend system', () => {
  // A scaffolder as the real one declares itself: plugin id `scaffolder`, route
  // `selectedTemplate` (`/templates/:namespace/:templateName` under its page).
  const scaffolderRoot = createRouteRef();
  const selectedTemplate = createSubRouteRef({
    parent: scaffolderRoot,
    path: '/templates/:namespace/:templateName',
  });
  const scaffolder = createFrontendPlugin({
    pluginId: 'scaffolder',
    routes: { root: scaffolderRoot, selectedTemplate },
    extensions: [
      PageBlueprint.make({
        params: {
          path: '/create',
          routeRef: scaffolderRoot,
          loader: async () => <h1>The scaffolder</h1>,
        },
      }),
    ],
  });

  it("links to the scaffolder's Template page with no binding in the app (default target)", async () => {
    expect(
      (
        kratixPlugin.externalRoutes.scaffolderTemplate as any
      ).getDefaultTarget(),
    ).toBe('scaffolder.selectedTemplate');
    renderTestApp({
      features: [kratixPlugin, scaffolder],
      apis: [
        [
          kratixApiRef,
          fakeKratixApi({
            getPromise: async () => webAppDetail,
            getRequests: requestsPage([]),
          }),
        ],
        [
          catalogApiRef,
          catalogApiMock({
            entities: [generatedTemplate('easyeaty', 'web-app', 'WebApp')],
          }),
        ],
      ],
      initialRouteEntries: ['/kratix/promises/easyeaty/web-app'],
    });
    expect(
      await screen.findByRole('button', { name: 'Request WebApp' }),
    ).toHaveAttribute(
      'href',
      '/create/templates/default/easyeaty_web-app-promise-template',
    );
  });
});
