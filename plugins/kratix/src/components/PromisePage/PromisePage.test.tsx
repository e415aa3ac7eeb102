import { screen, within } from '@testing-library/react';
import { fakeKratixApi } from '../../__testUtils__/fakeKratixApi';
import {
  renderPromisePage,
  requestsPage,
} from '../../__testUtils__/renderPromisePage';
import { generatedTemplate } from '../../__testUtils__/promiseTemplates';

// The page renders a graph and several tables: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);
const slow = { timeout: 15_000 };

const webAppTemplate = generatedTemplate('easyeaty', 'web-app', 'WebApp');

const webApp: any = {
  platform: 'easyeaty',
  name: 'web-app',
  version: 'v0.3.0',
  availability: 'Available',
  kind: 'WebApp',
  group: 'platform.easyeaty.io',
  hasApi: true,
  categories: [],
  requiredPromises: ['jenkins', 'postgresql'],
  requestCount: 1,
  status: {
    availability: 'Available',
    conditions: [
      {
        type: 'Available',
        status: 'True',
        reason: 'PromiseAvailable',
        message: 'Ready to fulfil resource requests',
      },
    ],
    requirements: [
      {
        name: 'jenkins',
        version: 'v1.2.0',
        state: 'Requirement installed',
        installed: true,
      },
      {
        name: 'postgresql',
        version: 'v1.0.0',
        state: 'Requirement not installed at the specified version',
        installed: false,
      },
    ],
    requiredBy: [],
    workflow: { pipelines: [], source: 'none' },
    catchUp: { updating: false, neverObserved: false },
  },
  api: {
    group: 'platform.easyeaty.io',
    version: 'v1',
    kind: 'WebApp',
    plural: 'webapps',
    scope: 'Namespaced',
    schema: {
      type: 'object',
      required: ['image'],
      properties: {
        image: { type: 'string', description: 'Container image' },
        replicas: { type: 'integer', minimum: 1 },
      },
    },
  },
  dependencies: [],
  destinationSelectors: [{ matchLabels: { environment: 'platform' } }],
  pipelines: [
    {
      workflow: 'resource',
      action: 'configure',
      name: 'compose',
      images: [{ container: 'c', image: 'ghcr.io/easyeaty/web-app:v1' }],
    },
  ],
  requiredBy: [],
  eligibleDestinations: [
    {
      destination: 'platform',
      matches: true,
      reasons: ['labels match environment=platform'],
    },
    {
      destination: 'eks',
      matches: false,
      reasons: ['label environment is dev, selector wants platform'],
    },
  ],
  workerResources: [],
  promise: {},
};

