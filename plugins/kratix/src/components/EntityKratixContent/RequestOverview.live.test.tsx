import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  MockPermissionApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { act, screen } from '@testing-library/react';
import { kratixApiRef } from '../../api/KratixApi';
import { fakeKratixApi } from '../../__testUtils__/fakeKratixApi';
import { FakeSignalApi } from '../../hooks/__testUtils__/fakeSignalApi';
import { RequestOverview } from './RequestOverview';

function requestDetail(phase: string, subPhase: string): any {
  return {
    platform: 'easyeaty',
    promise: 'web-app',
    namespace: 'team-checkout',
    name: 'shop',
    apiVersion: 'marketplace.kratix.io/v1alpha1',
    kind: 'web-app',
    phase,
    status: {
      phase,
      conditions: [],
      workflow: { pipelines: [], source: 'pipelines' },
      catchUp: { updating: false, neverObserved: false },
      health: { state: 'unknown', records: [], source: 'none' },
      pipelineWritten: { values: {}, conditions: [], links: [] },
    },
    conditions: [],
    landed: [],
    subRequests: [
      {
        platform: 'easyeaty',
        promise: 'postgresql',
        namespace: 'team-checkout',
        name: 'shop-db',
        phase: subPhase,
      },
    ],
    pipelineRuns: [],
    request: {},
  };
}

/** What the backend broadcasts (KratixLiveService): the kinds that changed, never which request. */
const changed = (...kinds: string[]) => ({
  platform: 'easyeaty',
  changed: kinds,
});

async function renderLive(answers: any[]) {
  const signals = new FakeSignalApi();
  const getRequest: jest.Mock = jest.fn(async (): Promise<any> => {
    const answer =
      answers[Math.min(getRequest.mock.calls.length, answers.length) - 1];
    if (answer instanceof Error) throw answer;
    return answer;
  });
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [kratixApiRef, fakeKratixApi({ getRequest })],
        [permissionApiRef, new MockPermissionApi(() => AuthorizeResult.DENY)],
        [signalApiRef, signals],
      ]}
    >
      <RequestOverview
        platform="easyeaty"
        promise="web-app"
        namespace="team-checkout"
        name="shop"
      />
    </TestApiProvider>,
    // An entity tab in an app that mounts no Kratix page: the catalog's entity page only.
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  return { signals, getRequest };
}

describe('RequestOverview, live', () => {
  it('reads its request again on a signal that names no request, and shows the new phase it read', async () => {
    const { signals, getRequest } = await renderLive([
      requestDetail('Pending', 'Pending'),
      requestDetail('Ready', 'Pending'),
    ]);
    expect(
      await screen.findByText('web-app team-checkout/shop from Promise', {
        exact: false,
      }),
    ).toBeInTheDocument();
    expect(screen.queryByText('Ready')).not.toBeInTheDocument();
    expect(signals.channels()).toEqual(['kratix:easyeaty']);

    const signal = changed('request');
    // Nothing in the signal says which request, where, whose or in what phase.
    expect(JSON.stringify(signal)).not.toMatch(
      /shop|team-checkout|web-app|Ready|Pending|owner/,
    );
    act(() => signals.push('kratix:easyeaty', signal));

    // The phase comes from the API's answer, read through its permission checks.
    expect(await screen.findByText('Ready')).toBeInTheDocument();
    expect(getRequest).toHaveBeenCalledTimes(2);
    expect(getRequest).toHaveBeenLastCalledWith(
      'easyeaty',
      'web-app',
      'team-checkout',
      'shop',
    );
  });

  it('does not read again on a signal of kinds it does not show', async () => {
    const { signals, getRequest } = await renderLive([
      requestDetail('Pending', 'Pending'),
      requestDetail('Ready', 'Pending'),
    ]);
    await screen.findByText('web-app team-checkout/shop from Promise', {
      exact: false,
    });
    act(() => {
      signals.push('kratix:easyeaty', changed('destination', 'health'));
      signals.push('kratix:easyeaty', changed('promise'));
    });
    // The reload starts in the same tick as the message, so a refetch would show already.
    expect(getRequest).toHaveBeenCalledTimes(1);
    expect(screen.queryByText('Ready')).not.toBeInTheDocument();
  });

  it("shows a sub-request's new phase after a signal, read with the page", async () => {
    const { signals, getRequest } = await renderLive([
      requestDetail('Pending', 'Pending'),
      requestDetail('Pending', 'Failed'),
    ]);
    await screen.findByText('postgresql team-checkout/shop-db');
    expect(screen.queryByText('Failed')).not.toBeInTheDocument();
    act(() => signals.push('kratix:easyeaty', changed('request')));
    expect(await screen.findByText('Failed')).toBeInTheDocument();
    expect(getRequest).toHaveBeenCalledTimes(2);
  });

  it('shows nothing of the request when the re-read is refused (no kratix.platform.read)', async () => {
    const refused = Object.assign(
      new Error('Not allowed: kratix.platform.read'),
      {
        name: 'NotAllowedError',
      },
    );
    const { signals } = await renderLive([
      requestDetail('Pending', 'Pending'),
      refused,
    ]);
    await screen.findByText('postgresql team-checkout/shop-db');
    act(() => signals.push('kratix:easyeaty', changed('request')));
    expect(
      (await screen.findAllByText(/Not allowed: kratix.platform.read/)).length,
    ).toBeGreaterThan(0);
    expect(
      screen.queryByText('postgresql team-checkout/shop-db'),
    ).not.toBeInTheDocument();
  });
});
