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

const ci: KratixLiveTarget = 'request';
/** What the backend broadcasts: the kinds that changed, never which request. */
const ciChanged = { platform: 'easyeaty', changed: ['request'] };

function withApis(apis: any[]) {
  return ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={apis as any}>{children}</TestApiProvider>
  );
}

describe('useKratixLive', () => {
  afterEach(() => jest.useRealTimers());

  it('calls back at once on a signal of a kind the page shows, and not on another kind', () => {
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
        changed: ['destination', 'health'],
      }),
    );
    act(() => signals.push('kratix:easyeaty', { not: 'a kratix message' }));
    // The former message shape, which named requests, is not read any more.
    act(() =>
      signals.push('kratix:easyeaty', {
        platform: 'easyeaty',
        changes: [{ kind: 'request', promise: 'jenkins', name: 'ci' }],
      }),
    );
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
      () => useKratixLive(undefined, 'promise', onChange),
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
        changed: ['request'],
      }),
    );
    expect(onChange).toHaveBeenCalledTimes(1);
    unmount();
    expect(signals.channels()).toEqual([]);
  });

  it('does nothing, and asks nothing of the Kratix API, when the signals API is not installed', () => {
    const getPlatforms = jest.fn(fakeKratixApi().getPlatforms);
    const { result } = renderHook(
      () => useKratixLive(undefined, 'health', jest.fn()),
      {
        wrapper: withApis([[kratixApiRef, fakeKratixApi({ getPlatforms })]]),
      },
    );
    expect(result.current).toBe(false);
    expect(getPlatforms).not.toHaveBeenCalled();
  });
});
