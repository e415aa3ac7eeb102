import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { kratixApiRef } from '../../api/KratixApi';
import { fakeKratixApi } from '../../__testUtils__/fakeKratixApi';
import { PromisePage } from './PromisePage';

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
    conditions: [{ type: 'Available', status: 'True', reason: 'PromiseAvailable', message: 'Ready to fulfil resource requests' }],
    requirements: [
      { name: 'jenkins', version: 'v1.2.0', state: 'Requirement installed', installed: true },
      { name: 'postgresql', version: 'v1.0.0', state: 'Requirement not installed at the specified version', installed: false },
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
    schema: { type: 'object', required: ['image'], properties: { image: { type: 'string', description: 'Container image' }, replicas: { type: 'integer', minimum: 1 } } },
  },
  dependencies: [],
  destinationSelectors: [{ matchLabels: { environment: 'platform' } }],
  pipelines: [{ workflow: 'resource', action: 'configure', name: 'compose', images: [{ container: 'c', image: 'ghcr.io/easyeaty/web-app:v1' }] }],
  requiredBy: [],
  eligibleDestinations: [
    { destination: 'platform', matches: true, reasons: ['labels match environment=platform'] },
    { destination: 'eks', matches: false, reasons: ['label environment is dev, selector wants platform'] },
  ],
  workerResources: [],
  promise: {},
};

describe('PromisePage', () => {
  it('shows the API, the clusters it may land on, workflows and the required-Promise graph', async () => {
    const api = fakeKratixApi({
      getPromise: async () => webApp,
      getRequests: async () => ({
        items: [{ platform: 'easyeaty', promise: 'web-app', name: 'storefront', namespace: 'team-checkout', phase: 'Ready' } as any],
        totalCount: 1,
        page: 1,
        pageSize: 100,
        errors: [],
      }),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[kratixApiRef, api]]}>
        <Routes>
          <Route path="/promises/:platform/:name" element={<PromisePage />} />
        </Routes>
      </TestApiProvider>,
      { routeEntries: ['/promises/easyeaty/web-app'] },
    );
    expect(await screen.findByText('Required Promises')).toBeInTheDocument();
    expect(screen.getByTestId('required-promise-graph')).toHaveTextContent('postgresql');
    expect(screen.getAllByText(/Requirement not installed at the specified version/).length).toBeGreaterThan(0);
    expect(screen.getByText('label environment is dev, selector wants platform')).toBeInTheDocument();
    expect(screen.getByText('ghcr.io/easyeaty/web-app:v1', { exact: false })).toBeInTheDocument();
    expect(screen.getByText('Container image')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Request WebApp/ })).toHaveAttribute(
      'href',
      '/create/templates/default/easyeaty_web-app-promise-template',
    );
    expect(await screen.findByText('team-checkout/storefront')).toBeInTheDocument();
  });
});
