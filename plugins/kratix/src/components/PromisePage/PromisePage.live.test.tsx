import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  MockPermissionApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { act, screen, within } from '@testing-library/react';
import { kratixApiRef } from '../../api/KratixApi';
import { fakeKratixApi } from '../../__testUtils__/fakeKratixApi';
import { FakeSignalApi } from '../../hooks/__testUtils__/fakeSignalApi';
import { rootRouteRef } from '../../routes';
import { PromiseView } from './PromisePage';

jest.setTimeout(30_000);
const slow = { timeout: 15_000 };

const webApp: any = {
  platform: 'easyeaty',
  name: 'web-app',
  version: 'v0.3.0',
  availability: 'Available',
  kind: 'WebApp',
  group: 'platform.easyeaty.io',
  hasApi: true,
  categories: [],
  requiredPromises: [],
  requestCount: 1,
  status: {
    availability: 'Available',
    conditions: [],
    requirements: [],
    requiredBy: [],
    workflow: { pipelines: [], source: 'none' },
    catchUp: { updating: false, neverObserved: false },
  },
  api: {
    group: 'platform.easyeaty.io',
    version: 'v1',
    kind: 'WebApp',
    plural: 'webapps',
    scope: 'Namespaced',
    schema: { type: 'object', properties: {} },
  },
  dependencies: [],
  destinationSelectors: [],
  pipelines: [],
  requiredBy: [],
  eligibleDestinations: [],
  workerResources: [],
  promise: {},
};

const storefront = (phase: string) => ({
  items: [
    {
      platform: 'easyeaty',
      promise: 'web-app',
      namespace: 'team-checkout',
      name: 'storefront',
      phase,
    } as any,
  ],
  totalCount: 1,
  page: 1,
  pageSize: 20,
  errors: [],
});

/** What the backend broadcasts: the kinds that changed, never which request. */
const changed = (...kinds: string[]) => ({
  platform: 'easyeaty',
  changed: kinds,
});

describe('PromiseView, live', () => {
  it('runs its server-paged requests query again when a request on its platform changes', async () => {
    const signals = new FakeSignalApi();
    let phase = 'Pending';
    const getRequests = jest.fn(async () => storefront(phase));
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            kratixApiRef,
            fakeKratixApi({ getPromise: async () => webApp, getRequests }),
          ],
          [signalApiRef, signals],
          [permissionApiRef, new MockPermissionApi()],
        ]}
      >
        <PromiseView platform="easyeaty" name="web-app" />
      </TestApiProvider>,
      {
        mountedRoutes: {
          '/kratix': rootRouteRef,
          '/catalog/:namespace/:kind/:name': entityRouteRef,
        },
      },
    );
    const row = (
      await screen.findByText('team-checkout/storefront', {}, slow)
    ).closest('tr')!;
    expect(within(row).getByText('Pending')).toBeInTheDocument();
    expect(signals.channels()).toEqual(['kratix:easyeaty']);
    const calls = getRequests.mock.calls.length;

    act(() => signals.push('kratix:easyeaty', changed('health')));
    expect(getRequests).toHaveBeenCalledTimes(calls);

    phase = 'Ready';
    act(() => signals.push('kratix:easyeaty', changed('request')));
    expect(await screen.findByText('Ready', {}, slow)).toBeInTheDocument();
    expect(getRequests.mock.calls.length).toBeGreaterThan(calls);
  });
});
