/*
 * A tab left open stays light (#23 item 9): a Kratix page stays open in a browser context of
 * its own while the lab platform changes every 1.5 s, and its JavaScript heap is measured
 * after the first minute of changes and after ten. It runs beside the other steps: its page
 * is in its own renderer, so what they do in theirs is not in its heap.
 *
 * The page is lab's postgresql Promise page, the one that does the most on a change: a
 * request's change reloads the Promise (its page's fetch) and its requests table (the table's
 * query), and the table shows each request's message. The changes are made the way Kratix
 * makes them: the status of lab's team-checkout/storefront-db (its Reconciled condition's
 * message, which the table shows) is patched on the fake cluster's API, its watch tells the
 * backend, and the backend signals the page.
 */
import { Browser, CDPSession, Page } from 'playwright-core';
import { LAB } from './app';
import { signIn } from './signIn';
import { withoutDevServerReloads } from './devServer';

/** The request whose status message changes, and the page that lists it. */
const REQUEST = {
  apiVersion: 'marketplace.kratix.io/v1alpha2',
  plural: 'postgresqls',
  namespace: 'team-checkout',
  name: 'storefront-db',
};
const PAGE = `/kratix/promises/${LAB}/postgresql`;
/** The change number, in the message of the request's Reconciled condition (the list's Message). */
const message = (n: number) => `Heap check change ${n}`;
const MESSAGE = /Heap check change (\d+)/;

/** The heap of the page now, after two full garbage collections, in bytes. */
async function heapUsed(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize;
}

type Condition = { type: string; message?: string };

/** The request on the fake cluster, read or written with the lab platform's token. */
async function requestCall(
  lab: { url: string; token: string },
  patch?: unknown,
): Promise<{ status?: { conditions?: Condition[] } }> {
  const { apiVersion, plural, namespace, name } = REQUEST;
  const response = await fetch(
    `${lab.url}/apis/${apiVersion}/namespaces/${namespace}/${plural}/${name}${
      patch ? '/status' : ''
    }`,
    {
      method: patch ? 'PATCH' : 'GET',
      headers: {
        Authorization: `Bearer ${lab.token}`,
        ...(patch ? { 'Content-Type': 'application/merge-patch+json' } : {}),
      },
      body: patch ? JSON.stringify(patch) : undefined,
    },
  );
  if (!response.ok)
    throw new Error(
      `${patch ? 'patching' : 'reading'} ${namespace}/${name} answered ${
        response.status
      }`,
    );
  return response.json();
}

/**
 * Sets the message of the request's Reconciled condition, as Kratix's controller writes its
 * status (the list shows the message of the condition that gives the phase).
 */
function setMessage(
  lab: { url: string; token: string },
  conditions: Condition[],
  text: string,
) {
  return requestCall(lab, {
    status: {
      conditions: conditions.map(c =>
        c.type === 'Reconciled' ? { ...c, message: text } : c,
      ),
    },
  });
}

/**
 * Counts, in the page, each change number it shows: a MutationObserver notes the numbers in
 * the text it adds or changes (the table's message cell).
 */
async function countShownChanges(page: Page): Promise<void> {
  // A string, so what runs in the page is exactly this (no helpers a bundler adds).
  await page.evaluate(`(() => {
    const pattern = new RegExp(${JSON.stringify(MESSAGE.source)});
    const seen = new Set();
    window.__kratixHeapCheckSeen = seen;
    const note = text => {
      const match = text && text.match(pattern);
      if (match) seen.add(Number(match[1]));
    };
    new MutationObserver(records => {
      for (const record of records) {
        if (record.type === 'characterData') note(record.target.textContent);
        record.addedNodes.forEach(node => note(node.textContent));
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  })()`);
}

const shownChanges = (page: Page) =>
  page.evaluate(`window.__kratixHeapCheckSeen.size`) as Promise<number>;
