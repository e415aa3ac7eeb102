/*
 * yarn bench:catalog — the catalog module over a platform of 200 Promises and 20,000
 * requests (the msw fake API server the tests use): time of a full ingest, and the delay
 * from a change on the platform to the entity update, with deltas vs a full-sweep-only
 * baseline, printed side by side.
 */
import { performance } from 'node:perf_hooks';
import { LoggerService } from '@backstage/backend-plugin-api';
import { setupServer } from 'msw/node';
import { KratixPromise, ResourceRequest } from '@kratix-backstage/plugin-kratix-common';
import { KubernetesApiClient, KubernetesKratixPlatform } from '@kratix-backstage/plugin-kratix-node';
import { FakeKubernetesApi, kubeConfigFor, registerPromiseApi } from '@kratix-backstage/plugin-kratix-node/testUtils';
import { KratixEntityProvider } from '../src/providers/KratixEntityProvider';

const PROMISES = 200;
const REQUESTS = 20_000;
const CHANGES = 10;
/** The baseline's sweep interval: the module's default schedule is 60 s; 10 s keeps the run short. */
const BASELINE_SWEEP_MS = 10_000;

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
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'string', enum: ['s', 'm'] } } } } } } }],
      },
    },
  },
  status: { status: 'Available' },
});
const request = (i: number, suffix = ''): ResourceRequest => ({
  apiVersion: 'bench.kratix.io/v1',
  kind: `Service${i % PROMISES}`,
  metadata: { name: `req-${i}${suffix}`, namespace: `team-${i % 20}`, labels: { 'backstage.io/owner': `group-team-${i % 20}` } },
  spec: { size: 's' },
  status: { observedGeneration: 1, conditions: [{ type: 'Reconciled', status: 'True', reason: 'Reconciled' }] },
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

async function main() {
  const fake = new FakeKubernetesApi();
  for (let i = 0; i < PROMISES; i++) {
    registerPromiseApi(fake, promise(i));
    fake.put(promise(i));
  }
  for (let i = 0; i < REQUESTS; i++) fake.put(request(i));
  const server = setupServer(...fake.handlers());
  server.listen();
  const platform = new KubernetesKratixPlatform({ name: 'bench', client: new KubernetesApiClient(kubeConfigFor(fake)) });
  await platform.start();

  // Records when each entity name first appeared in a mutation.
  const seenAt = new Map<string, number>();
  const connection = {
    applyMutation: async (m: any) => {
      const now = performance.now();
      const entities = m.type === 'full' ? m.entities : m.added;
      for (const { entity } of entities) if (!seenAt.has(entity.metadata.name)) seenAt.set(entity.metadata.name, now);
    },
    refresh: async () => undefined,
  };
  const tasks: Array<() => Promise<void>> = [];
  const provider = new KratixEntityProvider({
    platform,
    owner: 'group:default/platform-team',
    taskRunner: { run: async ({ fn }: any) => void tasks.push(() => fn(new AbortController().signal)) },
    logger: quietLogger,
  });
  await provider.connect(connection as any);

  const ingestStart = performance.now();
  await tasks[0]();
  const ingestMs = performance.now() - ingestStart;
  const ingested = seenAt.size;

  // Deltas: each change is written to the platform, and we time until its entity arrives.
  const deltaDelays: number[] = [];
  for (let c = 0; c < CHANGES; c++) {
    const name = entityName(c, '-delta');
    const t = performance.now();
    fake.put(request(c, '-delta'));
    while (!seenAt.has(name)) await new Promise(r => setTimeout(r, 5));
    deltaDelays.push(seenAt.get(name)! - t);
  }

  // Baseline: no deltas, only the full sweep on its schedule.
  const baselineSeen = new Map<string, number>();
  const baselineTasks: Array<() => Promise<void>> = [];
  const baseline = new KratixEntityProvider({
    // The same platform without its change stream: only the scheduled sweep updates the catalog.
    platform: new Proxy(platform, {
      get: (target, key) => {
        if (key === 'subscribe') return undefined;
        const value = (target as any)[key];
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }),
    owner: 'group:default/platform-team',
    taskRunner: { run: async ({ fn }: any) => void baselineTasks.push(() => fn(new AbortController().signal)) },
    logger: quietLogger,
  });
  await baseline.connect({
    applyMutation: async (m: any) => {
      const now = performance.now();
      for (const { entity } of m.entities) if (!baselineSeen.has(entity.metadata.name)) baselineSeen.set(entity.metadata.name, now);
    },
    refresh: async () => undefined,
  } as any);
  await baselineTasks[0]();
  const sweeper = setInterval(() => void baselineTasks[0](), BASELINE_SWEEP_MS);
  const baselineDelays: number[] = [];
  for (let c = 0; c < 3; c++) {
    // Changes land at a random point of the sweep interval, as they would in life.
    await new Promise(r => setTimeout(r, Math.random() * BASELINE_SWEEP_MS));
    const name = entityName(c, '-baseline');
    const t = performance.now();
    fake.put(request(c, '-baseline'));
    while (!baselineSeen.has(name)) await new Promise(r => setTimeout(r, 20));
    baselineDelays.push(baselineSeen.get(name)! - t);
  }
  clearInterval(sweeper);
  platform.stop();
  fake.dropWatches();
  server.close();

  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  const max = (v: number[]) => Math.max(...v);
  console.log(`\nbench:catalog  ${PROMISES} Promises, ${REQUESTS} requests (${ingested} entities incl. Templates)`);
  console.log(`${'measure'.padEnd(34)}${'deltas + sweep'.padStart(16)}${`sweep only (every ${BASELINE_SWEEP_MS / 1000}s)`.padStart(26)}`);
  const rows: Array<[string, string, string]> = [
    ['full ingest (s)', (ingestMs / 1000).toFixed(2), (ingestMs / 1000).toFixed(2)],
    ['change -> entity, median (s)', (median(deltaDelays) / 1000).toFixed(2), (median(baselineDelays) / 1000).toFixed(2)],
    ['change -> entity, worst (s)', (max(deltaDelays) / 1000).toFixed(2), (max(baselineDelays) / 1000).toFixed(2)],
  ];
  for (const [n, a, b] of rows) console.log(`${n.padEnd(34)}${a.padStart(16)}${b.padStart(26)}`);
  console.log(`(with the module's default 60 s sweep, the baseline waits 30 s on average)`);
  const targets = [
    ['full ingest <= 10 s', ingestMs <= 10_000],
    ['change -> entity <= 2 s', max(deltaDelays) <= 2000],
  ] as const;
  for (const [n, ok] of targets) console.log(`${ok ? 'met   ' : 'MISSED'} ${n}`);
  process.exit(targets.every(([, ok]) => ok) ? 0 : 1);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
