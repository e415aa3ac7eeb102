import { act, renderHook, waitFor } from '@testing-library/react';
import { useReloadableAsync } from './useReloadableAsync';

describe('useReloadableAsync', () => {
  it('keeps the answer on screen while reloading, and shows loading again for other deps', async () => {
    let answer = 'Pending';
    const fetch = jest.fn(async (name: string) => `${name}: ${answer}`);
    const { result, rerender } = renderHook(
      ({ name }) => useReloadableAsync(() => fetch(name), [name]),
      { initialProps: { name: 'ci' } },
    );
    expect(result.current.loading).toBe(true);
    await waitFor(() => expect(result.current.value).toBe('ci: Pending'));

    answer = 'Ready';
    act(() => result.current.retry());
    expect(result.current).toMatchObject({
      loading: false,
      value: 'ci: Pending',
    });
    await waitFor(() => expect(result.current.value).toBe('ci: Ready'));

    rerender({ name: 'other' });
    expect(result.current).toMatchObject({ loading: true, value: undefined });
    await waitFor(() => expect(result.current.value).toBe('other: Ready'));
  });

  it('never answers without value, error or loading, not even in the render where deps change', async () => {
    // The router keeps a page mounted when a link moves it to another Promise: the render
    // with the new name came before the fetch's effect and said neither loading nor value.
    const renders: Array<{ loading: boolean; value?: string; error?: Error }> =
      [];
    const { result, rerender } = renderHook(
      ({ name }) => {
        const answer = useReloadableAsync(async () => name, [name]);
        renders.push(answer);
        return answer;
      },
      { initialProps: { name: 'jenkins' } },
    );
    await waitFor(() => expect(result.current.value).toBe('jenkins'));
    rerender({ name: 'web-app' });
    await waitFor(() => expect(result.current.value).toBe('web-app'));
    const neither = renders.filter(
      r => !r.loading && r.value === undefined && !r.error,
    );
    expect(neither).toEqual([]);
    // Nor does it show one object's answer while it is asked for another.
    expect(renders.some(r => r.value === 'jenkins' && r.loading)).toBe(false);
  });

  it('shows an error of the current deps only, and the answer after a reload', async () => {
    let fail = true;
    const { result, rerender } = renderHook(
      ({ name }) =>
        useReloadableAsync(async () => {
          if (fail) throw new Error(`${name} is unreachable`);
          return name;
        }, [name]),
      { initialProps: { name: 'lab' } },
    );
    await waitFor(() =>
      expect(result.current.error?.message).toBe('lab is unreachable'),
    );
    fail = false;
    rerender({ name: 'easyeaty' });
    expect(result.current.error).toBeUndefined();
    await waitFor(() => expect(result.current.value).toBe('easyeaty'));
  });

  it('does not drop a reload asked for while a fetch is running', async () => {
    const answers = ['first', 'second', 'third'];
    const fetch: jest.Mock = jest.fn(
      async (): Promise<string> => answers[fetch.mock.calls.length - 1],
    );
    const { result } = renderHook(() => useReloadableAsync(fetch, []));
    act(() => result.current.retry());
    await waitFor(() => expect(result.current.value).toBe('second'));
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});
