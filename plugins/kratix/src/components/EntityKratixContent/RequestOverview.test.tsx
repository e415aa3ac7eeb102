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
    options,
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
      screen.getByText('instance-configure: Succeeded'),
    ).toBeInTheDocument();
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
});
