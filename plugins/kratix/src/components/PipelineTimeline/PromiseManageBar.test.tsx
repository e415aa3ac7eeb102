import { alertApiRef } from '@backstage/core-plugin-api';
import {
  PermissionApi,
  permissionApiRef,
} from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  MockPermissionApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { kratixApiRef } from '../../api/KratixApi';
import { failingPermissionApi } from '../../__testUtils__/permissionApis';
import { PromiseManageBar } from './PromiseManageBar';

// usePermission caches each decision by permission and resource for the test file's life:
// every test names its own platform.
async function render(
  decide:
    | ((request: any) => AuthorizeResult.ALLOW | AuthorizeResult.DENY)
    | PermissionApi,
  availability?: string,
  platform = 'easyeaty',
) {
  const managePromise = jest.fn(async () => ({ message: 'done' }));
  const post = jest.fn();
  const onDone = jest.fn();
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [kratixApiRef, { managePromise } as any],
        [
          permissionApiRef,
          typeof decide === 'function' ? new MockPermissionApi(decide) : decide,
        ],
        [alertApiRef, { post, alert$: jest.fn() } as any],
      ]}
    >
      <PromiseManageBar
        platform={platform}
        promise="jenkins"
        availability={availability}
        onDone={onDone}
      />
    </TestApiProvider>,
  );
  return { managePromise, post, onDone };
}

describe('PromiseManageBar', () => {
  it('is hidden from a caller without kratix.promise.manage on the platform', async () => {
    const asked: any[] = [];
    await render(
      request => {
        asked.push(request);
        return AuthorizeResult.DENY;
      },
      'Available',
      'denied',
    );
    await waitFor(() => expect(asked.length).toBeGreaterThan(0));
    expect(asked[0]).toEqual(
      expect.objectContaining({
        permission: expect.objectContaining({ name: 'kratix.promise.manage' }),
        resourceRef: 'denied',
      }),
    );
    expect(screen.queryByRole('button')).toBeNull();
    expect(
      screen.getByText(
        'Only a platform admin can pause, resume or reconcile this Promise',
      ),
    ).toBeInTheDocument();
  });

  it('says the check failed, with no button, when the permission check fails', async () => {
    await render(failingPermissionApi(), 'Available', 'failed');
    expect(
      await screen.findByText(
        'Error: Could not check whether you may manage the Promise jenkins',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('permission backend unreachable'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Pause' })).toBeNull();
  });

  it('lets an admin reconcile now and pause an Available Promise', async () => {
    const { managePromise, onDone } = await render(
      () => AuthorizeResult.ALLOW,
      'Available',
    );
    fireEvent.click(
      await screen.findByRole('button', { name: 'Reconcile now' }),
    );
    await waitFor(() =>
      expect(managePromise).toHaveBeenCalledWith(
        { platform: 'easyeaty', promise: 'jenkins' },
        'rerun',
      ),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    await waitFor(() =>
      expect(managePromise).toHaveBeenLastCalledWith(
        { platform: 'easyeaty', promise: 'jenkins' },
        'pause',
      ),
    );
    expect(onDone).toHaveBeenCalledTimes(2);
    expect(
      screen.queryByRole('button', { name: 'Resume suspended' }),
    ).toBeNull();
  });

  it('offers Resume on a paused Promise and Resume suspended on a suspended one', async () => {
    const paused = await render(() => AuthorizeResult.ALLOW, 'Paused');
    fireEvent.click(await screen.findByRole('button', { name: 'Resume' }));
    await waitFor(() =>
      expect(paused.managePromise).toHaveBeenCalledWith(
        { platform: 'easyeaty', promise: 'jenkins' },
        'resume',
      ),
    );
  });

  it('resumes a suspended workflow', async () => {
    const suspended = await render(() => AuthorizeResult.ALLOW, 'Suspended');
    fireEvent.click(
      await screen.findByRole('button', { name: 'Resume suspended' }),
    );
    await waitFor(() =>
      expect(suspended.managePromise).toHaveBeenCalledWith(
        { platform: 'easyeaty', promise: 'jenkins' },
        'resume-suspended',
      ),
    );
  });
});
