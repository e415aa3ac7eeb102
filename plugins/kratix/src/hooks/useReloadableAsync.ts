import { DependencyList, useCallback, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';

/**
 * A page's fetch that can be reloaded at any time, for pages that update themselves.
 *
 * Unlike react-use's `useAsyncRetry`, a reload asked for while a fetch is running is not
 * ignored (the later answer wins), and `loading` is true only while there is nothing of the
 * current `deps` to show: a reload keeps the page on screen and swaps in the new answer,
 * while a change of `deps` (another Promise, another request) shows loading again.
 *
 * @internal
 */
export function useReloadableAsync<T>(
  fn: () => Promise<T>,
  deps: DependencyList,
): {
  value: T | undefined;
  loading: boolean;
  error: Error | undefined;
  retry: () => void;
} {
  const [generation, setGeneration] = useState(0);
  // A new token whenever deps change: an answer fetched for older deps is not shown.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const token = useMemo(() => ({}), deps);
  const state = useAsync(
    async () => ({ token, value: await fn() }),
    [token, generation],
  );
  const retry = useCallback(() => setGeneration(g => g + 1), []);
  const current = state.value?.token === token ? state.value : undefined;
  return {
    value: current?.value,
    loading: state.loading && !current,
    error: state.error,
    retry,
  };
}
