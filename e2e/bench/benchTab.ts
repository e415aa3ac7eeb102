/*
 * One browser tab of bench:live: lab's postgresql Promise page, signed in as the guest, with
 * an observer noting when each change number first shows. Its signals come either from the
 * backend's websocket (the page as shipped) or, for the polling baseline, from a stand-in for
 * that websocket which never reaches the server and, on a timer, sends the page the message
 * the backend sends when requests change: the same page then reloads through the same fetch
 * and render, on a timer instead of on a change.
 */
import { Browser, BrowserContext, Page } from 'playwright-core';
import {
  KratixLiveSignal,
  kratixSignalChannel,
} from '@kratix-backstage/plugin-kratix-common';
import { LAB } from '../app';
import { signIn } from '../signIn';
import { CHANGE_PATTERN } from './benchRequests';

export const BENCH_PAGE = `/kratix/promises/${LAB}/postgresql`;

/** Where a tab's signals come from. */
export type SignalSource =
  | { kind: 'live' }
  /** The stand-in websocket sends a request change every `everyMs` (Infinity: never). */
  | { kind: 'timer'; everyMs: number };

/** A frame as @backstage/plugin-signals-backend's SignalManager sends it: channel and message. */
const REQUESTS_CHANGED = JSON.stringify({
  channel: kratixSignalChannel(LAB),
  message: { platform: LAB, changed: ['request'] } satisfies KratixLiveSignal,
});

/**
 * Answers the page's signals websocket in place of the backend: it notes the channels the
 * page subscribes to (SignalClient sends `{action, channel}`) and, from a random phase so the
 * timer is not aligned with the changes, sends the lab channel's message every `everyMs`.
 */
async function signalsOnTimer(
  context: BrowserContext,
  baseUrl: string,
  everyMs: number,
): Promise<void> {
  const { host } = new URL(baseUrl);
  await context.routeWebSocket(
    url => url.host === host && url.pathname === '/api/signals',
    ws => {
      const channels = new Set<string>();
      ws.onMessage(data => {
        const { action, channel } = JSON.parse(String(data));
        if (action === 'subscribe') channels.add(channel);
        if (action === 'unsubscribe') channels.delete(channel);
      });
      if (!Number.isFinite(everyMs)) return;
      const send = () => {
        if (channels.has(kratixSignalChannel(LAB))) ws.send(REQUESTS_CHANGED);
      };
      let interval: ReturnType<typeof setInterval> | undefined;
      const phase = setTimeout(() => {
        send();
        interval = setInterval(send, everyMs);
      }, Math.random() * everyMs);
      ws.onClose(() => {
        clearTimeout(phase);
        clearInterval(interval);
      });
    },
  );
}

/**
 * Notes in the page, for each change number, the first time (Date.now()) text showing it was
 * added or changed: a string, so what runs in the page is exactly this.
 */
const OBSERVER = `(() => {
  const pattern = new RegExp(${JSON.stringify(CHANGE_PATTERN.source)}, 'g');
  const firstShown = new Map();
  window.__kratixBenchFirstShown = firstShown;
  const note = text => {
    if (!text) return;
    const now = Date.now();
    for (const match of text.matchAll(pattern)) {
      const k = Number(match[1]);
      if (!firstShown.has(k)) firstShown.set(k, now);
    }
  };
  new MutationObserver(records => {
    for (const record of records) {
      if (record.type === 'characterData') note(record.target.textContent);
      record.addedNodes.forEach(node => note(node.textContent));
    }
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
})()`;

/** An open bench tab. */
export interface BenchTab {
  /** Change number → the first time the page showed it (ms since the epoch). */
  firstShown(): Promise<Map<number, number>>;
  /** Whether the page was loaded again since the observer started (it would have lost it). */
  reloaded(): boolean;
  close(): Promise<void>;
}

/**
 * Opens the bench page in a context of its own, waits until its requests table lists
 * `waitForName`, and starts the observer.
 */
export async function openBenchTab(
  browser: Browser,
  baseUrl: string,
  source: SignalSource,
  waitForName: string,
): Promise<BenchTab> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 1200 },
  });
  if (source.kind === 'timer')
    await signalsOnTimer(context, baseUrl, source.everyMs);
  const page: Page = await context.newPage();
  await signIn(page, baseUrl);
  await page.goto(`${baseUrl}${BENCH_PAGE}`);
  await page.getByText(waitForName).first().waitFor({ timeout: 120_000 });
  await page.evaluate(OBSERVER);
  let reloaded = false;
  page.on('framenavigated', frame => {
    if (frame === page.mainFrame()) reloaded = true;
  });
  return {
    firstShown: async () =>
      new Map(
        (await page.evaluate(
          `[...window.__kratixBenchFirstShown.entries()]`,
        )) as Array<[number, number]>,
      ),
    reloaded: () => reloaded,
    close: () => context.close(),
  };
}