/** What the heap check measured. */
export interface HeapFigures {
  firstMinuteBytes: number;
  lastBytes: number;
  minutes: number;
  changesMade: number;
  /** Changes the page showed, counted in the page. */
  updatesShown: number;
}

const sleepUntil = (at: number) =>
  new Promise(resolve => setTimeout(resolve, Math.max(0, at - Date.now())));

/**
 * Opens the page in a context of its own, changes the platform every `everyMs` for `minutes`,
 * and measures the page's heap after the first minute and at the end.
 */
export async function heapCheck(
  browser: Browser,
  baseUrl: string,
  lab: { url: string; token: string },
  minutes = 10,
  everyMs = 1500,
): Promise<HeapFigures> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
  });
  try {
    await withoutDevServerReloads(context, baseUrl);
    const page = await context.newPage();
    await signIn(page, baseUrl);
    await page.goto(`${baseUrl}${PAGE}`);
    // The requests table lists it (however its link is written).
    await page.getByText(REQUEST.name).first().waitFor({ timeout: 120_000 });
    await countShownChanges(page);
    // A page loaded again starts a new heap: the two figures would not compare.
    let reloaded = false;
    page.on('framenavigated', frame => {
      if (frame === page.mainFrame()) reloaded = true;
    });
    const cdp = await context.newCDPSession(page);
    const conditions = (await requestCall(lab)).status?.conditions ?? [];
    if (!conditions.some(c => c.type === 'Reconciled'))
      throw new Error(`${REQUEST.name} has no Reconciled condition to change`);

    let changesMade = 0;
    let stopped = false;
    let failure: Error | undefined;
    const start = Date.now();
    const changing = (async () => {
      for (let next = start; !stopped; next += everyMs) {
        await sleepUntil(next);
        if (stopped) break;
        try {
          await setMessage(lab, conditions, message(++changesMade));
        } catch (error) {
          failure = error as Error;
          return;
        }
      }
    })();

    await sleepUntil(start + 60_000);
    const firstMinuteBytes = await heapUsed(cdp);
    await sleepUntil(start + minutes * 60_000);
    const lastBytes = await heapUsed(cdp);
    stopped = true;
    await changing;
    if (failure) throw failure;
    if (reloaded)
      throw new Error(
        'the page was loaded again during the check: its heap figures do not compare',
      );
    // The page shows the last change within a few seconds (one signal, one reload).
    await page
      .getByText(message(changesMade), { exact: true })
      .first()
      .waitFor({ timeout: 30_000 })
      .catch(() => undefined);
    const updatesShown = await shownChanges(page);
    // Back to what it was, for the pages walked after.
    await requestCall(lab, { status: { conditions } }).catch(() => undefined);
    return {
      firstMinuteBytes,
      lastBytes,
      minutes,
      changesMade,
      updatesShown,
    };
  } finally {
    await context.close();
  }
}

/** The line the suite prints, and whether the heap stayed within `bound` of the first minute. */
export function heapVerdict(
  figures: HeapFigures,
  bound = 0.2,
): { line: string; problems: string[] } {
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  const growth = figures.lastBytes / figures.firstMinuteBytes - 1;
  const sign = growth >= 0 ? '+' : '';
  const line = `heap: first minute ${mb(figures.firstMinuteBytes)} MB, after ${
    figures.minutes
  } minutes ${mb(figures.lastBytes)} MB (${sign}${(growth * 100).toFixed(
    1,
  )}%), ${figures.updatesShown} live updates received (of ${
    figures.changesMade
  } changes made)`;
  const problems: string[] = [];
  if (growth > bound)
    problems.push(
      `the heap grew ${(growth * 100).toFixed(1)}%, more than ${bound * 100}%`,
    );
  // A page that was not updated measured nothing: most changes must have reached it.
  if (figures.updatesShown < figures.changesMade / 4)
    problems.push(
      `the page showed ${figures.updatesShown} of ${figures.changesMade} changes: it was not live`,
    );
  return { line, problems };
}
