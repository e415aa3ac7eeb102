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
import { MarketplaceListing } from '@kratix-backstage/plugin-kratix-common';
import {
  KratixApi,
  kratixApiRef,
  MarketplaceInstallResult,
} from '../../api/KratixApi';
import { fakeKratixApi } from '../../__testUtils__/fakeKratixApi';
import { failingPermissionApi } from '../../__testUtils__/permissionApis';
import { Marketplace } from './Marketplace';

// A table and a dialog on a loaded 2-core CI machine.
jest.setTimeout(30_000);

const listing: MarketplaceListing[] = [
  {
    name: 'redis',
    url: 'https://github.com/syntasso/kratix-marketplace/tree/main/redis',
    categories: ['Data'],
    version: 'v0.1.0',
    installed: false,
  },
  {
    name: 'jenkins',
    url: 'https://github.com/syntasso/kratix-marketplace/tree/main/jenkins',
    categories: ['CI/CD'],
    version: 'v1.3.0',
    installed: true,
    installedVersion: 'v1.2.0',
    upgradeTo: 'v1.3.0',
  },
  {
    name: 'vault',
    url: 'https://github.com/syntasso/kratix-marketplace/tree/main/vault',
    categories: ['Security'],
    version: 'v0.2.0',
    installed: true,
    installedVersion: 'v0.2.0',
  },
  {
    name: 'kafka',
    url: 'https://github.com/syntasso/kratix-marketplace/tree/main/kafka',
    categories: ['Messaging'],
    installed: false,
  },
];

type Install = jest.Mock<
  Promise<MarketplaceInstallResult>,
  Parameters<KratixApi['installPromise']>
>;

/** An install that answers a dry run as a gitops platform does, and a real one with a commit. */
function gitopsInstall(
  answer: Partial<MarketplaceInstallResult> = {},
): Install {
  return jest.fn(async (_platform, name, options) => ({
    action: 'created',
    kind: 'Promise',
    promise: name,
    path: `platform/promises/${name}.yaml`,
    mode: 'gitops',
    source: `bundled:${name}`,
    dryRun: !!options?.dryRun,
    ...(!options?.dryRun && { commit: 'abc123' }),
    ...answer,
  }));
}

async function renderMarketplace(
  installPromise: KratixApi['installPromise'],
  getMarketplace: KratixApi['getMarketplace'] = async () => ({
    platform: 'easyeaty',
    categories: ['CI/CD', 'Data', 'Messaging', 'Security'],
    items: listing,
  }),
  permissions: PermissionApi = new MockPermissionApi(),
) {
  const post = jest.fn();
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [kratixApiRef, fakeKratixApi({ getMarketplace, installPromise })],
        [alertApiRef, { post, alert$: jest.fn() } as any],
        [permissionApiRef, permissions],
      ]}
    >
      <Marketplace />
    </TestApiProvider>,
  );
  return { post };
}

/** The table row that names a Promise. */
async function row(name: string): Promise<HTMLElement> {
  const cell = await screen.findByText(name);
  return cell.closest('tr') as HTMLElement;
}

