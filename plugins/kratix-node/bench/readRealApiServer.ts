/*
 * The real-API-server row of yarn bench:read: a real kube-apiserver with etcd (the platform of
 * tools/kratix-platform, started without controllers, so no pipeline runs for the requests)
 * holding one test Promise and 20,000 of its requests in 20 namespaces. The same two columns as
 * the other rows, in the same run: Promise-page views from the watch cache, and a list from the
 * API server per view. Calls are counted from the API server's own metrics
 * (apiserver_request_total), not by the suite.
 */
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { KubeConfig } from '@kubernetes/client-node';
import {
  ResourceRequest,
  toRequestListItem,
} from '@kratix-backstage/plugin-kratix-common';
import { KubernetesApiClient } from '../src/kubernetes/KubernetesApiClient';
import { KubernetesKratixPlatform } from '../src/platform/KubernetesKratixPlatform';
import { requestListItems } from '../src/views/requestListItems';
import { percentile, waitFor } from './benchTable';
import { request as fixtureRequest } from './readFixtures';
import { requestsPage } from './requestsPage';

/** What the row measured in one fresh process. */
export interface RealMeasured {
  coldMs: number;
  rssMB: number;
  cache: { p50: number; p95: number; calls: number };
  perView: { p50: number; p95: number; calls: number };
}

export const REAL_REQUESTS = 20_000;
const NAMESPACES = 20;
const GROUP = 'bench.kratix-backstage.io';
const PLURAL = 'benchservices';
/** Views per column; a list of 20,000 objects takes about a second on the real server. */
export const REAL_VIEWS = { cache: 500, perView: 20, warmup: 5 };

interface PlatformInfo {
  server: string;
  adminKubeconfig: string;
  caFile: string;
}

function adminClient(info: PlatformInfo) {
  const kc = new KubeConfig();
  kc.loadFromFile(info.adminKubeconfig);
  return kc;
}

const keepAlive = new https.Agent({ keepAlive: true, maxSockets: 16 });

/** One call to the API server as its administrator; answers status and JSON body. */
function call(info: PlatformInfo, method: string, path: string, body?: object) {
  const user = adminClient(info).getCurrentUser()!;
  const decode = (data?: string) =>
    data ? Buffer.from(data, 'base64') : undefined;
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = https.request(new URL(path, info.server), {
      method,
      ca: readFileSync(info.caFile),
      cert: decode(user.certData ?? undefined),
      key: decode(user.keyData ?? undefined),
      headers: body ? { 'Content-Type': 'application/json' } : {},
      agent: keepAlive,
    });
    req.on('response', res => {
      let text = '';
      res.on('data', chunk => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

/** The test Promise (only its API matters here) and 20,000 requests of it. */
export async function seedRealApiServer(info: PlatformInfo): Promise<void> {
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${PLURAL}.${GROUP}` },
    spec: {
      group: GROUP,
      names: { kind: 'BenchService', plural: PLURAL, singular: 'benchservice' },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          // No status subresource: each request is created with the status the other rows'
          // requests carry (Ready but one in seven), with no controller here to write it.
          schema: {
            openAPIV3Schema: {
              type: 'object',
              'x-kubernetes-preserve-unknown-fields': true,
            },
          },
        },
      ],
    },
  };
  const must = async (answer: Promise<{ status: number; text: string }>) => {
    const { status, text } = await answer;
    if (status >= 300 && status !== 409)
      throw new Error(`bench: API server answered ${status}: ${text}`);
  };
  await must(
    call(
      info,
      'POST',
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
      crd,
    ),
  );
  await must(
    call(info, 'POST', '/apis/platform.kratix.io/v1alpha1/promises', {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'Promise',
      metadata: {
        name: 'bench-service',
        labels: { 'kratix.io/promise-version': 'v1.0.0' },
      },
      spec: { api: crd },
    }),
  );
  await waitFor(
    'the request API to be served',
    async () =>
      (
        await call(info, 'GET', `/apis/${GROUP}/v1/${PLURAL}?limit=1`)
      ).status === 200,
    60_000,
    200,
  );
  for (let n = 0; n < NAMESPACES; n++) {
    await must(
      call(info, 'POST', '/api/v1/namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: `team-${n}` },
      }),
    );
  }
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < REAL_REQUESTS; i = next++) {
      const namespace = `team-${i % NAMESPACES}`;
      const fixture = fixtureRequest(
        {
          promises: 1,
          requests: REAL_REQUESTS,
          destinations: 1,
          works: 0,
          namespaces: NAMESPACES,
        },
        i,
      );
      await must(
        call(
          info,
          'POST',
          `/apis/${GROUP}/v1/namespaces/${namespace}/${PLURAL}`,
          {
            apiVersion: `${GROUP}/v1`,
            kind: 'BenchService',
            metadata: { name: fixture.metadata.name, namespace },
            spec: fixture.spec,
            status: fixture.status,
          },
        ),
      );
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

/**
 * LIST and GET requests the API server has served, from its metrics: what a view would send.
 * (The cache's watches are its steady state, renewed now and then; they are no view's call.)
 */
async function served(info: PlatformInfo): Promise<number> {
  const { text } = await call(info, 'GET', '/metrics');
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith('apiserver_request_total{')) continue;
    if (!/verb="(LIST|GET)"/.test(line)) continue;
    // The benchmark's own metrics reads are not the suite's.
    if (
      /resource=""/.test(line) &&
      /subresource=""/.test(line) &&
      /scope=""/.test(line)
    )
      continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

/** The row, in this (fresh) process. */
export async function measureReal(info: PlatformInfo): Promise<RealMeasured> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const settled = async () => {
    for (let i = 0; i < 3; i++) {
      gc?.();
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    return process.memoryUsage();
  };
  const client = new KubernetesApiClient(adminClient(info), {
    timeoutMs: 120_000,
  });
  const before = await settled();
  const platform = new KubernetesKratixPlatform({ name: 'bench-real', client });
  const coldStart = performance.now();
  await platform.start();
  await waitFor(
    'every request in the cache',
    async () =>
      platform.health().connected &&
      (await platform.listRequests({ promise: 'bench-service' })).length ===
        REAL_REQUESTS,
    120_000,
    20,
  );
  const coldMs = performance.now() - coldStart;
  const after = await settled();
  const page = requestsPage;
  const cacheView = async () =>
    page(await requestListItems(platform, { promise: 'bench-service' }));
  const listView = async () => {
    const { items } = await client.list<ResourceRequest>({
      group: GROUP,
      version: 'v1',
      plural: PLURAL,
      namespaced: true,
    });
    page(items.map(r => toRequestListItem('bench-real', 'bench-service', r)));
  };
  const timed = async (view: () => Promise<unknown>, views: number) => {
    for (let i = 0; i < REAL_VIEWS.warmup; i++) await view();
    const callsBefore = await served(info);
    const times: number[] = [];
    for (let i = 0; i < views; i++) {
      const t = performance.now();
      await view();
      times.push(performance.now() - t);
    }
    return {
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      calls: ((await served(info)) - callsBefore) / views,
    };
  };
  const cache = await timed(cacheView, REAL_VIEWS.cache);
  const perView = await timed(listView, REAL_VIEWS.perView);
  platform.stop();
  return { coldMs, rssMB: (after.rss - before.rss) / 1e6, cache, perView };
}
