import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  MockPermissionApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { PromiseRevisionsResponse } from '@kratix-backstage/plugin-kratix-common';
import { KratixApi, kratixApiRef } from '../../api/KratixApi';
import { fakeKratixApi } from '../../__testUtils__/fakeKratixApi';
import { catalogRoutes } from '../../__testUtils__/catalogRoutes';
import { RequestOverview } from './RequestOverview';

/** orders-db, pinned to v1.0.0 by its ResourceBinding, as in the demo. */
const detail: any = {
  platform: 'easyeaty',
  promise: 'postgresql',
  name: 'orders-db',
  namespace: 'team-orders',
  apiVersion: 'marketplace.kratix.io/v1alpha1',
  kind: 'postgresql',
  phase: 'Ready',
  status: {
    phase: 'Ready',
    conditions: [],
    workflow: { pipelines: [], source: 'pipelines' },
    catchUp: { updating: false, neverObserved: false },
    health: { state: 'unknown', records: [], source: 'none' },
    pipelineWritten: { values: {}, conditions: [], links: [] },
  },
  binding: {
    desiredVersion: 'v1.0.0',
    appliedVersion: 'v1.0.0',
    upgrading: false,
  },
  conditions: [],
  landed: [],
  subRequests: [],
  pipelineRuns: [],
  request: {},
};

/** The platform retains v1.1.0 (latest) and v1.0.0 of postgresql. */
const retained: PromiseRevisionsResponse = {
  platform: 'easyeaty',
  promise: 'postgresql',
  available: true,
  latestVersion: 'v1.1.0',
  revisions: [
    {
      name: 'postgresql-v1.1.0',
      version: 'v1.1.0',
      latest: true,
      requests: [],
    },
    {
      name: 'postgresql-v1.0.0',
      version: 'v1.0.0',
      latest: false,
      requests: [],
    },
  ],
};

async function openUpgrade(api: Partial<KratixApi>) {
  const manageRequest = jest.fn(async () => ({ message: 'Upgrading' }));
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [
          kratixApiRef,
          fakeKratixApi({
            getRequest: async () => detail,
            manageRequest,
            ...api,
          }),
        ],
        [permissionApiRef, new MockPermissionApi(() => AuthorizeResult.ALLOW)],
      ]}
    >
      <RequestOverview
        platform="easyeaty"
        promise="postgresql"
        namespace="team-orders"
        name="orders-db"
      />
    </TestApiProvider>,
    { mountedRoutes: catalogRoutes },
  );
  fireEvent.click(await screen.findByRole('button', { name: 'Upgrade' }));
  const dialog = await screen.findByRole('dialog', {
    name: 'Upgrade team-orders/orders-db',
  });
  return { dialog, manageRequest };
}

describe('UpgradeDialog', () => {
  it("offers the Promise's retained versions, starting at the bound one, and upgrades to the one picked", async () => {
    const getPromiseRevisions = jest.fn(async () => retained);
    const { dialog, manageRequest } = await openUpgrade({
      getPromiseRevisions,
    });
    const picker = await within(dialog).findByRole('combobox', {
      name: 'Promise version',
    });
    expect(
      within(picker)
        .getAllByRole('option')
        .map(o => [(o as HTMLOptionElement).value, o.textContent]),
    ).toEqual([
      ['latest', 'latest (follows the newest revision, now v1.1.0)'],
      ['v1.1.0', 'v1.1.0 (newest)'],
      ['v1.0.0', 'v1.0.0'],
    ]);
    expect(picker).toHaveValue('v1.0.0');
    expect(within(dialog).queryByRole('textbox')).toBeNull();
    expect(getPromiseRevisions).toHaveBeenCalledWith('easyeaty', 'postgresql');

    fireEvent.change(picker, { target: { value: 'v1.1.0' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Upgrade' }));
    await waitFor(() =>
      expect(manageRequest).toHaveBeenCalledWith(
        expect.objectContaining({ name: 'orders-db' }),
        'upgrade',
        'v1.1.0',
      ),
    );
  });

  it('says so, and offers nothing to type, where the revisions cannot be read', async () => {
    const { dialog, manageRequest } = await openUpgrade({
      getPromiseRevisions: async () => ({
        platform: 'easyeaty',
        promise: 'postgresql',
        available: false,
        reason: 'Platform easyeaty runs a Kratix without PromiseRevisions',
      }),
    });
    expect(
      await within(dialog).findByText(
        'Info: Cannot offer versions of Promise postgresql to upgrade to',
      ),
    ).toBeInTheDocument();
    expect(dialog).toHaveTextContent(
      'Its revisions could not be read: Platform easyeaty runs a Kratix without PromiseRevisions',
    );
    expect(within(dialog).queryByRole('textbox')).toBeNull();
    expect(within(dialog).queryByRole('combobox')).toBeNull();
    expect(
      within(dialog).queryByRole('button', { name: 'Upgrade' }),
    ).toBeNull();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(manageRequest).not.toHaveBeenCalled();
  });

  it('says why when reading the revisions fails', async () => {
    const { dialog } = await openUpgrade({
      getPromiseRevisions: async () => {
        throw new Error('503 platform easyeaty is unreachable');
      },
    });
    expect(
      await within(dialog).findByText(
        /Its revisions could not be read: 503 platform easyeaty is unreachable/,
      ),
    ).toBeInTheDocument();
    expect(within(dialog).queryByRole('textbox')).toBeNull();
  });
});
