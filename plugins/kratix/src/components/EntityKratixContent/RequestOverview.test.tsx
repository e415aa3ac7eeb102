import { alertApiRef } from '@backstage/core-plugin-api';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { MockPermissionApi, renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { kratixApiRef } from '../../api/KratixApi';
import { fakeKratixApi } from '../../__testUtils__/fakeKratixApi';
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
    workflow: { pipelines: [{ name: 'instance-configure', phase: 'Succeeded' }], source: 'pipelines' },
    catchUp: { updating: true, neverObserved: false },
    health: { state: 'degraded', records: [{ state: 'degraded', source: { name: 'ci-agents' } }], source: 'healthStatus' },
    pipelineWritten: {
      values: { connectionDetails: { adminSecret: 'team-checkout/ci-jenkins-admin' } },
      conditions: [],
      links: [{ key: 'links.slack', url: 'https://easyeaty.slack.com/archives/C0PLATFORM' }],
    },
  },
  conditions: [{ type: 'Reconciled', status: 'True', reason: 'Reconciled', message: 'Reconciled' }],
  landed: [
    {
      destination: 'eks',
      type: 'resource',
      promise: 'jenkins',
      pipeline: 'instance-configure',
      location: 'state/eks/resources/team-checkout/jenkins/ci/instance-configure/5058f',
      files: ['state/eks/resources/team-checkout/jenkins/ci/instance-configure/5058f/jenkins-instance.yaml'],
      state: 'Written',
      source: 'state-store',
    },
  ],
  subRequests: [{ platform: 'easyeaty', promise: 'postgresql', name: 'ci-db', namespace: 'team-checkout', phase: 'Pending' }],
  pipelineRuns: [],
  request: {},
};

async function render(permission: AuthorizeResult.ALLOW | AuthorizeResult.DENY, manageRequest = jest.fn(async () => ({ message: 'Paused reconciliation of team-checkout/ci' }))) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [kratixApiRef, fakeKratixApi({ getRequest: async () => detail, manageRequest })],
        [permissionApiRef, new MockPermissionApi(() => permission)],
        [alertApiRef, { post: jest.fn(), alert$: jest.fn() } as any],
      ]}
    >
      <RequestOverview platform="easyeaty" promise="jenkins" namespace="team-checkout" name="ci" />
    </TestApiProvider>,
  );
  return manageRequest;
}

describe('RequestOverview', () => {
  it('shows phase, updating banner, pipelines, health, outputs, sub-requests and where it landed', async () => {
    await render(AuthorizeResult.DENY);
    expect(await screen.findByText('Where it landed')).toBeInTheDocument();
    expect(screen.getByText('state/eks/resources/team-checkout/jenkins/ci/instance-configure/5058f/jenkins-instance.yaml')).toBeInTheDocument();
    expect(screen.getByText(/Updating: the platform has not caught up/)).toBeInTheDocument();
    expect(screen.getByText('instance-configure: Succeeded')).toBeInTheDocument();
    expect(screen.getByText('Health: degraded')).toBeInTheDocument();
    expect(screen.getByText('https://easyeaty.slack.com/archives/C0PLATFORM')).toBeInTheDocument();
    expect(screen.getByText(/team-checkout\/ci-jenkins-admin/)).toBeInTheDocument();
    expect(screen.getByText('postgresql team-checkout/ci-db')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Pause' })).not.toBeInTheDocument();
  });

  it('offers manage actions only when permitted, and carries them out', async () => {
    const manage = await render(AuthorizeResult.ALLOW);
    fireEvent.click(await screen.findByRole('button', { name: 'Pause' }));
    await waitFor(() => expect(manage).toHaveBeenCalledWith(expect.objectContaining({ name: 'ci' }), 'pause', undefined));
  });
});
