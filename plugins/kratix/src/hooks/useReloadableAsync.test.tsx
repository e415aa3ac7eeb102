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
