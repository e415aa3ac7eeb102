import { signalApiRef } from '@backstage/plugin-signals-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { act, screen, waitFor, within } from '@testing-library/react';
import { kratixApiRef } from '../../api/KratixApi';
import { fakeKratixApi } from '../../__testUtils__/fakeKratixApi';
import { FakeSignalApi } from '../../hooks/__testUtils__/fakeSignalApi';
import { PromisesTable } from './PromisesTable';

function redis(availability: string) {
  return {
    items: [
      {
        platform: 'eks-platform',
        name: 'redis',
        version: 'v0.2.0',
        availability,
        kind: 'redis',
        group: 'marketplace.kratix.io',
        hasApi: true,
        categories: [],
        requiredPromises: [],
        requestCount: 0,
      },
    ],
    errors: [],
  };
}

describe('PromisesTable, live', () => {
  it("listens on every platform's channel and reloads on a Promise change, not on a cluster change", async () => {
    const signals = new FakeSignalApi();
    const answers = [redis('Unavailable'), redis('Available')];
    const getPromises: jest.Mock = jest.fn(
      async (): Promise<any> =>
        answers[Math.min(getPromises.mock.calls.length, 2) - 1],
    );
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [kratixApiRef, fakeKratixApi({ getPromises })],
          [signalApiRef, signals],
        ]}
      >
        <PromisesTable />
      </TestApiProvider>,
    );
    const row = (await screen.findByText('redis')).closest('tr')!;
    expect(within(row).getByText('Unavailable')).toBeInTheDocument();
    await waitFor(() =>
      expect(signals.channels()).toEqual([
        'kratix:easyeaty',
        'kratix:eks-platform',
      ]),
    );

    act(() =>
      signals.push('kratix:eks-platform', {
        platform: 'eks-platform',
        changed: ['destination'],
      }),
    );
    expect(getPromises).toHaveBeenCalledTimes(1);

    act(() =>
      signals.push('kratix:eks-platform', {
        platform: 'eks-platform',
        changed: ['promise'],
      }),
    );
    expect(await screen.findByText('Available')).toBeInTheDocument();
    expect(getPromises).toHaveBeenCalledTimes(2);
  });
});
