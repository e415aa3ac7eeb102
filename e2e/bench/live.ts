/* eslint-disable no-console */
/*
 * yarn bench:live — what a user waits for: from a change on the platform to the page showing
 * it in a browser tab. The app runs as production does (the frontend built, served by the
 * backend; productionApp.ts) with the `lab` platform on the suite's fake cluster. Lab's
 * postgresql Promise page is open in three tabs of headless Chromium for the whole run:
 *
 * - live: the page as shipped, told of changes by the backend's signals websocket;
 * - poll 10 s and poll 60 s (SKE's interval): the same page, whose signals websocket is
 *   answered by a timer instead (benchTab.ts), so it reloads through the same fetch and
 *   render every 10 s / 60 s from a random phase.
 *
 * 1,000 changes (BENCH_SHORT=1: 80, through the same code), one every 300 ms, each the
 * Reconciled message of one of 12 postgresql requests (`Bench change <k>`, shown in the
 * page's requests table) patched on the fake cluster's API as Kratix's controller writes a
 * status; the backend's watch sees it. A MutationObserver in each tab notes when each change
 * first shows (in the DOM; the paint follows within a frame). A change's latency in a tab
 * runs from just before its PATCH to the tab first showing it or a later change of the same
 * request (latency.ts). After the last change the run waits for every tab to show every
 * request's last change, at most 60 s + 10 s.
 *
 * Prints p50, p95, max and the changes caught up per tab, the build and run times, and the
 * targets: every tab caught up with every change; live p95 <= 2 s; live p95 at least 5x
 * ahead of the 10 s poll's. Exits non-zero when a target is missed or the run broke.
 *
 * BENCH_LIVE_BREAK=1 (to check the bench can fail) cuts the live tab's websocket too: it then
 * hears nothing, and the targets are missed. BENCH_LIVE_REUSE_BUILD=1 (while developing)
 * serves the packages/app/dist already there instead of building it.
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { chromiumInstalled, launchChromium } from '../browser';
import { changeMessage, createBenchRequests } from './benchRequests';
import { BENCH_PAGE, BenchTab, openBenchTab, SignalSource } from './benchTab';
import { caughtUpWithLast, TabLatency, tabLatency } from './latency';
import { buildApp, startProductionApp } from './productionApp';

const SHORT = Boolean(process.env.BENCH_SHORT);
const CHANGES = SHORT ? 80 : 1000;
const EVERY_MS = 300;
/** Requests changed in turn: all on the table's first page (20 rows) with the fixtures'. */
const REQUESTS = 12;
const POLL_10_S = 10_000;
const POLL_60_S = 60_000;
const TAIL_MARGIN_MS = 10_000;
const LIVE_P95_MS = 2000;
const AHEAD_OF_10_S = 5;
const BREAK_LIVE = Boolean(process.env.BENCH_LIVE_BREAK);
const REUSE_BUILD = Boolean(process.env.BENCH_LIVE_REUSE_BUILD);
const APP_DIST = resolve(__dirname, '..', '..', 'packages', 'app', 'dist');

const TABS: Array<{ name: string; source: SignalSource }> = [
  {
    name: 'live',
    source: BREAK_LIVE
      ? { kind: 'timer', everyMs: Infinity }
      : { kind: 'live' },
  },
  { name: 'poll 10 s', source: { kind: 'timer', everyMs: POLL_10_S } },
  { name: 'poll 60 s', source: { kind: 'timer', everyMs: POLL_60_S } },
];

const sleepUntil = (at: number) =>
  new Promise(done => setTimeout(done, Math.max(0, at - Date.now())));
const seconds = (ms: number) =>
  Number.isFinite(ms) ? (ms / 1000).toFixed(2) : '-';

/** Makes the changes, one every EVERY_MS; returns when each was made. */
async function makeChanges(
  setMessage: (index: number, text: string) => Promise<void>,
): Promise<number[]> {
  const changedAt: number[] = [];
  const start = Date.now();
  for (let k = 0; k < CHANGES; k++) {
    await sleepUntil(start + k * EVERY_MS);
    changedAt.push(Date.now());
    await setMessage(k % REQUESTS, changeMessage(k));
  }
  return changedAt;
}

/** Waits until every tab shows every request's last change, or the tail is over. */
async function waitForTabsToCatchUp(tabs: BenchTab[]): Promise<void> {
  const deadline = Date.now() + POLL_60_S + TAIL_MARGIN_MS;
  while (Date.now() < deadline) {
    const shown = await Promise.all(tabs.map(t => t.firstShown()));
    if (shown.every(s => caughtUpWithLast(CHANGES, REQUESTS, s))) return;
    await sleepUntil(Date.now() + 1000);
  }
}

function printTable(names: string[], figures: TabLatency[]): void {
  const rows: Array<[string, string[]]> = [
    ['p50 (s)', figures.map(f => seconds(f.p50))],
    ['p95 (s)', figures.map(f => seconds(f.p95))],
    ['max (s)', figures.map(f => seconds(f.max))],
    ['changes caught up', figures.map(f => `${f.caughtUp}/${CHANGES}`)],
    ['changes shown themselves', figures.map(f => `${f.shown}/${CHANGES}`)],
  ];
  const width = 26;
  const column = 12;
  console.log(''.padEnd(width) + names.map(n => n.padStart(column)).join(''));
  for (const [label, cells] of rows)
    console.log(
      label.padEnd(width) + cells.map(c => c.padStart(column)).join(''),
    );
}

