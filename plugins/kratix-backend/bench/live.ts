/* eslint-disable no-console */
/*
 * yarn bench:live — 1,000 requests on one platform become Ready at once, through the path
 * production takes: a platform cluster's API (the project's fake API server, answering the
 * suite's real watch requests), KubernetesKratixPlatform's watch caches, and the backend's
 * KratixLiveService with its default 250 ms bursts and 10 s settle window. The signals and
 * notifications services record what they are given, with the time.
 *
 * Prints the signal messages and notifications sent, the time from each request's change on
 * the API server to the first signal naming it (p50/p95), whether every transition was
 * delivered exactly once (one signal change when seen, one with the settled phase, one
 * notification to the owner), and whether a request that flaps Ready → Failing → Ready within
 * 3 s notified anyone. Exits non-zero when a target is missed.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { SignalPayload } from '@backstage/plugin-signals-node';
import { setupServer } from 'msw/node';
import {
  KratixLiveMessage,
  ResourceRequest,
} from '@kratix-backstage/plugin-kratix-common';
import {
  KubernetesApiClient,
  KubernetesKratixPlatform,
} from '@kratix-backstage/plugin-kratix-node';
import {
  FakeKubernetesApi,
  kubeConfigFor,
  seedFakePlatform,
} from '@kratix-backstage/plugin-kratix-node/testUtils';
import { KratixLiveService } from '../src/live/KratixLiveService';

/** BENCH_LIVE_REQUESTS makes a smaller run while developing; the targets are for 1,000. */
const REQUESTS = Number(process.env.BENCH_LIVE_REQUESTS ?? 1000);
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

  const signals: Array<{ at: number; message: KratixLiveMessage }> = [];
  const notifications: Array<{ at: number; options: NotificationSendOptions }> =
    [];
  const live = new KratixLiveService({
    platforms: [platform],
    logger,
    settleMs: SETTLE_MS,
    signals: {
      publish: async (signal: SignalPayload<any>) => {
        signals.push({
          at: performance.now(),
          message: signal.message as KratixLiveMessage,
        });
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

  // What each request's changes on the channel were: when first seen, and with which phases.
  const firstSignal = new Map<string, number>();
  const changeCount = new Map<string, number>();
  const readySignals = new Map<string, number>();
  let changes = 0;
  for (const { at, message } of signals) {
    for (const change of message.changes) {
      changes++;
      if (change.kind !== 'request' || change.namespace !== NAMESPACE) continue;
      if (!firstSignal.has(change.name)) firstSignal.set(change.name, at);
      changeCount.set(change.name, (changeCount.get(change.name) ?? 0) + 1);
      if (change.phase === 'Ready')
        readySignals.set(change.name, (readySignals.get(change.name) ?? 0) + 1);
    }
  }
  const latencies = names
    .filter(n => firstSignal.has(n))
    .map(n => firstSignal.get(n)! - changedAt.get(n)!);
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
      firstSignal.has(n) &&
      readySignals.get(n) === 1 &&
      sent.length === 1 &&
      sent[0].payload.topic === 'kratix-request-ready' &&
      JSON.stringify(recipients) === JSON.stringify([`user:default/dev-${n}`])
    );
  }).length;
  const flapperNotified = (notified.get(FLAPPER) ?? []).length;
  const p50 = percentile(latencies, 50);
  const p95 = percentile(latencies, 95);

  console.log(
    `yarn bench:live — ${REQUESTS} requests Ready at once on one kubernetes platform (fake API server, real watches), settle window ${
      SETTLE_MS / 1000
    } s; load average ${loadavg()
      .map(l => l.toFixed(2))
      .join(', ')}`,
  );
  printRows([
    ['changes put on the API server (ms)', putMs.toFixed(0)],
    ['signal messages sent', signals.length],
    ['changes they carried', changes],
    [
      'signal changes per request (seen + settled)',
      [...new Set(names.map(n => changeCount.get(n) ?? 0))].join(', '),
    ],
    ['notifications sent', notifications.length],
    ['change → first signal p50 (ms)', p50.toFixed(0)],
    ['change → first signal p95 (ms)', p95.toFixed(0)],
    ['requests whose transition was delivered once', deliveredOnce],
    [`flapper Ready → Failing → Ready in (ms)`, flapMs.toFixed(0)],
    ['notifications about the flapper', flapperNotified],
  ]);
  const targets: Array<[string, boolean]> = [
    [
      `every transition delivered once (${deliveredOnce}/${REQUESTS}: one Ready signal, one notification to its owner)`,
      deliveredOnce === REQUESTS && notifications.length === REQUESTS,
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
