import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  MockPermissionApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import { kratixApiRef } from '../../api/KratixApi';
import { fakeKratixApi } from '../../__testUtils__/fakeKratixApi';
import { failingPermissionApi } from '../../__testUtils__/permissionApis';
import { MoveRequestsCard } from './MoveRequestsCard';

// usePermission caches each decision by permission and resource for the test file's life:
// every test names its own platform.
async function render(permissions: any, platform: string) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [kratixApiRef, fakeKratixApi()],
        [permissionApiRef, permissions],
      ]}
    >
      <MoveRequestsCard
        platform={platform}
        promise="redis"
        versions={['v0.2.0', 'v0.1.0']}
        requests={[
          { namespace: 'team-a', name: 'sessions', desiredVersion: 'v0.1.0' },
        ]}
        onMoved={jest.fn()}
      />
    </TestApiProvider>,
  );
}

describe('MoveRequestsCard', () => {
  it("is offered to the platform's admins (kratix.resource.manage-any on the platform, as the move route asks)", async () => {
    const asked: any[] = [];
    await render(
      new MockPermissionApi(request => {
        asked.push(request);
        return AuthorizeResult.ALLOW;
      }),
      'allowed',
    );
    expect(
      await screen.findByRole('button', { name: /^Move 0 request/ }),
    ).toBeInTheDocument();
    expect(asked).toEqual([
      expect.objectContaining({
        permission: expect.objectContaining({
          name: 'kratix.resource.manage-any',
        }),
        resourceRef: 'allowed',
      }),
    ]);
  });

  it('is not shown to anyone else', async () => {
    const decide = jest.fn((): AuthorizeResult.DENY => AuthorizeResult.DENY);
    await render(new MockPermissionApi(decide), 'denied');
    await waitFor(() => expect(decide).toHaveBeenCalled());
    // Let the decision land before looking.
    await new Promise(r => setTimeout(r, 50));
    expect(screen.queryByRole('button', { name: /^Move/ })).toBeNull();
    expect(screen.queryByLabelText('Move to')).toBeNull();
  });

  it('says the check failed, with no Move button, when the permission check fails', async () => {
    await render(failingPermissionApi(), 'failed');
    expect(
      await screen.findByText(
        'Error: Could not check whether you may move requests of redis to another revision',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Move/ })).toBeNull();
  });
});