async function main(): Promise<void> {
  if (!chromiumInstalled())
    throw new Error('Chromium is not installed: bench:live needs a browser');
  const startedAt = Date.now();
  let buildSeconds: number | undefined;
  if (REUSE_BUILD && existsSync(resolve(APP_DIST, 'index.html')))
    console.log('app build: reused packages/app/dist (BENCH_LIVE_REUSE_BUILD)');
  else {
    buildSeconds = await buildApp();
    console.log(`app build: ${buildSeconds.toFixed(0)} s`);
  }
  const backendStart = Date.now();
  const app = await startProductionApp();
  // The backend runs in a process group of its own: an interrupted bench stops it too.
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => app.stop().finally(() => process.exit(130)));
  const browser = await launchChromium().catch(async error => {
    await app.stop();
    throw error;
  });
  const tabs: BenchTab[] = [];
  try {
    console.log(
      `backend serving the built app: up in ${(
        (Date.now() - backendStart) /
        1000
      ).toFixed(0)} s`,
    );
    const requests = await createBenchRequests(app.lab, REQUESTS);
    for (const { source } of TABS)
      tabs.push(
        await openBenchTab(
          browser,
          app.baseUrl,
          source,
          requests.names[REQUESTS - 1],
        ),
      );
    // The tabs' signal subscriptions are made as their pages mount; let them settle.
    await sleepUntil(Date.now() + 3000);

    const runStart = Date.now();
    const changedAt = await makeChanges(requests.setMessage);
    const changesMs = Date.now() - runStart;
    await waitForTabsToCatchUp(tabs);
    const tailMs = Date.now() - runStart - changesMs;
    if (tabs.some(t => t.reloaded()))
      throw new Error(
        'a tab was loaded again during the run: its observer lost what it noted',
      );
    const figures = await Promise.all(
      tabs.map(async t =>
        tabLatency(changedAt, REQUESTS, await t.firstShown()),
      ),
    );

    console.log(
      `yarn bench:live — ${CHANGES} changes, one every ${EVERY_MS} ms, over ${REQUESTS} requests; ${
        TABS.length
      } Chromium tabs of ${BENCH_PAGE} on the production build${
        BREAK_LIVE ? ' (BENCH_LIVE_BREAK: the live tab is cut off)' : ''
      }; load average ${loadavg()
        .map(l => l.toFixed(2))
        .join(', ')}`,
    );
    printTable(
      TABS.map(t => t.name),
      figures,
    );
    console.log(
      `run: ${((Date.now() - startedAt) / 1000).toFixed(
        0,
      )} s in all (app build ${
        buildSeconds === undefined ? 'reused' : `${buildSeconds.toFixed(0)} s`
      }, changes ${(changesMs / 1000).toFixed(0)} s, tail ${(
        tailMs / 1000
      ).toFixed(0)} s)`,
    );

    const [live, poll10, poll60] = figures;
    const ahead10 = poll10.p95 / live.p95;
    const ahead60 = poll60.p95 / live.p95;
    const times = (ratio: number) =>
      Number.isFinite(ratio) ? `${ratio.toFixed(1)}x` : 'not';
    console.log(
      `live is ${times(
        ahead10,
      )} ahead of the 10 s poll at p95 (target ${AHEAD_OF_10_S}x)`,
    );
    console.log(
      `live is ${times(
        ahead60,
      )} ahead of the 60 s poll at p95 (SKE's interval; no target)`,
    );
    const everyTab = figures.every(f => f.caughtUp === CHANGES);
    const targets: Array<[string, boolean]> = [
      [
        `every tab caught up with every change (${TABS.map(
          (t, i) => `${t.name} ${figures[i].caughtUp}/${CHANGES}`,
        ).join(', ')})`,
        everyTab,
      ],
      [
        `live p95 <= ${LIVE_P95_MS / 1000} s (${
          live.caughtUp ? `${seconds(live.p95)} s` : 'no change shown'
        })`,
        live.caughtUp === CHANGES && live.p95 <= LIVE_P95_MS,
      ],
      [
        `live p95 at least ${AHEAD_OF_10_S}x ahead of the 10 s poll's (${
          Number.isFinite(ahead10) ? times(ahead10) : 'no ratio'
        })`,
        everyTab && ahead10 >= AHEAD_OF_10_S,
      ],
    ];
    for (const [name, ok] of targets)
      console.log(`${ok ? 'met   ' : 'MISSED'} ${name}`);
    const missed = targets.filter(([, ok]) => !ok).length;
    console.log(`${targets.length - missed}/${targets.length} targets met`);
    if (missed) process.exitCode = 1;
  } finally {
    for (const tab of tabs) await tab.close().catch(() => undefined);
    await browser.close().catch(() => undefined);
    await app.stop();
  }
}

main().then(
  () => process.exit(),
  e => {
    console.error(e);
    process.exit(1);
  },
);
