import { alertApiRef } from '@backstage/core-plugin-api';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  MockPermissionApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import { kratixApiRef } from '../../api/KratixApi';
import { fakeKratixApi } from '../../__testUtils__/fakeKratixApi';
import { failingPermissionApi } from '../../__testUtils__/permissionApis';
import { RequestOverview } from './RequestOverview';

// The request page renders several cards: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

const detail: any = {
  platform: 'easyeaty',
  promise: 'jenkins',
  name: 'ci',
  namespace: 'team-checkout',
  apiVersion: 'marketplace.kratix.io/v1alpha1',
  kind: 'jenkins',
  phase: 'Ready',
  status: {
    phase: 'Ready',
    conditions: [],
    workflow: { pipelines: [] },
    catchUp: { updating: false },
    health: { state: 'unknown', records: [] },
    pipelineWritten: { values: {}, links: [] },
  },
  conditions: [],
  landed: [],
  subRequests: [],
  pipelineRuns: [],
  request: {},
};

async function render(permissions: any) {
  const getRequest = jest.fn(async () => detail);
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [kratixApiRef, fakeKratixApi({ getRequest })],
        [permissionApiRef, permissions],
        [alertApiRef, { post: jest.fn(), alert$: jest.fn() } as any],
      ]}
    >
      <RequestOverview
        platform="easyeaty"
        promise="jenkins"
        namespace="team-checkout"
        name="ci"
      />
    </TestApiProvider>,
  );
  await screen.findByText('Where it landed');
}

describe('RequestOverview manage bar', () => {
  it("shows the manage buttons to the request's owner (kratix.resource.manage on the request), asked as the backend asks", async () => {
    const asked: any[] = [];
    await render(
      new MockPermissionApi(request => {
        asked.push(request);
        return request.permission.name === 'kratix.resource.manage'
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY;
      }),
    );
    expect(
      await screen.findByRole('group', { name: 'Manage the request' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Update' })).toBeEnabled();
    expect(asked).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          permission: expect.objectContaining({
            name: 'kratix.resource.manage',
          }),
          resourceRef: 'easyeaty:jenkins:team-checkout/ci',
        }),
        expect.objectContaining({
          permission: expect.objectContaining({
            name: 'kratix.resource.manage-any',
          }),
          resourceRef: 'easyeaty',
        }),
      ]),
    );
  });

  it('shows them to a platform admin whose request check failed (manage-any on the platform is enough)', async () => {
    await render({
      authorize: async (request: any) => {
        if (request.permission.name === 'kratix.resource.manage')
          throw new Error('policy crashed');
        return { result: AuthorizeResult.ALLOW };
      },
    });
    expect(
      await screen.findByRole('button', { name: 'Re-run' }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Could not check/)).not.toBeInTheDocument();
  });

  it('shows no manage button, and says who may manage, to anyone else', async () => {
    await render(new MockPermissionApi(() => AuthorizeResult.DENY));
    expect(
      await screen.findByText(
        "Only the request's owner or a platform admin can manage it",
      ),
    ).toBeInTheDocument();
    for (const name of ['Update', 'Re-run', 'Pause', 'Delete'])
      expect(screen.queryByRole('button', { name })).not.toBeInTheDocument();
  });

  it('says the check failed, with no manage button, when the permission check fails', async () => {
    const permissions = failingPermissionApi();
    await render(permissions);
    expect(
      // WarningPanel titles it "Error: ...", its message the failure's.
      await screen.findByText(
        'Error: Could not check whether you may manage this request',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('permission backend unreachable'),
    ).toBeInTheDocument();
    await waitFor(() => expect(permissions.authorize).toHaveBeenCalled());
    expect(
      screen.queryByRole('button', { name: 'Update' }),
    ).not.toBeInTheDocument();
  });
});
