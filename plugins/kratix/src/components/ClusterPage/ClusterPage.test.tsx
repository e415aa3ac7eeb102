import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { kratixApiRef } from '../../api/KratixApi';
import { fakeKratixApi } from '../../__testUtils__/fakeKratixApi';
import { rootRouteRef } from '../../routes';
import { ClusterPage } from './ClusterPage';

const WORKLOAD =
  'state/eks/resources/team-checkout/jenkins/ci/instance-configure/5058f/jenkins-instance.yaml';
const DEPENDENCY =
  'state/eks/dependencies/nginx/promise-configure/5058f/nginx-ingress.yaml';

const eks: any = {
  platform: 'easyeaty',
  name: 'eks',
  kind: 'Destination',
  labels: { environment: 'dev' },
  path: 'eks',
  stateStore: { kind: 'GitStateStore', name: 'default' },
  strictMatchLabels: false,
  filepathMode: 'nestedByMetadata',
  ready: { ready: true, state: 'Ready' },
  platformAsWorker: false,
  workerResourceCount: 1,
  workloadCount: 1,
  workerResources: [
    {
      destination: 'eks',
      type: 'dependency',
      promise: 'nginx',
      pipeline: 'promise-configure',
      location: 'state/eks/dependencies/nginx/promise-configure/5058f',
      files: [DEPENDENCY],
      state: 'Written',
      source: 'state-store',
    },
  ],
  workloads: [
    {
      destination: 'eks',
      type: 'resource',
      promise: 'jenkins',
      namespace: 'team-checkout',
      resource: 'ci',
      pipeline: 'instance-configure',
      location:
        'state/eks/resources/team-checkout/jenkins/ci/instance-configure/5058f',
      files: [WORKLOAD],
      state: 'Written',
      source: 'state-store',
    },
  ],
};

async function renderCluster(detail: any, api = {}) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [
          kratixApiRef,
          fakeKratixApi({ getDestination: async () => detail, ...api }),
        ],
      ]}
    >
      <Routes>
        <Route
          path="/kratix/clusters/:platform/:name"
          element={<ClusterPage />}
        />
      </Routes>
    </TestApiProvider>,
    {
      routeEntries: ['/kratix/clusters/easyeaty/eks'],
      mountedRoutes: {
        '/kratix': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
}

describe('ClusterPage', () => {
  it('links worker resources to their Promise, workloads to their request and Promise, and files to the git host', async () => {
    await renderCluster({
      ...eks,
      fileUrls: {
        [WORKLOAD]: `https://github.com/easyeaty/state/blob/main/${WORKLOAD}`,
      },
      filesReadable: false,
    });
    expect(await screen.findByRole('link', { name: 'nginx' })).toHaveAttribute(
      'href',
      '/kratix/promises/easyeaty/nginx',
    );
    expect(screen.getByRole('link', { name: 'jenkins' })).toHaveAttribute(
      'href',
      '/kratix/promises/easyeaty/jenkins',
    );
    expect(
      screen.getByRole('link', { name: 'team-checkout/ci' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/easyeaty_jenkins_team-checkout_ci',
    );
    expect(screen.getByText(WORKLOAD).closest('a')).toHaveAttribute(
      'href',
      `https://github.com/easyeaty/state/blob/main/${WORKLOAD}`,
    );
    // Neither a web page nor a copy the backend serves: the path only.
    expect(screen.getByText(DEPENDENCY).closest('a')).toBeNull();
    expect(screen.queryByRole('button', { name: /View YAML/ })).toBeNull();
  });

  it("opens a file of the platform's own copy of its state store as YAML", async () => {
    const getStateStoreFile = jest.fn(async (_p: string, path: string) => ({
      path,
      content: 'kind: Deployment\nmetadata: {name: ingress-nginx}\n',
      redacted: false,
    }));
    await renderCluster(
      { ...eks, fileUrls: {}, filesReadable: true },
      { getStateStoreFile },
    );
    fireEvent.click(
      await screen.findByRole('button', {
        name: 'View YAML of nginx-ingress.yaml',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      await within(dialog).findByText(/name: ingress-nginx/),
    ).toBeInTheDocument();
    expect(within(dialog).queryByText(/Secret values/)).toBeNull();
    expect(getStateStoreFile).toHaveBeenCalledWith('easyeaty', DEPENDENCY);
  });

  it('names the cluster in the page header, with its platform and a link back to the clusters', async () => {
    await renderCluster({ ...eks, platformAsWorker: true });
    const header = screen.getByRole('banner');
    expect(
      within(header).getByRole('heading', { level: 1, name: 'eks' }),
    ).toBeInTheDocument();
    expect(
      await within(header).findByText('Cluster on platform EasyEaty'),
    ).toBeInTheDocument();
    expect(
      within(header).getByRole('link', { name: 'Clusters' }),
    ).toHaveAttribute('href', '/kratix/clusters');
    expect(await screen.findByText('platform as worker')).toBeInTheDocument();
    expect(screen.queryAllByRole('heading', { level: 4 })).toEqual([]);
  });

  it('says what an empty cluster has not received', async () => {
    await renderCluster({ ...eks, workerResources: [], workloads: [] });
    expect(
      await screen.findByText('No Promise has written worker resources here.'),
    ).toBeInTheDocument();
    expect(screen.getByText('No request has landed here.')).toBeInTheDocument();
  });
});
