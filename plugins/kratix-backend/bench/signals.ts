/* eslint-disable no-console */
/*
 * yarn bench:signals — the signals the backend sends, not what a browser shows (that is
 * yarn bench:live, e2e/bench/live.ts). 1,000 requests on one platform become Ready at once,
 * through the path production takes: a platform cluster's API (the project's fake API server,
 * answering the suite's real watch requests), KubernetesKratixPlatform's watch caches, and the
 * backend's KratixLiveService with its default 250 ms bursts and 10 s settle window. The
 * signals and notifications services record what they are given, with the time.
 *
 * Signals are broadcast and name no request (only the kinds that changed), so a page reads
 * again through the REST API on each one: the bench does what such a page does, reading the
 * requests list (the settled phases lists show) after every signal, as soon as it arrives.
 *
 * Prints the signal messages sent and their size, how many named a request, namespace, phase
 * or owner, the time from each request's change on the API server to the first signal after
 * it (p50/p95) and to the first page read after a signal that shows it Ready, whether every
 * transition was delivered exactly once (a page read shows it Ready, one notification to its
 * owner), and whether a request that flaps Ready → Failing → Ready within 3 s notified anyone.
 * Exits non-zero when a target is missed.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { SignalPayload } from '@backstage/plugin-signals-node';
import { setupServer } from 'msw/node';
import {
  KratixLiveSignal,
  ResourceRequest,
} from '@kratix-backstage/plugin-kratix-common';
import {
  KubernetesApiClient,
  KubernetesKratixPlatform,
  requestListItems,
} from '@kratix-backstage/plugin-kratix-node';
import {
  FakeKubernetesApi,
  kubeConfigFor,
  seedFakePlatform,
} from '@kratix-backstage/plugin-kratix-node/testUtils';
import { KratixLiveService } from '../src/live/KratixLiveService';

/**
 * The short form (BENCH_SHORT=1, run by the test command): 100 requests through the same
 * path. BENCH_SIGNALS_REQUESTS sets the count while developing; the full targets are for 1,000.
 */
const REQUESTS = Number(
  process.env.BENCH_SIGNALS_REQUESTS ?? (process.env.BENCH_SHORT ? 100 : 1000),
);
const SETTLE_MS = 10_000;
const NAMESPACE = 'team-bench';
const FLAPPER = 'flapper';

/** The value below which p percent of the values lie. */
function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

