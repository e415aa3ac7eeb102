/*
 * yarn bench:read — reads from a large fake platform, served by the cache vs listed from the
 * API server on every view, printed side by side.
 *
 * The platform: 200 Promises, 20,000 requests, 50 destinations, 40,000 Works, answered by
 * the same msw fake API server the tests use (in process: no network latency, which
 * flatters the baseline). A "view" is what the requests table of a Promise page needs:
 * that Promise's requests in every namespace, phase-filtered, sorted, first page of 100.
 */
import { performance } from 'node:perf_hooks';
import { setupServer } from 'msw/node';
import {
  KratixPromise,
  RequestListItem,
  ResourceRequest,
  toRequestListItem,
} from '@kratix-backstage/plugin-kratix-common';
import { FakeKubernetesApi } from '../src/__testUtils__/FakeKubernetesApi';
import { kubeConfigFor } from '../src/__testUtils__/kubeConfigFor';
import { registerPromiseApi } from '../src/__testUtils__/seedFakePlatform';
import { KubernetesApiClient } from '../src/kubernetes/KubernetesApiClient';
import { KubernetesKratixPlatform } from '../src/platform/KubernetesKratixPlatform';
import { requestListItems } from '../src/views/requestListItems';

const PROMISES = 200;
const REQUESTS = 20_000;
const DESTINATIONS = 50;
const WORKS = 40_000;
const NAMESPACES = 20;
const VIEWS = 1000;

function promise(i: number): KratixPromise {
  return {
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'Promise',
    metadata: { name: `service-${i}`, labels: { 'kratix.io/promise-version': 'v1.0.0' } },
    spec: {
      api: {
        spec: {
          group: 'bench.kratix.io',
          names: { kind: `Service${i}`, plural: `service${i}s` },
          scope: 'Namespaced',
          versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }],
        },
      },
      destinationSelectors: [{ matchLabels: { environment: 'dev' } }],
    },
    status: { status: 'Available', kind: `Service${i}`, apiVersion: 'bench.kratix.io/v1' },
  };
}

function request(i: number): ResourceRequest {
  const p = i % PROMISES;
  const ready = i % 7 !== 0;
  return {
    apiVersion: 'bench.kratix.io/v1',
    kind: `Service${p}`,
    metadata: { name: `req-${i}`, namespace: `team-${i % NAMESPACES}`, generation: 1, labels: { 'kratix.io/promise-name': `service-${p}` } },
    spec: { size: 'small' },
    status: {
      observedGeneration: 1,
      message: ready ? 'Resource requested' : 'Pending',
      conditions: [
        ready
          ? { type: 'Reconciled', status: 'True', reason: 'Reconciled', message: 'Reconciled' }
          : { type: 'Reconciled', status: 'Unknown', reason: 'WorkflowPending', message: 'Pending' },
      ],
    },
  };
}

function seed(fake: FakeKubernetesApi) {
  for (let i = 0; i < PROMISES; i++) {
    registerPromiseApi(fake, promise(i));
    fake.put(promise(i));
  }
  for (let i = 0; i < DESTINATIONS; i++) {
    fake.put({
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'Destination',
      metadata: { name: `worker-${i}`, labels: { environment: i % 2 ? 'dev' : 'prod' } },
      spec: { path: `worker-${i}`, stateStoreRef: { kind: 'GitStateStore', name: 'default' } },
    });
  }
  for (let i = 0; i < REQUESTS; i++) fake.put(request(i));
  for (let i = 0; i < WORKS; i++) {
    const r = i % REQUESTS;
    fake.put({
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'Work',
      metadata: {
        name: `work-${i}`,
        namespace: `team-${r % NAMESPACES}`,
        labels: { 'kratix.io/promise-name': `service-${r % PROMISES}`, 'kratix.io/resource-name': `req-${r}` },
      },
      spec: { promiseName: `service-${r % PROMISES}`, resourceName: `req-${r}` },
    });
  }
}

