import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  PermissionApi,
  permissionApiRef,
} from '@backstage/plugin-permission-react';
import {
  MockPermissionApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { kratixApiRef } from '../../api/KratixApi';
import { fakeKratixApi } from '../../__testUtils__/fakeKratixApi';
import { failingPermissionApi } from '../../__testUtils__/permissionApis';
import { KratixPage } from './KratixPage';

describe('KratixPage', () => {
  it('shows platform health in the header and Promises and clusters in tabs', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [kratixApiRef, fakeKratixApi()],
          [permissionApiRef, new MockPermissionApi()],
        ]}
      >
        <KratixPage />
      </TestApiProvider>,
    );
    const header = screen.getByRole('banner');
    expect(await screen.findByText('EasyEaty (gitops)')).toBeInTheDocument();
    expect(header).toHaveTextContent(
      'platform eks-platform unreachable: last error connect ECONNREFUSED',
    );

    expect(await screen.findByText('jenkins')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('tab', { name: 'Clusters' }));
    expect(await screen.findByText('on-prem-edge')).toBeInTheDocument();
    expect(screen.queryByText('jenkins')).not.toBeInTheDocument();
  });

  it('says no platform is configured, with the configuration to add, instead of empty tables', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [kratixApiRef, fakeKratixApi({ getPlatforms: async () => [] })],
          [permissionApiRef, new MockPermissionApi()],
        ]}
      >
        <KratixPage />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('No Kratix platform configured'),
    ).toBeInTheDocument();
    expect(document.body.textContent).toContain('embedded: {}');
    expect(
      screen.queryByRole('tab', { name: 'Clusters' }),
    ).not.toBeInTheDocument();
  });

  async function renderAs(permissions: PermissionApi) {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [kratixApiRef, fakeKratixApi()],
          [permissionApiRef, permissions],
        ]}
      >
        <KratixPage />
      </TestApiProvider>,
    );
    expect(await screen.findByText('jenkins')).toBeInTheDocument();
  }

  it("lists the Platform admin tab for a platform's admins (kratix.promise.install on it)", async () => {
    const asked: any[] = [];
    await renderAs(
      new MockPermissionApi(request => {
        asked.push(request);
        return AuthorizeResult.ALLOW;
      }),
    );
    expect(
      await screen.findByRole('tab', { name: 'Platform admin' }),
    ).toBeInTheDocument();
    expect(asked).toContainEqual(
      expect.objectContaining({
        permission: expect.objectContaining({ name: 'kratix.promise.install' }),
        resourceRef: 'easyeaty',
      }),
    );
  });

  it('lists no Platform admin tab for anyone else', async () => {
    const decide = jest.fn((): AuthorizeResult.DENY => AuthorizeResult.DENY);
    await renderAs(new MockPermissionApi(decide));
    await waitFor(() => expect(decide).toHaveBeenCalled());
    await new Promise(r => setTimeout(r, 50));
    expect(screen.getByRole('tab', { name: 'Clusters' })).toBeInTheDocument();
    expect(
      screen.queryByRole('tab', { name: 'Platform admin' }),
    ).not.toBeInTheDocument();
  });

  it('lists the tab when the admin check fails, and the tab shows that error', async () => {
    await renderAs(failingPermissionApi());
    fireEvent.click(await screen.findByRole('tab', { name: 'Platform admin' }));
    expect(
      await screen.findByText(
        /Could not check whether you administer a platform/,
      ),
    ).toBeInTheDocument();
  });
});