/** Prints label/value rows, values right-aligned. */
function printRows(rows: Array<[string, string | number]>): void {
  const width = Math.max(...rows.map(([label]) => label.length));
  const valueWidth = Math.max(...rows.map(([, v]) => String(v).length));
  for (const [label, value] of rows)
    console.log(
      `${label.padEnd(width)}  ${String(value).padStart(valueWidth)}`,
    );
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

function reconciled(
  ready: boolean | 'pending',
): NonNullable<ResourceRequest['status']> {
  if (ready === 'pending')
    return {
      conditions: [
        {
          type: 'Reconciled',
          status: 'Unknown',
          reason: 'WorkflowPending',
          message: 'Pending',
          lastTransitionTime: '2026-12-01T09:00:00Z',
        },
      ],
    } as any;
  return {
    conditions: ready
      ? [
          {
            type: 'Reconciled',
            status: 'True',
            reason: 'Reconciled',
            message: 'Reconciled',
            lastTransitionTime: '2026-12-01T09:01:00Z',
          },
        ]
      : [
          {
            type: 'Reconciled',
            status: 'False',
            reason: 'ConfigureWorkflowFailed',
            message: 'Failing',
            lastTransitionTime: '2026-12-01T09:01:00Z',
          },
        ],
  } as any;
}

function request(
  name: string,
  owner: string,
  state: boolean | 'pending',
): ResourceRequest {
  return {
    apiVersion: 'marketplace.kratix.io/v1alpha1',
    kind: 'jenkins',
    metadata: {
      name,
      namespace: NAMESPACE,
      labels: { 'backstage.io/owner': owner },
    },
    spec: { env: 'dev' },
    status: reconciled(state),
  } as ResourceRequest;
}

const logger: LoggerService = {
  error: m => console.error(`error: ${m}`),
  warn: m => console.error(`warn: ${m}`),
  info: () => undefined,
  debug: () => undefined,
  child: () => logger,
};

async function main() {
  const fake = new FakeKubernetesApi();
  seedFakePlatform(fake);
  const names = Array.from(
    { length: REQUESTS },
    (_, i) => `bench-${String(i).padStart(4, '0')}`,
  );
  // One owner per request: each notification has exactly one rightful recipient.
  const ownerLabel = (name: string) => `user-dev-${name}`;
  for (const name of names)
    fake.put(request(name, ownerLabel(name), 'pending'));
  fake.put(request(FLAPPER, 'user-dev-flapper', true));
  const server = setupServer(...fake.handlers());
  server.listen({ onUnhandledFrame: 'bypass' });

  const platform = new KubernetesKratixPlatform({
    name: 'bench',
    client: new KubernetesApiClient(kubeConfigFor(fake, 'bench-token')),
    backoff: { initialMs: 20, maxMs: 200 },
  });
  await platform.start();
  const listed = await platform.listRequests({ namespace: NAMESPACE });
  if (listed.length !== REQUESTS + 1)
    throw new Error(
      `The platform lists ${listed.length} bench requests, not ${REQUESTS + 1}`,
    );

  const signals: Array<{ at: number; message: KratixLiveSignal }> = [];
  const notifications: Array<{ at: number; options: NotificationSendOptions }> =
    [];
  // What a page shows when it reads again on a signal: the requests list with the settled phases.
  const pageReads: Array<Promise<{ at: number; ready: Set<string> }>> = [];
  let live: KratixLiveService | undefined = undefined;
  const readPage = async () => {
    const items = await requestListItems(platform, { namespace: NAMESPACE });
    const ready = new Set(
      items
        .map(i => ({ ...i, ...live?.settledRequest(i.platform, i) }))
        .filter(i => i.phase === 'Ready')
        .map(i => i.name),
    );
    return { at: performance.now(), ready };
  };
  live = new KratixLiveService({
    platforms: [platform],
    logger,
    settleMs: SETTLE_MS,
    signals: {
      publish: async (signal: SignalPayload<any>) => {
        signals.push({
          at: performance.now(),
          message: signal.message as KratixLiveSignal,
        });
        // The page reads on its own time: the service does not wait for it.
        if (signal.message.changed.includes('request'))
          pageReads.push(readPage());
      },
    },
    notifications: {
      send: async options => {
        notifications.push({ at: performance.now(), options });
      },
    },
  });
  await live.start();

  // Every request becomes Ready at once; the flapper fails and recovers within 3 s.
  const changedAt = new Map<string, number>();
  const t0 = performance.now();
  changedAt.set(FLAPPER, performance.now());
  fake.put(request(FLAPPER, 'user-dev-flapper', false));
  for (const name of names) {
    changedAt.set(name, performance.now());
    fake.put(request(name, ownerLabel(name), true));
  }
  const putMs = performance.now() - t0;
  await sleep(2_500);
  fake.put(request(FLAPPER, 'user-dev-flapper', true));
  const flapMs = performance.now() - changedAt.get(FLAPPER)!;

  // Wait for the settle window, every notification, and a little longer for any duplicate.
  const until = performance.now() + SETTLE_MS + 30_000;
  while (notifications.length < REQUESTS && performance.now() < until)
    await sleep(100);
  await sleep(3_000);
  live.stop();
  platform.stop();
  fake.dropWatches();
  server.close();

  // What every signed-in user received: the kinds that changed, and nothing a request is known by.
  const words = [
    NAMESPACE,
    'bench-',
    FLAPPER,
    'Ready',
    'Failing',
    'Pending',
    'user-dev-',
    'jenkins',
  ];
  const naming = signals.filter(({ message }) =>
    words.some(w => JSON.stringify(message).includes(w)),
  ).length;
  const largest = Math.max(
    ...signals.map(({ message }) => JSON.stringify(message).length),
  );
  const requestSignals = signals
    .filter(({ message }) => message.changed.includes('request'))
    .map(({ at }) => at);
  const firstSignalAfter = (t: number) => requestSignals.find(at => at >= t);
  // In the order the signals came: the last is the read on the last signal.
  const reads = await Promise.all(pageReads);
  const shownReadyAt = new Map<string, number>();
  for (const { at, ready } of reads)
    for (const name of ready)
      shownReadyAt.set(name, Math.min(at, shownReadyAt.get(name) ?? at));
  const latencies = names.flatMap(n => {
    const at = firstSignalAfter(changedAt.get(n)!);
    return at === undefined ? [] : [at - changedAt.get(n)!];
  });
  const readyLatencies = names
    .filter(n => shownReadyAt.has(n))
    .map(n => shownReadyAt.get(n)! - changedAt.get(n)!);
  const notified = new Map<string, NotificationSendOptions[]>();
  for (const { options } of notifications) {
    const scope = options.payload.scope ?? '';
    const name = scope.split('/').pop()!.split(':')[0];
    notified.set(name, [...(notified.get(name) ?? []), options]);
  }
  const deliveredOnce = names.filter(n => {
    const sent = notified.get(n) ?? [];
    const recipients =
      sent[0]?.recipients.type === 'entity'
        ? sent[0].recipients.entityRef
        : undefined;
    return (
      shownReadyAt.has(n) &&
      sent.length === 1 &&
      sent[0].payload.topic === 'kratix-request-ready' &&
      JSON.stringify(recipients) === JSON.stringify([`user:default/dev-${n}`])
    );
  }).length;
  const flapperNotified = (notified.get(FLAPPER) ?? []).length;
  const p50 = percentile(latencies, 50);
  const p95 = percentile(latencies, 95);
  const readyP95 = percentile(readyLatencies, 95);
  const lastRead = reads[reads.length - 1];
  const lastReadReady = names.filter(n => lastRead?.ready.has(n)).length;

  console.log(
    `yarn bench:signals — ${REQUESTS} requests Ready at once on one kubernetes platform (fake API server, real watches), settle window ${
      SETTLE_MS / 1000
    } s; load average ${loadavg()
      .map(l => l.toFixed(2))
      .join(', ')}`,
  );
  printRows([
    ['changes put on the API server (ms)', putMs.toFixed(0)],
    ['signal messages sent', signals.length],
    ['largest message (bytes of JSON)', largest],
    ['messages naming a request, namespace, phase or owner', naming],
    ['page reads on a signal', reads.length],
    ['notifications sent', notifications.length],
    ['change → first signal p50 (ms)', p50.toFixed(0)],
    ['change → first signal p95 (ms)', p95.toFixed(0)],
    [
      'change → a page read on a signal shows Ready, p95 (ms)',
      readyP95.toFixed(0),
    ],
    ['requests Ready in the page read on the last signal', lastReadReady],
    ['requests whose transition was delivered once', deliveredOnce],
    [`flapper Ready → Failing → Ready in (ms)`, flapMs.toFixed(0)],
    ['notifications about the flapper', flapperNotified],
  ]);
  const targets: Array<[string, boolean]> = [
    [
      `every transition delivered once (${deliveredOnce}/${REQUESTS}: a page read on a signal shows it Ready, one notification to its owner)`,
      deliveredOnce === REQUESTS &&
        notifications.length === REQUESTS &&
        lastReadReady === REQUESTS,
    ],
    [
      `signals name nothing a request is known by (${naming} of ${signals.length} do)`,
      naming === 0 && signals.length > 0,
    ],
    [
      `Ready shown within the settle window + 2 s, p95 (${readyP95.toFixed(
        0,
      )} ms)`,
      readyP95 <= SETTLE_MS + 2000,
    ],
    [`change → signal p95 <= 2000 ms (${p95.toFixed(0)} ms)`, p95 <= 2000],
    [
      `a flapping request (Ready → Failing → Ready within 3 s) sends no notification (${flapperNotified})`,
      flapperNotified === 0 && flapMs < 3000,
    ],
  ];
  for (const [name, ok] of targets)
    console.log(`${ok ? 'met   ' : 'MISSED'} ${name}`);
  const missed = targets.filter(([, ok]) => !ok).length;
  console.log(`${targets.length - missed}/${targets.length} targets met`);
  if (missed) process.exitCode = 1;
}

main().then(
  () => process.exit(),
  e => {
    console.error(e);
    process.exit(1);
  },
);