describe('Marketplace', () => {
  it("shows each Promise's available and installed versions, and Upgrade only where the marketplace's is newer", async () => {
    await renderMarketplace(gitopsInstall());
    expect(
      screen.getByRole('columnheader', { name: 'Available version' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('columnheader', { name: 'Installed version' }),
    ).toBeInTheDocument();

    const redis = await row('redis');
    expect(redis).toHaveTextContent('v0.1.0');
    expect(redis).toHaveTextContent('not installed');
    expect(
      within(redis).getByRole('button', { name: 'Install redis' }),
    ).toBeInTheDocument();

    const jenkins = await row('jenkins');
    expect(jenkins).toHaveTextContent('v1.3.0');
    expect(jenkins).toHaveTextContent('v1.2.0');
    expect(
      within(jenkins).getByRole('button', {
        name: 'Upgrade jenkins to v1.3.0',
      }),
    ).toHaveTextContent('Upgrade to v1.3.0');

    // Installed at the version the marketplace offers: nothing to do.
    const vault = await row('vault');
    expect(within(vault).queryByRole('button')).toBeNull();
    expect(vault).toHaveTextContent('v0.2.0');

    const kafka = await row('kafka');
    expect(kafka).toHaveTextContent('not stated');
    expect(
      within(kafka).getByRole('button', { name: 'Install kafka' }),
    ).toBeInTheDocument();
  });

  it('asks for confirmation, showing the version and the file the install commits, before installing', async () => {
    const install = gitopsInstall({ version: 'v0.1.0' });
    const { post } = await renderMarketplace(install);
    fireEvent.click(
      within(await row('redis')).getByRole('button', { name: 'Install redis' }),
    );

    const dialog = await screen.findByRole('dialog', {
      name: 'Install Promise redis v0.1.0 on easyeaty?',
    });
    await waitFor(() =>
      expect(dialog).toHaveTextContent(
        'Commits platform/promises/redis.yaml to the platform repository',
      ),
    );
    expect(dialog).toHaveTextContent('Version: v0.1.0');
    expect(dialog).toHaveTextContent('Source: bundled:redis');
    // Only the dry run so far: nothing is written until the admin confirms.
    expect(install.mock.calls).toEqual([
      ['easyeaty', 'redis', { dryRun: true }],
    ]);

    fireEvent.click(within(dialog).getByRole('button', { name: 'Install' }));
    await waitFor(() =>
      expect(install.mock.calls).toEqual([
        ['easyeaty', 'redis', { dryRun: true }],
        ['easyeaty', 'redis'],
      ]),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(post).toHaveBeenCalledWith(
      expect.objectContaining({
        message:
          'Installed Promise redis v0.1.0 on easyeaty (committed platform/promises/redis.yaml)',
        severity: 'success',
      }),
    );
  });

  it('says which version an upgrade moves from and to, and writes nothing when cancelled', async () => {
    const install = gitopsInstall({
      action: 'updated',
      version: 'v1.3.0',
      installedVersion: 'v1.2.0',
    });
    await renderMarketplace(install);
    fireEvent.click(
      within(await row('jenkins')).getByRole('button', {
        name: 'Upgrade jenkins to v1.3.0',
      }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Upgrade Promise jenkins v1.3.0 on easyeaty?',
    });
    await waitFor(() =>
      expect(dialog).toHaveTextContent('Version: v1.2.0 → v1.3.0'),
    );
    expect(dialog).toHaveTextContent(
      'Commits platform/promises/jenkins.yaml to the platform repository',
    );
    expect(
      within(dialog).getByRole('button', { name: 'Upgrade' }),
    ).toBeEnabled();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(install.mock.calls).toEqual([
      ['easyeaty', 'jenkins', { dryRun: true }],
    ]);
  });

  it('says a platform without git applies the Promise through the API', async () => {
    await renderMarketplace(
      gitopsInstall({ path: undefined, mode: 'kubernetes', version: 'v0.1.0' }),
    );
    fireEvent.click(
      within(await row('redis')).getByRole('button', { name: 'Install redis' }),
    );
    const dialog = await screen.findByRole('dialog');
    await waitFor(() =>
      expect(dialog).toHaveTextContent(
        'Applies the Promise to the platform cluster through its API',
      ),
    );
  });

  it('offers no install when the dry run fails, and says why', async () => {
    const install: Install = jest.fn<
      Promise<MarketplaceInstallResult>,
      Parameters<KratixApi['installPromise']>
    >(async () => {
      throw new Error('url: bundled:redis is not a Promise');
    });
    await renderMarketplace(install);
    fireEvent.click(
      within(await row('redis')).getByRole('button', { name: 'Install redis' }),
    );
    const dialog = await screen.findByRole('dialog');
    await waitFor(() =>
      expect(dialog).toHaveTextContent(
        'The dry run failed, so nothing can be installed: url: bundled:redis is not a Promise',
      ),
    );
    expect(
      within(dialog).getByRole('button', { name: 'Install' }),
    ).toBeDisabled();
    expect(install).toHaveBeenCalledTimes(1);
  });

  it('keeps the dialog open with the error when the install itself fails', async () => {
    const install: Install = jest.fn(async (_platform, name, options) => {
      if (!options?.dryRun) throw new Error('Platform easyeaty unreachable');
      return {
        action: 'created',
        promise: name,
        path: `platform/promises/${name}.yaml`,
        mode: 'gitops',
        dryRun: true,
      };
    });
    await renderMarketplace(install);
    fireEvent.click(
      within(await row('redis')).getByRole('button', { name: 'Install redis' }),
    );
    const dialog = await screen.findByRole('dialog');
    const confirm = within(dialog).getByRole('button', { name: 'Install' });
    await waitFor(() => expect(confirm).toBeEnabled());
    fireEvent.click(confirm);
    await waitFor(() =>
      expect(dialog).toHaveTextContent(
        'Could not install redis: Platform easyeaty unreachable',
      ),
    );
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });

  // usePermission caches each decision by permission and resource for the test file's life:
  // these tests name their own platforms.
  const on = (platform: string) => async () => ({
    platform,
    categories: ['CI/CD', 'Data', 'Messaging', 'Security'],
    items: listing,
  });

  it("asks kratix.promise.install on the marketplace's target platform, as the install route does", async () => {
    const asked: any[] = [];
    await renderMarketplace(
      gitopsInstall(),
      on('allowed-target'),
      new MockPermissionApi(request => {
        asked.push(request);
        return AuthorizeResult.ALLOW;
      }),
    );
    const redis = await row('redis');
    expect(
      within(redis).getByRole('button', { name: 'Install redis' }),
    ).toBeEnabled();
    expect(asked).toContainEqual(
      expect.objectContaining({
        permission: expect.objectContaining({ name: 'kratix.promise.install' }),
        resourceRef: 'allowed-target',
      }),
    );
  });

  it("offers no install or upgrade to who is not the platform's admin, and says why", async () => {
    const install = gitopsInstall();
    await renderMarketplace(
      install,
      on('denied-target'),
      new MockPermissionApi(() => AuthorizeResult.DENY),
    );
    const redis = await row('redis');
    expect(
      within(redis).getByRole('button', { name: 'Install redis' }),
    ).toBeDisabled();
    expect(
      within(redis).getByTitle(
        'Only a platform admin of denied-target can install or upgrade Promises',
      ),
    ).toBeInTheDocument();
    const jenkins = await row('jenkins');
    expect(
      within(jenkins).getByRole('button', {
        name: 'Upgrade jenkins to v1.3.0',
      }),
    ).toBeDisabled();
    expect(install).not.toHaveBeenCalled();
  });

  it('says the check failed, with no install button, when the permission check fails', async () => {
    await renderMarketplace(
      gitopsInstall(),
      on('failed-target'),
      failingPermissionApi(),
    );
    expect(
      await screen.findByText(
        'Error: Could not check whether you may install Promises on failed-target',
      ),
    ).toBeInTheDocument();
    const redis = await row('redis');
    expect(
      within(redis).getByRole('button', { name: 'Install redis' }),
    ).toBeDisabled();
  });
});