describe('PromisePage', () => {
  it('shows the API, the clusters it may land on, workflows and the required-Promise graph', async () => {
    const api = fakeKratixApi({
      getPromise: async () => webApp,
      getRequests: async () => ({
        items: [
          {
            platform: 'easyeaty',
            promise: 'web-app',
            name: 'storefront',
            namespace: 'team-checkout',
            phase: 'Ready',
          } as any,
        ],
        totalCount: 1,
        page: 1,
        pageSize: 100,
        errors: [],
      }),
    });
    await renderPromisePage(api, 'easyeaty', 'web-app', {
      templates: [webAppTemplate],
    });
    expect(await screen.findByText('Required Promises')).toBeInTheDocument();
    expect(screen.getByTestId('required-promise-graph')).toHaveTextContent(
      'postgresql',
    );
    expect(
      screen.getAllByText(/Requirement not installed at the specified version/)
        .length,
    ).toBeGreaterThan(0);
    expect(
      screen.getByText('label environment is dev, selector wants platform'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('ghcr.io/easyeaty/web-app:v1', { exact: false }),
    ).toBeInTheDocument();
    expect(screen.getByText('Container image')).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: /Request WebApp/ }),
    ).toHaveAttribute(
      'href',
      '/create/templates/default/easyeaty_web-app-promise-template',
    );
    expect(
      await screen.findByText('team-checkout/storefront'),
    ).toBeInTheDocument();
  });

  it('says a gitops status is derived from the state store, and shows the release that installs it', async () => {
    const derived = {
      ...webApp,
      name: 'jenkins',
      availability: 'Available',
      reason: 'StateStoreDocumentsFound',
      message: 'Documents written to eks, gke',
      statusSource: 'state-store',
      requiredPromises: [],
      status: {
        ...webApp.status,
        requirements: [],
        requiredBy: [{ name: 'web-app', requiredVersion: 'v1.2.0' }],
        conditions: [
          {
            type: 'Available',
            status: 'True',
            reason: 'StateStoreDocumentsFound',
            message: 'Documents written to eks, gke',
          },
        ],
      },
      requiredBy: [{ name: 'web-app', requiredVersion: 'v1.2.0' }],
      release: {
        platform: 'easyeaty',
        name: 'jenkins-release',
        version: 'v1.2.0',
        sourceType: 'http',
        sourceUrl: 'https://example.org/jenkins/promise.yaml',
        promise: 'jenkins',
      },
    };
    const api = fakeKratixApi({
      getPromise: async () => derived,
      getRequests: requestsPage(),
    });
    await renderPromisePage(api, 'easyeaty', 'jenkins');
    expect(
      await screen.findByText('derived from the state store', {}, slow),
    ).toBeInTheDocument();
    expect(screen.getByText(/Installed by PromiseRelease/)).toHaveTextContent(
      'Installed by PromiseRelease jenkins-release at version v1.2.0 from https://example.org/jenkins/promise.yaml',
    );
    expect(screen.getByTestId('required-promise-graph')).toHaveTextContent(
      'web-app',
    );
  });

  it('names the Promise in the page header by its display name, with its platform and a link back to the Promises', async () => {
    const api = fakeKratixApi({
      getPromise: async () => ({
        ...webApp,
        promise: {
          metadata: {
            name: 'web-app',
            annotations: { 'kratix-backstage.io/display-name': 'Web app' },
          },
        },
      }),
      getRequests: requestsPage(),
    });
    await renderPromisePage(api, 'easyeaty', 'web-app');
    const header = screen.getByRole('banner');
    expect(
      await within(header).findByRole('heading', { level: 1, name: 'Web app' }),
    ).toBeInTheDocument();
    expect(
      await within(header).findByText('Promise on platform EasyEaty'),
    ).toBeInTheDocument();
    expect(
      within(header).getByRole('link', { name: 'Promises' }),
    ).toHaveAttribute('href', '/kratix');
    // Not again in the body.
    expect(
      await screen.findByText('Required Promises', {}, slow),
    ).toBeInTheDocument();
    expect(screen.queryAllByRole('heading', { level: 4 })).toEqual([]);
  });

  it('says nothing about derivation for a status Kratix wrote', async () => {
    const api = fakeKratixApi({
      getPromise: async () => ({ ...webApp, statusSource: 'kratix' }),
      getRequests: requestsPage(),
    });
    await renderPromisePage(api, 'easyeaty', 'web-app');
    expect(
      await screen.findByText('Required Promises', {}, slow),
    ).toBeInTheDocument();
    expect(
      screen.queryByText('derived from the state store'),
    ).not.toBeInTheDocument();
  });

  async function renderMounted(promise: any, items: any[] = []) {
    const api = fakeKratixApi({
      getPromise: async () => promise,
      getRequests: requestsPage(items),
      // The platform's Promises: only these link to a page.
      getPromises: async () => ({
        items: ['web-app', 'jenkins', 'postgresql', 'shop-suite'].map(name => ({
          ...webApp,
          name,
        })),
        errors: [],
      }),
    });
    await renderPromisePage(api, 'easyeaty', promise.name, {
      templates: [webAppTemplate],
    });
  }

  it('links required Promises (list and graph), clusters and requests to their pages', async () => {
    await renderMounted(
      {
        ...webApp,
        status: { ...webApp.status, requiredBy: [] },
        requiredBy: [{ name: 'shop-suite', requiredVersion: 'v0.3.0' }],
        // gke is a Destination of the platform (every one is weighed for eligibility).
        eligibleDestinations: [
          ...webApp.eligibleDestinations,
          { destination: 'gke', matches: false, reasons: [] },
        ],
        workerResources: [
          {
            destination: 'gke',
            type: 'dependency',
            promise: 'web-app',
            location: 'state/gke/dependencies/web-app',
            files: [],
            state: 'Written',
            source: 'state-store',
          },
        ],
      },
      [
        {
          platform: 'easyeaty',
          promise: 'web-app',
          name: 'storefront',
          namespace: 'team-checkout',
          phase: 'Ready',
        },
      ],
    );
    const graph = await screen.findByTestId('required-promise-graph', {}, slow);
    expect(
      within(graph).getByRole('link', { name: 'jenkins' }),
    ).toHaveAttribute('href', '/kratix/promises/easyeaty/jenkins');
    expect(
      within(graph).getByRole('link', { name: 'shop-suite' }),
    ).toHaveAttribute('href', '/kratix/promises/easyeaty/shop-suite');
    // The graph's nodes link too, all but the Promise whose page this is.
    const nodes = [...graph.querySelectorAll('svg a')].map(a =>
      a.getAttribute('href'),
    );
    expect(nodes.sort()).toEqual([
      '/kratix/promises/easyeaty/jenkins',
      '/kratix/promises/easyeaty/postgresql',
      '/kratix/promises/easyeaty/shop-suite',
    ]);
    expect(screen.getByRole('link', { name: 'platform' })).toHaveAttribute(
      'href',
      '/kratix/clusters/easyeaty/platform',
    );
    expect(screen.getByRole('link', { name: 'eks' })).toHaveAttribute(
      'href',
      '/kratix/clusters/easyeaty/eks',
    );
    expect(
      within(screen.getByText(/Worker resources written to/)).getByRole(
        'link',
        { name: 'gke' },
      ),
    ).toHaveAttribute('href', '/kratix/clusters/easyeaty/gke');
    const request = await screen.findByRole(
      'link',
      { name: 'team-checkout/storefront' },
      slow,
    );
    expect(request).toHaveAttribute(
      'href',
      '/catalog/default/component/easyeaty_web-app_team-checkout_storefront',
    );
    // One request, one row: no blank rows under it.
    const table = request.closest('table')!;
    expect(
      within(table.querySelector('tbody')!).getAllByRole('row'),
    ).toHaveLength(1);
  });

  it('says a Promise has no requests yet, beside its Request button', async () => {
    await renderMounted(webApp, []);
    expect(
      await screen.findByText('No requests of web-app yet.', {}, slow),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: /Request WebApp/ }),
    ).toBeInTheDocument();
  });

  it('says a Promise with no API takes no requests and only installs worker resources', async () => {
    const nginx = {
      ...webApp,
      name: 'nginx',
      kind: undefined,
      group: undefined,
      hasApi: false,
      api: undefined,
      requestCount: 0,
      requiredPromises: [],
      status: { ...webApp.status, requirements: [] },
    };
    await renderMounted(nginx);
    expect(
      await screen.findByText(
        /nginx has no API, so it takes no requests: it only installs its worker resources/,
        {},
        slow,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Request/ })).toBeNull();
    expect(screen.queryByText(/Request button/)).toBeNull();
    expect(screen.queryByText(/Press Request/)).toBeNull();
  });
});
