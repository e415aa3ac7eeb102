import { alertApiRef } from '@backstage/core-plugin-api';
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
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { toFleetHealth } from '@kratix-backstage/plugin-kratix-common';
import { KratixApi, kratixApiRef } from '../../api/KratixApi';
import { fakeKratixApi } from '../../__testUtils__/fakeKratixApi';
import { failingPermissionApi } from '../../__testUtils__/permissionApis';
import { AdminTab } from './AdminTab';

// The tab renders several tables: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);
const slow = { timeout: 15_000 };

const api = (
  installPromise: KratixApi['installPromise'] = jest.fn(async () => ({
    action: 'created',
    promise: 'redis',
    version: 'v0.1.0',
  })),
) =>
  fakeKratixApi({
    getStateStores: async () => ({
      items: [
        {
          platform: 'easyeaty',
          name: 'default',
          kind: 'GitStateStore',
          location: { url: 'file://./', branch: 'main', path: 'state/' },
          authMethod: 'basicAuth',
          ready: { ready: true, state: 'Ready', reason: 'StateStoreReady' },
          destinations: ['eks', 'gke'],
        },
      ],
      errors: [],
    }),
    getMarketplace: async () => ({
      platform: 'easyeaty',
      categories: ['CI/CD', 'Data'],
      items: [
        {
          name: 'redis',
          url: 'x',
          categories: ['Data'],
          installed: false,
          description: 'Redis',
        },
        {
          name: 'jenkins',
          url: 'y',
          categories: ['CI/CD'],
          installed: true,
          installedVersion: 'v1.2.0',
          version: 'v1.3.0',
          upgradeTo: 'v1.3.0',
        },
      ],
    }),
    installPromise,
    getFleetHealth: async () => toFleetHealth([]),
  });

async function render(
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY | PermissionApi,
  kratix = api(),
) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [kratixApiRef, kratix],
        [
          permissionApiRef,
          typeof result === 'object'
            ? result
            : new MockPermissionApi(() => result),
        ],
        [alertApiRef, { post: jest.fn(), alert$: jest.fn() } as any],
      ]}
    >
      <AdminTab />
    </TestApiProvider>,
  );
}

describe('AdminTab', () => {
  it('shows state stores and the marketplace to admins, installing after a dry run and a confirmation', async () => {
    const install = jest.fn(
      async (
        _platform: string,
        _name: string,
        options?: { dryRun?: boolean },
      ) => ({
        action: 'created',
        promise: 'redis',
        version: 'v0.1.0',
        path: 'platform/promises/redis.yaml',
        mode: 'gitops',
        dryRun: !!options?.dryRun,
      }),
    );
    await render(AuthorizeResult.ALLOW, api(install));
    expect(
      await screen.findByText('GitStateStore/default'),
    ).toBeInTheDocument();
    expect(screen.getByText('eks, gke')).toBeInTheDocument();
    expect(await screen.findByText('redis')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Install redis' }));
    const dialog = await screen.findByRole('dialog');
    await waitFor(() =>
      expect(dialog).toHaveTextContent(
        'Commits platform/promises/redis.yaml to the platform repository',
      ),
    );
    expect(install).toHaveBeenCalledTimes(1);
    expect(install).toHaveBeenCalledWith('easyeaty', 'redis', { dryRun: true });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Install' }));
    await waitFor(() =>
      expect(install).toHaveBeenLastCalledWith('easyeaty', 'redis'),
    );
  });

  it('shows what the platforms declare twice in a warning panel, and the Promise releases', async () => {
    const kratix = api();
    kratix.getPlatforms = async () => [
      {
        name: 'easyeaty',
        title: 'EasyEaty',
        mode: 'gitops',
        health: {
          connected: true,
          problems: [
            {
              kind: 'duplicate-promise',
              message:
                'Promise "postgresql" is declared 2 times (platform/promises/postgresql.yaml, platform/promises/zz-postgresql-again.yaml); serving the one in platform/promises/postgresql.yaml (the first by file path) and ignoring platform/promises/zz-postgresql-again.yaml',
              paths: [
                'platform/promises/postgresql.yaml',
                'platform/promises/zz-postgresql-again.yaml',
              ],
            },
          ],
        },
      },
    ];
    kratix.getPromiseReleases = async () => ({
      items: [
        {
          platform: 'easyeaty',
          name: 'jenkins-release',
          version: 'v1.2.0',
          sourceType: 'http',
          sourceUrl: 'https://example.org/jenkins/promise.yaml',
          promise: 'jenkins',
        },
      ],
      errors: [],
    });
    await render(AuthorizeResult.ALLOW, kratix);
    expect(
      await screen.findByText(
        /1 problem in what the platform declares/,
        {},
        slow,
      ),
    ).toBeInTheDocument();
    const problems = screen.getByRole('list', { name: 'platform problems' });
    expect(problems).toHaveTextContent(
      'Promise declared twice (platform easyeaty):',
    );
    expect(problems).toHaveTextContent(
      'serving the one in platform/promises/postgresql.yaml (the first by file path)',
    );
    expect(problems).toHaveTextContent(
      'Files: platform/promises/postgresql.yaml, platform/promises/zz-postgresql-again.yaml',
    );
    expect(
      await screen.findByText('jenkins-release', {}, slow),
    ).toBeInTheDocument();
    expect(
      screen.getByText('https://example.org/jenkins/promise.yaml'),
    ).toBeInTheDocument();
  });

  it('shows no problem panel when the platforms are clean', async () => {
    await render(AuthorizeResult.ALLOW);
    expect(
      await screen.findByText('GitStateStore/default', {}, slow),
    ).toBeInTheDocument();
    // The fleet's health comes first, and says there is nothing to fix.
    expect(
      await screen.findByText(
        'Nothing to fix on the platforms you administer.',
        {},
        slow,
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/in what the platform declares/),
    ).not.toBeInTheDocument();
  });

  it('tells non-admins to ask their platform team', async () => {
    await render(AuthorizeResult.DENY);
    expect(await screen.findByText(/Only platform admins/)).toBeInTheDocument();
  });

  it('shows an error panel, not a blank tab, when the admin check fails', async () => {
    await render(failingPermissionApi());
    expect(
      await screen.findByText(
        /Could not check whether you administer a platform/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/permission backend unreachable/).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByText(/Only platform admins/)).not.toBeInTheDocument();
  });
});
