import { useEffect, useRef, useState } from 'react';
import { useApi, useApiHolder } from '@backstage/core-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  KratixLiveMessage,
  kratixSignalChannel,
  liveMessageConcerns,
} from '@kratix-backstage/plugin-kratix-common';
import { kratixApiRef } from '../api/KratixApi';

/**
 * What a page shows, as {@link liveMessageConcerns} reads it: a request, a Promise (or every
 * Promise and request), a cluster (or every cluster), or platform health.
 * @internal
 */
export type KratixLiveTarget = Parameters<typeof liveMessageConcerns>[1];

/**
 * The shortest time between two reloads of one page: a burst of changes (a thousand requests
 * settling) costs the page one fetch at once and one more at the end of each window.
 * @internal
 */
export const KRATIX_LIVE_RELOAD_INTERVAL_MS = 500;

function isLiveMessage(message: unknown): message is KratixLiveMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    Array.isArray((message as { changes?: unknown }).changes)
  );
}

/**
 * Calls `onChange` when a message on a platform's signal channel concerns what the page shows,
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
      if (!isLiveMessage(message)) return;
      const targets = latest.current.what;
      const list: readonly KratixLiveTarget[] = Array.isArray(targets)
        ? targets
        : [targets as KratixLiveTarget];
      if (!list.some(target => liveMessageConcerns(message, target))) return;
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
