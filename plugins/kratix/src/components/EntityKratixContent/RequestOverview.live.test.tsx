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

const change = (promise: string, name: string, phase?: string) => ({
  platform: 'easyeaty',
  changes: [
    { kind: 'request', promise, namespace: 'team-checkout', name, phase },
  ],
});

async function renderLive(answers: any[]) {
  const signals = new FakeSignalApi();
  const getRequest: jest.Mock = jest.fn(
    async (): Promise<any> =>
      answers[Math.min(getRequest.mock.calls.length, answers.length) - 1],
  );
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
  );
  return { signals, getRequest };
}

describe('RequestOverview, live', () => {
  it('listens on its platform channel and re-renders with the new phase after a message about its request', async () => {
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

    act(() =>
      signals.push('kratix:easyeaty', change('web-app', 'shop', 'Ready')),
    );

    expect(await screen.findByText('Ready')).toBeInTheDocument();
    expect(getRequest).toHaveBeenCalledTimes(2);
  });

  it('does not fetch again for a message about another request', async () => {
    const { signals, getRequest } = await renderLive([
      requestDetail('Pending', 'Pending'),
      requestDetail('Ready', 'Pending'),
    ]);
    await screen.findByText('web-app team-checkout/shop from Promise', {
      exact: false,
    });
    act(() => {
      signals.push('kratix:easyeaty', change('web-app', 'cart', 'Ready'));
      signals.push('kratix:easyeaty', change('jenkins', 'shop', 'Ready'));
      signals.push('kratix:easyeaty', {
        platform: 'easyeaty',
        changes: [{ kind: 'destination', name: 'eks' }],
      });
    });
    // The reload starts in the same tick as the message, so a refetch would show already.
    expect(getRequest).toHaveBeenCalledTimes(1);
    expect(screen.queryByText('Ready')).not.toBeInTheDocument();
  });

  it('re-renders when a sub-request it shows changes', async () => {
    const { signals, getRequest } = await renderLive([
      requestDetail('Pending', 'Pending'),
      requestDetail('Pending', 'Failed'),
    ]);
    await screen.findByText('postgresql team-checkout/shop-db');
    expect(screen.queryByText('Failed')).not.toBeInTheDocument();
    act(() =>
      signals.push(
        'kratix:easyeaty',
        change('postgresql', 'shop-db', 'Failed'),
      ),
    );
    expect(await screen.findByText('Failed')).toBeInTheDocument();
    expect(getRequest).toHaveBeenCalledTimes(2);
  });
});
