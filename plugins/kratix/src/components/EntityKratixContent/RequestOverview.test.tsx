import { alertApiRef } from '@backstage/core-plugin-api';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  MockPermissionApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { kratixApiRef } from '../../api/KratixApi';
import { fakeKratixApi } from '../../__testUtils__/fakeKratixApi';
import { catalogRoutes } from '../../__testUtils__/catalogRoutes';
import { Route, Routes } from 'react-router-dom';
import { rootRouteRef } from '../../routes';
import { RequestOverview } from './RequestOverview';

const detail: any = {
  platform: 'easyeaty',
  promise: 'jenkins',
  name: 'ci',
  namespace: 'team-checkout',
  apiVersion: 'marketplace.kratix.io/v1alpha1',
  kind: 'jenkins',
  owner: 'group:default/team-checkout',
  phase: 'Ready',
  reason: 'Reconciled',
  updating: true,
  status: {
    phase: 'Ready',
    conditions: [],
    workflow: {
      pipelines: [{ name: 'instance-configure', phase: 'Succeeded' }],
      source: 'pipelines',
    },
    catchUp: { updating: true, neverObserved: false },
    health: {
      state: 'degraded',
      records: [{ state: 'degraded', source: { name: 'ci-agents' } }],
      source: 'healthStatus',
    },
    pipelineWritten: {
      values: {
        connectionDetails: { adminSecret: 'team-checkout/ci-jenkins-admin' },
      },
      conditions: [],
      links: [
        {
          key: 'links.slack',
          url: 'https://easyeaty.slack.com/archives/C0PLATFORM',
        },
      ],
    },
  },
  conditions: [
    {
      type: 'Reconciled',
      status: 'True',
      reason: 'Reconciled',
      message: 'Reconciled',
    },
  ],
  landed: [
    {
      destination: 'eks',
      type: 'resource',
      promise: 'jenkins',
      pipeline: 'instance-configure',
      location:
        'state/eks/resources/team-checkout/jenkins/ci/instance-configure/5058f',
      files: [
        'state/eks/resources/team-checkout/jenkins/ci/instance-configure/5058f/jenkins-instance.yaml',
      ],
      state: 'Written',
      source: 'state-store',
    },
  ],
  subRequests: [
    {
      platform: 'easyeaty',
      promise: 'postgresql',
      name: 'ci-db',
      namespace: 'team-checkout',
      phase: 'Pending',
    },
  ],
  pipelineRuns: [],
  request: {},
};

async function render(
  permission: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
  manageRequest = jest.fn(async () => ({
    message: 'Paused reconciliation of team-checkout/ci',
  })),
  options: Parameters<typeof renderInTestApp>[1] = {},
  shown: any = detail,
) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [
          kratixApiRef,
          fakeKratixApi({ getRequest: async () => shown, manageRequest }),
        ],
        [permissionApiRef, new MockPermissionApi(() => permission)],
        [alertApiRef, { post: jest.fn(), alert$: jest.fn() } as any],
      ]}
    >
      <Routes>
        <Route
          path="/*"
          element={
            <RequestOverview
              platform="easyeaty"
              promise="jenkins"
              namespace="team-checkout"
              name="ci"
            />
          }
        />
        <Route
          path="/kratix/promises/:platform/:name"
          element={<div>Promise page of jenkins</div>}
        />
      </Routes>
    </TestApiProvider>,
    {
      ...options,
      mountedRoutes: { ...catalogRoutes, ...options.mountedRoutes },
    },
  );
  return manageRequest;
}

