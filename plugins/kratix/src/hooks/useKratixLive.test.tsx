import { ReactNode } from 'react';
import { TestApiProvider } from '@backstage/test-utils';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { act, renderHook, waitFor } from '@testing-library/react';
import { kratixApiRef } from '../api/KratixApi';
import { fakeKratixApi } from '../__testUtils__/fakeKratixApi';
import { FakeSignalApi } from './__testUtils__/fakeSignalApi';
import {
  KRATIX_LIVE_RELOAD_INTERVAL_MS,
  KratixLiveTarget,
  useKratixLive,
} from './useKratixLive';

const ci: KratixLiveTarget = {
  kind: 'request',
  promise: 'jenkins',
  namespace: 'team-checkout',
  name: 'ci',
};
const ciChanged = {
  platform: 'easyeaty',
  changes: [{ ...ci, phase: 'Ready' }],
};

function withApis(apis: any[]) {
  return ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={apis as any}>{children}</TestApiProvider>
  );
}

describe('useKratixLive', () => {
  afterEach(() => jest.useRealTimers());

  it('calls back at once on a message that concerns the page, and not on one that does not', () => {
    const signals = new FakeSignalApi();
    const onChange = jest.fn();
    const { result } = renderHook(
      () => useKratixLive('easyeaty', ci, onChange),
      {
        wrapper: withApis([
          [kratixApiRef, fakeKratixApi()],
          [signalApiRef, signals],
        ]),
      },
    );
    expect(result.current).toBe(true);
    expect(signals.channels()).toEqual(['kratix:easyeaty']);
    act(() =>
      signals.push('kratix:easyeaty', {
        platform: 'easyeaty',
        changes: [{ ...ci, name: 'other' }, { kind: 'health' }],
      }),
    );
    act(() => signals.push('kratix:easyeaty', { not: 'a kratix message' }));
    expect(onChange).not.toHaveBeenCalled();
    act(() => signals.push('kratix:easyeaty', ciChanged));
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('coalesces a burst into one call at once and one when the window ends', () => {
    jest.useFakeTimers();
    const signals = new FakeSignalApi();
    const onChange = jest.fn();
    renderHook(() => useKratixLive('easyeaty', ci, onChange), {
      wrapper: withApis([
        [kratixApiRef, fakeKratixApi()],
        [signalApiRef, signals],
      ]),
    });
    act(() => {
      for (let i = 0; i < 1000; i++) signals.push('kratix:easyeaty', ciChanged);
    });
    expect(onChange).toHaveBeenCalledTimes(1);
    act(() => jest.advanceTimersByTime(KRATIX_LIVE_RELOAD_INTERVAL_MS));
    expect(onChange).toHaveBeenCalledTimes(2);
    // Nothing more arrived: the burst cost two calls in all.
    act(() => jest.advanceTimersByTime(KRATIX_LIVE_RELOAD_INTERVAL_MS * 4));
    expect(onChange).toHaveBeenCalledTimes(2);
  });

  it('listens on every configured platform when given none, and stops listening on unmount', async () => {
    const signals = new FakeSignalApi();
    const onChange = jest.fn();
    const { unmount } = renderHook(
      () => useKratixLive(undefined, { kind: 'promise' }, onChange),
      {
        wrapper: withApis([
          [kratixApiRef, fakeKratixApi()],
          [signalApiRef, signals],
        ]),
      },
    );
    await waitFor(() =>
      expect(signals.channels()).toEqual([
        'kratix:easyeaty',
        'kratix:eks-platform',
      ]),
    );
    act(() =>
      signals.push('kratix:eks-platform', {
        platform: 'eks-platform',
        changes: [{ kind: 'promise', name: 'redis' }],
      }),
    );
    expect(onChange).toHaveBeenCalledTimes(1);
    unmount();
    expect(signals.channels()).toEqual([]);
  });

  it('does nothing, and asks nothing of the Kratix API, when the signals API is not installed', () => {
    const getPlatforms = jest.fn(fakeKratixApi().getPlatforms);
    const { result } = renderHook(
      () => useKratixLive(undefined, { kind: 'health' }, jest.fn()),
      {
        wrapper: withApis([[kratixApiRef, fakeKratixApi({ getPlatforms })]]),
      },
    );
    expect(result.current).toBe(false);
    expect(getPlatforms).not.toHaveBeenCalled();
  });
});