/** The page the requests table shows: filtered, sorted, first 100. */
function page(rows: RequestListItem[]): RequestListItem[] {
  return rows
    .filter(r => r.phase === 'Ready')
    .sort((a, b) => a.name.localeCompare(b.name))
    .slice(0, 100);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main() {
  const fake = new FakeKubernetesApi();
  seed(fake);
  const server = setupServer(...fake.handlers());
  server.listen();
  const client = new KubernetesApiClient(kubeConfigFor(fake));

  const rssBefore = process.memoryUsage().rss;
  const platform = new KubernetesKratixPlatform({ name: 'bench', client });
  const coldStart = performance.now();
  await platform.start();
  // Cold sync ends when every collection is listed and its watch is open.
  while ((fake.calls.get('WATCH') ?? 0) < (fake.calls.get('LIST') ?? 0)) {
    await new Promise(resolve => setTimeout(resolve, 5));
  }
  const coldMs = performance.now() - coldStart;
  const rssAfter = process.memoryUsage().rss;
  const cached = await platform.listRequests();
  if (cached.length !== REQUESTS) throw new Error(`cache holds ${cached.length} requests, expected ${REQUESTS}`);

  const views = Array.from({ length: VIEWS }, (_, i) => ({ p: (i * 37) % PROMISES }));

  // Warm-up both paths once so JIT and sockets are not measured.
  page(await requestListItems(platform, { promise: 'service-0' }));

  const cacheTimes: number[] = [];
  const cacheCallsBefore = fake.totalCalls();
  for (const v of views) {
    const t = performance.now();
    page(await requestListItems(platform, { promise: `service-${v.p}` }));
    cacheTimes.push(performance.now() - t);
  }
  const cacheCalls = (fake.totalCalls() - cacheCallsBefore) / views.length;

  // The baseline is measured with the cache stopped, so only its own calls are counted.
  platform.stop();
  fake.dropWatches();
  const apiTimes: number[] = [];
  const apiCallsBefore = fake.totalCalls();
  for (const v of views) {
    const t = performance.now();
    const { items } = await client.list<ResourceRequest>(
      { group: 'bench.kratix.io', version: 'v1', plural: `service${v.p}s`, namespaced: true },
    );
    page(items.map(r => toRequestListItem('bench', `service-${v.p}`, r)));
    apiTimes.push(performance.now() - t);
  }
  const apiCalls = (fake.totalCalls() - apiCallsBefore) / views.length;

  server.close();

  const p50c = percentile(cacheTimes, 50);
  const p95c = percentile(cacheTimes, 95);
  const p50a = percentile(apiTimes, 50);
  const p95a = percentile(apiTimes, 95);
  const rows: Array<[string, string, string]> = [
    ['warm p50 per view (ms)', p50c.toFixed(2), p50a.toFixed(2)],
    ['warm p95 per view (ms)', p95c.toFixed(2), p95a.toFixed(2)],
    ['speed-up p50 / p95', '', `${(p50a / p50c).toFixed(0)}x / ${(p95a / p95c).toFixed(0)}x`],
    ['API-server calls per view', cacheCalls.toFixed(2), apiCalls.toFixed(2)],
    ['cold sync (s)', (coldMs / 1000).toFixed(2), '-'],
    ['RSS held by the cache (MB)', ((rssAfter - rssBefore) / 1e6).toFixed(0), '-'],
  ];
  console.log(`\nbench:read  ${PROMISES} Promises, ${REQUESTS} requests, ${DESTINATIONS} destinations, ${WORKS} Works; ${VIEWS} views`);
  console.log(`${'measure'.padEnd(30)}${'watch cache'.padStart(14)}${'list per view'.padStart(16)}`);
  for (const [name, a, b] of rows) console.log(`${name.padEnd(30)}${a.padStart(14)}${b.padStart(16)}`);
  const speedup = p95a / p95c;
  console.log(`speed-up at p95: ${speedup.toFixed(1)}x; total RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
  const targets = [
    ['warm p95 <= 20 ms', p95c <= 20],
    ['>= 20x the per-view baseline', speedup >= 20],
    ['0 API-server calls per view', cacheCalls === 0],
    ['cold sync <= 5 s', coldMs <= 5000],
  ] as const;
  for (const [name, ok] of targets) console.log(`${ok ? 'met   ' : 'MISSED'} ${name}`);
  process.exit(targets.every(([, ok]) => ok) ? 0 : 1);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