describe('RequestOverview', () => {
  it('shows phase, updating banner, pipelines, health, outputs, sub-requests and where it landed', async () => {
    await render(AuthorizeResult.DENY);
    expect(await screen.findByText('Where it landed')).toBeInTheDocument();
    expect(
      screen.getByText(
        'state/eks/resources/team-checkout/jenkins/ci/instance-configure/5058f/jenkins-instance.yaml',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Updating: the platform has not caught up/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('listitem', { name: 'instance-configure' }),
    ).toHaveTextContent('instance-configure: Succeeded');
    expect(screen.getByText('Health: degraded')).toBeInTheDocument();
    expect(
      screen.getByText('https://easyeaty.slack.com/archives/C0PLATFORM'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/team-checkout\/ci-jenkins-admin/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('postgresql team-checkout/ci-db'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Pause' }),
    ).not.toBeInTheDocument();
  });

  it('offers manage actions only when permitted, and carries them out', async () => {
    const manage = await render(AuthorizeResult.ALLOW);
    fireEvent.click(await screen.findByRole('button', { name: 'Pause' }));
    await waitFor(() =>
      expect(manage).toHaveBeenCalledWith(
        expect.objectContaining({ name: 'ci' }),
        'pause',
        undefined,
      ),
    );
  });

  it("sends a sub-request's manager to its parent, and says a derived phase is derived", async () => {
    const manage = await render(
      AuthorizeResult.ALLOW,
      undefined,
      {},
      {
        ...detail,
        statusSource: 'state-store',
        parent: {
          promise: 'web-app',
          namespace: 'team-checkout',
          name: 'shop',
        },
      },
    );
    const parent = await screen.findByRole('link', {
      name: 'web-app team-checkout/shop',
    });
    expect(parent.getAttribute('href')).toContain(
      'easyeaty_web-app_team-checkout_shop',
    );
    expect(screen.getByText(/Managed through its parent/)).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Delete' }),
    ).not.toBeInTheDocument();
    expect(
      screen.getAllByText('derived from the state store'),
    ).not.toHaveLength(0);
    expect(manage).not.toHaveBeenCalled();
  });

  it("asks in a dialog naming what a delete removes, then goes to the Promise's page", async () => {
    const manage = await render(
      AuthorizeResult.ALLOW,
      jest.fn(async () => ({ message: 'Deleted team-checkout/ci' })),
      { mountedRoutes: { '/kratix': rootRouteRef } },
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent(
      'This deletes the jenkins request team-checkout/ci of Promise jenkins on platform easyeaty',
    );
    expect(dialog).toHaveTextContent(/1 file on eks/);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(manage).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    const confirm = await screen.findByRole('dialog');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Delete' }));
    await waitFor(() =>
      expect(manage).toHaveBeenCalledWith(
        expect.objectContaining({ name: 'ci' }),
        'delete',
        undefined,
      ),
    );
    expect(
      await screen.findByText('Promise page of jenkins'),
    ).toBeInTheDocument();
  });

  const FILE =
    'state/eks/resources/team-checkout/jenkins/ci/instance-configure/5058f/jenkins-instance.yaml';

  it('links clusters, the Promise, sub-requests and files (on the git host) to their pages', async () => {
    await render(
      AuthorizeResult.DENY,
      undefined,
      { mountedRoutes: { '/kratix': rootRouteRef } },
      {
        ...detail,
        fileUrls: {
          [FILE]: `https://github.com/easyeaty/state/blob/main/${FILE}`,
        },
        filesReadable: false,
      },
    );
    expect(await screen.findByRole('link', { name: 'eks' })).toHaveAttribute(
      'href',
      '/kratix/clusters/easyeaty/eks',
    );
    expect(screen.getByRole('link', { name: 'jenkins' })).toHaveAttribute(
      'href',
      '/kratix/promises/easyeaty/jenkins',
    );
    expect(
      screen.getByRole('link', { name: 'postgresql team-checkout/ci-db' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/easyeaty_postgresql_team-checkout_ci-db',
    );
    // External links also carry "opens in a new window" for screen readers.
    expect(screen.getByText(FILE).closest('a')).toHaveAttribute(
      'href',
      `https://github.com/easyeaty/state/blob/main/${FILE}`,
    );
    expect(
      screen.queryByRole('button', { name: /View YAML/ }),
    ).not.toBeInTheDocument();
  });

  it('shows a file of a local state store in a YAML dialog, its Secret values hidden', async () => {
    const getStateStoreFile = jest.fn(async (_p: string, path: string) => ({
      path,
      content: 'kind: Secret\nstringData:\n  password: (hidden)\n',
      redacted: true,
    }));
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            kratixApiRef,
            fakeKratixApi({
              getRequest: async () => ({
                ...detail,
                fileUrls: {},
                filesReadable: true,
              }),
              getStateStoreFile,
            }),
          ],
          [permissionApiRef, new MockPermissionApi(() => AuthorizeResult.DENY)],
        ]}
      >
        <RequestOverview
          platform="easyeaty"
          promise="jenkins"
          namespace="team-checkout"
          name="ci"
        />
      </TestApiProvider>,
      { mountedRoutes: catalogRoutes },
    );
    // No web page for a local repository: the path is text, the backend serves the file.
    expect(await screen.findByText(FILE)).not.toHaveAttribute('href');
    fireEvent.click(
      screen.getByRole('button', {
        name: 'View YAML of jenkins-instance.yaml',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      await within(dialog).findByText(/password: \(hidden\)/),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText('Secret values are hidden.'),
    ).toBeInTheDocument();
    expect(getStateStoreFile).toHaveBeenCalledWith('easyeaty', FILE);
  });

  it('shows the spec as YAML, its times, the commit that carried it and pipeline runs with times and logs', async () => {
    const getPipelineLogs = jest.fn(async () => ({
      run: 'kratix-jenkins-ci-instance-configure-1a2b3',
      containers: [{ name: 'main', log: 'rendered jenkins-instance.yaml' }],
    }));
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            kratixApiRef,
            fakeKratixApi({
              getRequest: async () => ({
                ...detail,
                specYaml: 'env: dev\nagents: 2\n',
                times: {
                  created: '2026-10-03T08:00:00Z',
                  updated: '2026-10-04T09:00:00Z',
                  lastConfigured: '2026-10-04T09:01:37Z',
                },
                origin: {
                  commit: 'fedcba9876543210',
                  time: '2026-10-04T09:00:00Z',
                  author: 'Ada',
                  subject: 'Merge pull request #42 from team-checkout/ci',
                  path: 'requests/team-checkout/jenkins/ci.yaml',
                  url: 'https://github.com/easyeaty/platform/commit/fedcba9876543210',
                  pullRequest: {
                    number: 42,
                    url: 'https://github.com/easyeaty/platform/pull/42',
                  },
                },
                deliveries: [
                  {
                    commit: 'abc1234def5678',
                    time: '2026-10-04T09:01:37Z',
                    destinations: ['eks'],
                    url: 'https://github.com/easyeaty/state/commit/abc1234def5678',
                  },
                ],
                pipelineRuns: [
                  {
                    name: 'kratix-jenkins-ci-instance-configure-1a2b3',
                    namespace: 'team-checkout',
                    promise: 'jenkins',
                    resource: 'ci',
                    pipeline: 'instance-configure',
                    type: 'resource',
                    action: 'configure',
                    state: 'Succeeded',
                    startTime: '2026-10-04T09:00:05Z',
                    completionTime: '2026-10-04T09:01:37Z',
                  },
                  {
                    name: 'jenkins-ci-instance-configure-9f8e7d6',
                    namespace: 'team-checkout',
                    promise: 'jenkins',
                    resource: 'ci',
                    pipeline: 'instance-configure',
                    type: 'resource',
                    action: 'configure',
                    state: 'Succeeded',
                    startTime: '2026-10-03T08:01:37Z',
                    completionTime: '2026-10-03T08:01:37Z',
                    commit: '9f8e7d6c5b4a3',
                  },
                ],
              }),
              getPipelineLogs,
            }),
          ],
          [
            permissionApiRef,
            // May read the run's logs (kratix.resource.logs.read), not manage the request.
            new MockPermissionApi(request =>
              request.permission.name === 'kratix.resource.logs.read'
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY,
            ),
          ],
        ]}
      >
        <RequestOverview
          platform="easyeaty"
          promise="jenkins"
          namespace="team-checkout"
          name="ci"
        />
      </TestApiProvider>,
      { mountedRoutes: catalogRoutes },
    );
    expect(await screen.findByLabelText('Spec as YAML')).toHaveTextContent(
      'env: dev agents: 2',
    );
    const times = [...document.querySelectorAll('time')].map(t =>
      t.getAttribute('dateTime'),
    );
    expect(times).toEqual(
      expect.arrayContaining([
        '2026-10-03T08:00:00Z',
        '2026-10-04T09:00:00Z',
        '2026-10-04T09:01:37Z',
        '2026-10-04T09:00:05Z',
      ]),
    );
    expect(screen.getByText(/^Created/)).toHaveTextContent(
      /Updated.*Last configured/,
    );
    expect(screen.getByText('abc1234def56').closest('a')).toHaveAttribute(
      'href',
      'https://github.com/easyeaty/state/commit/abc1234def5678',
    );
    expect(screen.getByText(/Carried to eks by commit/)).toBeInTheDocument();
    // The commit that changed the request itself, and the pull request that merged it.
    expect(screen.getByText(/Last changed by commit/)).toHaveTextContent(
      /by Ada, merged from pull request #42.*\(requests\/team-checkout\/jenkins\/ci\.yaml\)/,
    );
    expect(screen.getByText('pull request #42').closest('a')).toHaveAttribute(
      'href',
      'https://github.com/easyeaty/platform/pull/42',
    );
    expect(screen.getByText('fedcba987654').closest('a')).toHaveAttribute(
      'href',
      'https://github.com/easyeaty/platform/commit/fedcba9876543210',
    );
    // A run on the cluster has pod logs; one read from the state store's history names its commit.
    expect(screen.getByText('commit 9f8e7d6c5b4a')).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: /^Logs of/ })).toHaveLength(1);
    fireEvent.click(
      screen.getByRole('button', {
        name: 'Logs of kratix-jenkins-ci-instance-configure-1a2b3',
      }),
    );
    expect(
      await screen.findByText('rendered jenkins-instance.yaml'),
    ).toBeInTheDocument();
    expect(getPipelineLogs).toHaveBeenCalledWith(
      'easyeaty',
      'team-checkout',
      'kratix-jenkins-ci-instance-configure-1a2b3',
    );
  });
});
