import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  MockPermissionApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import { PipelineRun } from '@kratix-backstage/plugin-kratix-common';
import { failingPermissionApi } from '../../__testUtils__/permissionApis';
import { PipelineLogsPermission } from './PipelineLogsPermission';

// usePermission caches each decision by permission and resource for the test file's life:
// every test names its own platform.
const requestRun = (platform: string): [string, PipelineRun] => [
  platform,
  {
    name: 'kratix-jenkins-ci-instance-configure-1a2b3',
    // The Promise runs its pipelines in its own namespace; the request lives in team-checkout.
    namespace: 'kratix-pipelines',
    requestNamespace: 'team-checkout',
    promise: 'jenkins',
    resource: 'ci',
    pipeline: 'instance-configure',
    type: 'resource',
    action: 'configure',
    state: 'Succeeded',
  },
];

async function render(
  permissions: any,
  [platform, run]: [string, PipelineRun],
) {
  await renderInTestApp(
    <TestApiProvider apis={[[permissionApiRef, permissions]]}>
      <PipelineLogsPermission platform={platform} run={run}>
        <button>Logs of {run.name}</button>
      </PipelineLogsPermission>
    </TestApiProvider>,
  );
}

describe('PipelineLogsPermission', () => {
  it("shows the Logs button to who may read the run's logs, asked as the backend's logs route asks", async () => {
    const asked: any[] = [];
    await render(
      new MockPermissionApi(request => {
        asked.push(request);
        return AuthorizeResult.ALLOW;
      }),
      requestRun('allowed'),
    );
    const button = await screen.findByRole('button', {
      name: /^Logs of kratix-jenkins/,
    });
    expect(button).toBeEnabled();
    expect(asked).toEqual([
      expect.objectContaining({
        permission: expect.objectContaining({
          name: 'kratix.resource.logs.read',
        }),
        // The request's namespace, not the pipeline's.
        resourceRef: 'allowed:jenkins:team-checkout/ci',
      }),
    ]);
  });

  it('shows a disabled Logs button saying who may read them to anyone else', async () => {
    await render(
      new MockPermissionApi(() => AuthorizeResult.DENY),
      requestRun('denied'),
    );
    const why = await screen.findByTitle(
      "Only the request's owner or a platform admin can read its pipeline logs",
    );
    expect(why.querySelector('button')).toBeDisabled();
    expect(
      screen.getByRole('button', { name: /^Logs of kratix-jenkins/ }),
    ).toBeDisabled();
  });

  it('says the check failed, on a disabled Logs button, when the permission check fails', async () => {
    const permissions = failingPermissionApi();
    await render(permissions, requestRun('failed'));
    const why = await screen.findByTitle(
      'Could not check whether you may read these logs: permission backend unreachable',
    );
    expect(why.querySelector('button')).toBeDisabled();
    expect(permissions.authorize).toHaveBeenCalled();
  });

  it("asks kratix.promise.logs.read on the platform for a Promise's own run", async () => {
    const asked: any[] = [];
    const [, run] = requestRun('promise-run');
    await render(
      new MockPermissionApi(request => {
        asked.push(request);
        return AuthorizeResult.DENY;
      }),
      ['promise-run', { ...run, resource: undefined, type: 'promise' }],
    );
    expect(
      await screen.findByTitle(
        "Only a platform admin can read a Promise's pipeline logs",
      ),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(asked).toEqual([
        expect.objectContaining({
          permission: expect.objectContaining({
            name: 'kratix.promise.logs.read',
          }),
          resourceRef: 'promise-run',
        }),
      ]),
    );
  });
});
