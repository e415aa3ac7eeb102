/*
 * yarn bench:catalog — the catalog module over a platform of 200 Promises and 20,000
 * requests (the msw fake API server the tests use): the time of a full ingest (the first
 * sweep, and the median of three more) and the delay from a change on the platform to its
 * entity reaching the catalog, for the suite's provider (deltas from the platform's watch,
 * plus the sweep) side by side with a provider that only sweeps, both measured in this run
 * on the same data.
 *
 * Each column has its own platform (its own caches over the same fake API server); the
 * sweep-only column's platform has no change stream, so its provider can only sweep. Its
 * sweeps run every BASELINE_SWEEP_MS, and its changes land at evenly spread points of the
 * sweep interval (1/8, 3/8, 5/8, 7/8 of the way), so its delays are measured, not drawn.
 * Every wait is bounded.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { LoggerService } from '@backstage/backend-plugin-api';
import { setupServer } from 'msw/node';
import {
  KratixPromise,
  ResourceRequest,
} from '@kratix-backstage/plugin-kratix-common';
import {
  KratixPlatform,
  KubernetesApiClient,
  KubernetesKratixPlatform,
} from '@kratix-backstage/plugin-kratix-node';
import {
  FakeKubernetesApi,
  kubeConfigFor,
  registerPromiseApi,
} from '@kratix-backstage/plugin-kratix-node/testUtils';
import { KratixEntityProvider } from '../src/providers/KratixEntityProvider';

const PROMISES = 200;
const REQUESTS = 20_000;
const CHANGES = 10;
/** The sweep-only provider's interval: the module's default schedule is 60 s; 10 s keeps the run short. */
const BASELINE_SWEEP_MS = 10_000;
/** Where in the sweep interval the sweep-only column's changes land. */
const BASELINE_PHASES = [1 / 8, 3 / 8, 5 / 8, 7 / 8];
/** The longest any wait of this bench may take before it gives up. */
const WAIT_LIMIT_MS = 120_000;

const promise = (i: number): KratixPromise => ({
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'Promise',
  metadata: { name: `service-${i}` },
  spec: {
    api: {
      spec: {
        group: 'bench.kratix.io',
        names: { kind: `Service${i}`, plural: `service${i}s` },
        scope: 'Namespaced',
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: {
                  spec: {
                    type: 'object',
                    properties: { size: { type: 'string', enum: ['s', 'm'] } },
                  },
                },
              },
            },
          },
        ],
      },
    },
  },
  status: { status: 'Available' },
});
const request = (i: number, suffix = ''): ResourceRequest => ({
  apiVersion: 'bench.kratix.io/v1',
  kind: `Service${i % PROMISES}`,
  metadata: {
    name: `req-${i}${suffix}`,
    namespace: `team-${i % 20}`,
    labels: { 'backstage.io/owner': `group-team-${i % 20}` },
  },
  spec: { size: 's' },
  status: {
    observedGeneration: 1,
    conditions: [{ type: 'Reconciled', status: 'True', reason: 'Reconciled' }],
  },
});

const quietLogger: LoggerService = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
  child: () => quietLogger,
};

function entityName(i: number, suffix: string) {
  return `bench_service-${i % PROMISES}_team-${i % 20}_req-${i}${suffix}`;
}

const sleep = (ms: number) =>
  new Promise(resolve => setTimeout(resolve, Math.max(0, ms)));

