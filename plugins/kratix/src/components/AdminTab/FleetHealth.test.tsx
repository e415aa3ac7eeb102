import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import {
  FleetHealth as FleetHealthView,
  requestEntityName,
  toFleetHealth,
} from '@kratix-backstage/plugin-kratix-common';
import { kratixApiRef } from '../../api/KratixApi';
import { fakeKratixApi } from '../../__testUtils__/fakeKratixApi';
import { rootRouteRef } from '../../routes';
import { FleetHealth } from './FleetHealth';

jest.setTimeout(30_000);
const slow = { timeout: 15_000 };

// Rows as the backend words them from Kratix's conditions (see kratix-common fleetProblems).
const health: FleetHealthView = toFleetHealth(
  [
    {
      platform: 'prod',
      kind: 'pipeline-failed',
      subject: {
        kind: 'Request',
        name: 'payments-db',
        namespace: 'team-payments',
        promise: 'postgresql',
      },
      message: 'A Configure Pipeline has failed: backup-configure',
      since: '2026-11-20T10:02:11Z',
    },
    {
      platform: 'prod',
      kind: 'paused',
      subject: { kind: 'Promise', name: 'redis' },
      message: 'Reconciliation paused (kratix.io/paused: "true")',
    },
    {
      platform: 'prod',
      kind: 'older-revision',
      subject: {
        kind: 'Request',
        name: 'sessions',
        namespace: 'team-checkout',
        promise: 'redis',
      },
      message: 'On version v0.1.0 (pinned to v0.1.0); latest is v0.2.0',
    },
    {
      platform: 'prod',
      kind: 'destination-writer-error',
      subject: { kind: 'Destination', name: 'on-prem-edge' },
      message:
        'StateStoreWriteFailed: Failed to write test documents to State Store: bucket unreachable',
    },
    {
      platform: 'prod',
      kind: 'state-store-error',
      subject: { kind: 'StateStore', name: 'minio' },
      message:
        'BucketStateStore: SecretNotFound: Secret minio-credentials not found in namespace default',
    },
  ],
  [
    {
      platform: 'easyeaty',
      message: 'Read from git, where Kratix writes no status.',
    },
  ],
  [{ platform: 'down', message: 'Platform down unreachable: ECONNREFUSED' }],
);

const render = (getFleetHealth: () => Promise<FleetHealthView>) =>
  renderInTestApp(
    <TestApiProvider apis={[[kratixApiRef, fakeKratixApi({ getFleetHealth })]]}>
      <FleetHealth />
    </TestApiProvider>,
    {
      mountedRoutes: {
        '/kratix': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );

describe('FleetHealth', () => {
  it('counts each kind and lists each problem with a link to where it is fixed', async () => {
    await render(async () => health);
    await waitFor(() => screen.getByText('Fleet health'), slow);
    const counts = screen.getByLabelText('problem counts');
    expect(
      within(counts).getByText('Failing pipelines: 1'),
    ).toBeInTheDocument();
    expect(
      within(counts).getByText('Requests on older revisions: 1'),
    ).toBeInTheDocument();
    expect(
      within(counts).getByText('Unhealthy requests: 0'),
    ).toBeInTheDocument();

    const rows = screen.getAllByRole('row').slice(1);
    expect(rows).toHaveLength(5);
    const link = (row: HTMLElement, name: string) =>
      within(row).getByRole('link', { name }).getAttribute('href');
    expect(within(rows[0]).getByText('Failing pipelines')).toBeInTheDocument();
    expect(link(rows[0], 'postgresql team-payments/payments-db')).toBe(
      `/catalog/default/component/${requestEntityName(
        'prod',
        'postgresql',
        'team-payments',
        'payments-db',
      )}`,
    );
    expect(
      within(rows[0]).getByText(
        new Date('2026-11-20T10:02:11Z').toLocaleString(),
      ),
    ).toBeInTheDocument();
    expect(link(rows[1], 'redis')).toBe('/kratix/promises/prod/redis');
    expect(link(rows[2], 'redis team-checkout/sessions')).toMatch(
      /^\/catalog\/default\/component\//,
    );
    expect(link(rows[3], 'on-prem-edge')).toBe(
      '/kratix/clusters/prod/on-prem-edge',
    );
    expect(link(rows[4], 'minio')).toBe('/kratix/admin#state-stores');

    expect(
      screen.getByText(/Could not read platform down/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/What platform easyeaty cannot show/),
    ).toBeInTheDocument();
  });

  it('says when there is nothing to fix', async () => {
    await render(async () => toFleetHealth([]));
    await waitFor(
      () => screen.getByText('Nothing to fix on the platforms you administer.'),
      slow,
    );
    expect(screen.getByText('Failing pipelines: 0')).toBeInTheDocument();
  });

  it('shows an error panel, not a blank, when the fleet cannot be read', async () => {
    await render(async () => {
      throw new Error('Not allowed: kratix.platform.read');
    });
    await waitFor(
      () => screen.getByText(/Could not read the health of the fleet/),
      slow,
    );
    expect(
      screen.getAllByText(/Not allowed: kratix.platform.read/)[0],
    ).toBeInTheDocument();
  });
});
