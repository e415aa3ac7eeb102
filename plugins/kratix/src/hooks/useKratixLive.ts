import { useEffect, useRef, useState } from 'react';
import { useApi, useApiHolder } from '@backstage/core-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  KratixLiveKind,
  kratixSignalChannel,
  liveSignalConcerns,
} from '@kratix-backstage/plugin-kratix-common';
import { kratixApiRef } from '../api/KratixApi';

/**
 * What a page shows, by kind: requests, Promises (with their requests), clusters, or platform
 * health. Signals name nothing more (they reach every signed-in user), so a page reloads on
 * any change of a kind it shows and reads what it shows through the API's permission checks.
 * @internal
 */
export type KratixLiveTarget = KratixLiveKind;

/**
 * The shortest time between two reloads of one page: a burst of changes (a thousand requests
 * settling) costs the page one fetch at once and one more at the end of each window.
 * @internal
 */
export const KRATIX_LIVE_RELOAD_INTERVAL_MS = 500;

/**
 * Calls `onChange` when a platform's signal says a kind the page shows changed,
 * at most once per {@link KRATIX_LIVE_RELOAD_INTERVAL_MS} (a change inside the window is not
 * dropped: it reloads once more when the window ends).
 *
 * `platforms` is one platform, a list, or `undefined` for every configured platform (asked of
 * the Kratix API only when signals are installed). Without the signals API the page simply
 * does not update itself; it still works, and its refresh buttons still do.
 *
 * @returns whether the page is live (the signals API is installed).
 * @internal
 */
export function useKratixLive(
  platforms: string | readonly string[] | undefined,
  what: KratixLiveTarget | readonly KratixLiveTarget[],
  onChange: () => void,
): boolean {
  // Asked of the holder, not useApi, so an app without the signals plugin still renders the page.
  const signals = useApiHolder().get(signalApiRef);
  const kratix = useApi(kratixApiRef);
  const every = platforms === undefined;
  const [allPlatforms, setAllPlatforms] = useState<string[]>();
  useEffect(() => {
    if (!signals || !every) return undefined;
    let current = true;
    kratix.getPlatforms().then(
      list => {
        if (current) setAllPlatforms(list.map(p => p.name));
      },
      // The page shows the backend's failure itself; without names it is just not live.
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [signals, every, kratix]);

  let names: readonly string[];
  if (every) names = allPlatforms ?? [];
  else if (typeof platforms === 'string') names = [platforms];
  else names = platforms;
  // A key of the channels, so a list built afresh on every render does not resubscribe.
  const channelsKey = [...new Set(names)].sort().join('\n');

  // The latest target and callback, read when a message arrives (both are often inline values).
  const latest = useRef({ what, onChange });
  latest.current = { what, onChange };

  const throttle = useRef<{
    timer?: ReturnType<typeof setTimeout>;
    pending: boolean;
  }>({ pending: false });

  useEffect(() => {
    const state = throttle.current;
    return () => {
      if (state.timer) clearTimeout(state.timer);
      state.timer = undefined;
      state.pending = false;
    };
  }, []);

  useEffect(() => {
    if (!signals || !channelsKey) return undefined;
    const state = throttle.current;
    const openWindow = () => {
      state.timer = setTimeout(() => {
        state.timer = undefined;
        if (state.pending) {
          state.pending = false;
          latest.current.onChange();
          openWindow();
        }
      }, KRATIX_LIVE_RELOAD_INTERVAL_MS);
    };
    const onMessage = (message: unknown) => {
      const targets = latest.current.what;
      const list: readonly KratixLiveTarget[] =
        typeof targets === 'string' ? [targets] : targets;
      if (!list.some(target => liveSignalConcerns(message, target))) return;
      if (state.timer) {
        state.pending = true;
        return;
      }
      latest.current.onChange();
      openWindow();
    };
    const subscriptions = channelsKey
      .split('\n')
      .map(platform =>
        signals.subscribe(kratixSignalChannel(platform), onMessage),
      );
    return () => subscriptions.forEach(s => s.unsubscribe());
  }, [signals, channelsKey]);

  return Boolean(signals);
}