/** Polls until the check holds; every wait of this bench gives up after its limit. */
async function waitFor(
  what: string,
  check: () => boolean,
  timeoutMs = WAIT_LIMIT_MS,
  intervalMs = 5,
): Promise<void> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > timeoutMs)
      throw new Error(`bench:catalog gave up waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/**
 * A provider connected to a recording catalog: when each entity name first arrived in a
 * mutation, and the sweep task to run by hand.
 */
async function connectProvider(platform: KratixPlatform) {
  const seenAt = new Map<string, number>();
  let sweep: (() => Promise<void>) | undefined;
  const provider = new KratixEntityProvider({
    platform,
    owner: 'group:default/platform-team',
    taskRunner: {
      run: async ({ fn }: any) => {
        sweep = () => fn(new AbortController().signal);
      },
    },
    logger: quietLogger,
  });
  await provider.connect({
    applyMutation: async (m: any) => {
      const now = performance.now();
      const entities = m.type === 'full' ? m.entities : m.added;
      for (const { entity } of entities)
        if (!seenAt.has(entity.metadata.name))
          seenAt.set(entity.metadata.name, now);
    },
    refresh: async () => undefined,
  } as any);
  if (!sweep) throw new Error('the provider scheduled no sweep');
  return { seenAt, sweep };
}

/** A platform of its own over the fake API server, started (its first lists done). */
async function startPlatform(fake: FakeKubernetesApi) {
  const platform = new KubernetesKratixPlatform({
    name: 'bench',
    client: new KubernetesApiClient(kubeConfigFor(fake)),
  });
  await platform.start();
  return platform;
}

const median = (v: number[]) =>
  [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

/**
 * Full ingests (each sweep is a full mutation of everything): the provider's first sweep,
 * then the median of three more.
 */
async function fullIngest(
  sweep: () => Promise<void>,
): Promise<{ first: number; warm: number }> {
  const times: number[] = [];
  for (let i = 0; i < 4; i++) {
    const t = performance.now();
    await sweep();
    times.push(performance.now() - t);
  }
  return { first: times[0], warm: median(times.slice(1)) };
}

const max = (v: number[]) => Math.max(...v);
const load = () =>
  `load average ${loadavg()
    .map(l => l.toFixed(2))
    .join(', ')}`;

async function main() {
  const fake = new FakeKubernetesApi();
  for (let i = 0; i < PROMISES; i++) {
    registerPromiseApi(fake, promise(i));
    fake.put(promise(i));
  }
  for (let i = 0; i < REQUESTS; i++) fake.put(request(i));
  const server = setupServer(...fake.handlers());
  server.listen();
  console.log(
    `bench:catalog  ${PROMISES} Promises, ${REQUESTS} requests (${load()})`,
  );

  // The suite: deltas from the platform's changes, and the sweep.
  const platform = await startPlatform(fake);
  const suite = await connectProvider(platform);
  const ingestMs = await fullIngest(suite.sweep);
  const ingested = suite.seenAt.size;
  if (ingested < REQUESTS)
    throw new Error(`the sweep provided ${ingested} entities`);
  const deltaDelays: number[] = [];
  for (let c = 0; c < CHANGES; c++) {
    const name = entityName(c, '-delta');
    const t = performance.now();
    fake.put(request(c, '-delta'));
    await waitFor(`the delta of ${name}`, () => suite.seenAt.has(name));
    deltaDelays.push(suite.seenAt.get(name)! - t);
  }
  platform.stop();
  // The baseline starts from the same data.
  for (let c = 0; c < CHANGES; c++) {
    const { apiVersion, kind, metadata } = request(c, '-delta');
    fake.remove(apiVersion, kind, metadata.name, metadata.namespace);
  }

  // The baseline: the same data through a platform without its change stream, so the
  // provider only sweeps, every BASELINE_SWEEP_MS.
  const sweepOnly = await startPlatform(fake);
  const baseline = await connectProvider(
    new Proxy(sweepOnly, {
      get: (target, key) => {
        if (key === 'subscribe') return undefined;
        const value = (target as any)[key];
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }),
  );
  const baselineIngestMs = await fullIngest(baseline.sweep);
  const baselineIngested = baseline.seenAt.size;
  // The sweeps so far, when the last one started, and whether to go on.
  const clock = { sweeps: 0, startedAt: performance.now(), running: true };
  const sweeping = (async () => {
    while (clock.running) {
      await sleep(clock.startedAt + BASELINE_SWEEP_MS - performance.now());
      if (!clock.running) break;
      clock.startedAt = performance.now();
      clock.sweeps++;
      await baseline.sweep();
    }
  })();
  const baselineDelays: number[] = [];
  try {
    for (const [c, phase] of BASELINE_PHASES.entries()) {
      // Wait for the next sweep to start, then for the change's point in the interval.
      const sweepsBefore = clock.sweeps;
      await waitFor(
        'the next sweep',
        () => clock.sweeps > sweepsBefore,
        2 * BASELINE_SWEEP_MS + WAIT_LIMIT_MS,
        2,
      );
      await sleep(
        clock.startedAt + phase * BASELINE_SWEEP_MS - performance.now(),
      );
      const name = entityName(c, '-baseline');
      const t = performance.now();
      fake.put(request(c, '-baseline'));
      await waitFor(
        `the sweep that brings ${name}`,
        () => baseline.seenAt.has(name),
        2 * BASELINE_SWEEP_MS + WAIT_LIMIT_MS,
        10,
      );
      baselineDelays.push(baseline.seenAt.get(name)! - t);
    }
  } finally {
    clock.running = false;
    await sweeping;
    sweepOnly.stop();
    fake.dropWatches();
    server.close();
  }

  console.log(`\n(${load()})`);
  const rows: Array<[string, string, string]> = [
    ['entities ingested', String(ingested), String(baselineIngested)],
    [
      'full ingest, first sweep (s)',
      (ingestMs.first / 1000).toFixed(2),
      (baselineIngestMs.first / 1000).toFixed(2),
    ],
    [
      'full ingest, median of the next 3 (s)',
      (ingestMs.warm / 1000).toFixed(2),
      (baselineIngestMs.warm / 1000).toFixed(2),
    ],
    [
      'change -> entity, median (s)',
      (median(deltaDelays) / 1000).toFixed(2),
      (median(baselineDelays) / 1000).toFixed(2),
    ],
    [
      'change -> entity, worst (s)',
      (max(deltaDelays) / 1000).toFixed(2),
      (max(baselineDelays) / 1000).toFixed(2),
    ],
    [
      'changes measured',
      String(deltaDelays.length),
      String(baselineDelays.length),
    ],
  ];
  const head = [
    'measure',
    'deltas + sweep',
    `sweep only (every ${BASELINE_SWEEP_MS / 1000}s)`,
  ];
  const widths = head.map((h, c) =>
    Math.max(h.length, ...rows.map(r => r[c].length)),
  );
  for (const row of [head, ...rows])
    console.log(
      row
        .map((cell, c) =>
          c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c] + 2),
        )
        .join(''),
    );
  console.log(
    `(the sweep-only delay is about half the sweep interval plus a sweep: with the module's default 60 s sweep, about 30 s)`,
  );
  const targets = [
    ['full ingest <= 10 s (first sweep)', ingestMs.first <= 10_000],
    ['change -> entity <= 2 s', max(deltaDelays) <= 2000],
  ] as const;
  for (const [n, ok] of targets)
    console.log(`${ok ? 'met   ' : 'MISSED'} ${n}`);
  const missed = targets.filter(([, ok]) => !ok).length;
  console.log(`${targets.length - missed}/${targets.length} targets met`);
  // A printed figure is an asserted one: a missed target fails the run.
  process.exit(missed ? 1 : 0);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
