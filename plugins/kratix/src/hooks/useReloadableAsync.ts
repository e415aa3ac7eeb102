import { DependencyList, useCallback, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';

/**
 * A page's fetch that can be reloaded at any time, for pages that update themselves.
 *
 * Unlike react-use's `useAsyncRetry`, a reload asked for while a fetch is running is not
 * ignored (the later answer wins), and `loading` is true only while there is nothing of the
 * current `deps` to show: a reload keeps the page on screen and swaps in the new answer,
 * while a change of `deps` (another Promise, another request) shows loading again, from the
 * very render with the new deps (the router keeps a page mounted when a link moves it to
 * another object, and that render must not read the old object's answer, nor no answer).
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
  // A new token whenever deps change: an answer or error of older deps is not shown.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const token = useMemo(() => ({}), deps);
  const state = useAsync(async (): Promise<Outcome<T>> => {
    try {
      return { token, value: await fn() };
    } catch (error) {
      return { token, error: error as Error };
    }
  }, [token, generation]);
  const retry = useCallback(() => setGeneration(g => g + 1), []);
  const current = state.value?.token === token ? state.value : undefined;
  return {
    value: current && 'value' in current ? current.value : undefined,
    loading: !current,
    error: current && 'error' in current ? current.error : undefined,
    retry,
  };
}

/** What one fetch ended with, marked with the deps it was for. */
type Outcome<T> = { token: object } & ({ value: T } | { error: Error });
