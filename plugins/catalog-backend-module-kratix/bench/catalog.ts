/*
 * yarn bench:catalog — how soon a change on the platform is an entity in Backstage's catalog:
 * the suite's module (deltas from the platform's watch, plus its sweep at the module's
 * default interval) side by side with what a portal without the suite does, both through
 * the real catalog backend (its processing loop, database and API) and both measured here.
 *
 * The baseline is how Syntasso's portal delivers entities: Kratix pipelines write
 * `catalog-info.yaml` files into a git repository (the portal Destination's state store) and
 * Backstage reads them from a registered location, at the catalog's default processing
 * interval (100-150 s: CatalogBuilder.getDefaultProcessingInterval in
 * @backstage/plugin-catalog-backend). Here: a real local git repository holding, as one
 * file each, the very entities the suite's first sweep provided, registered as a `file`
 * location (a glob over the work tree, which FileReaderProcessor reads); each change is a new
 * file committed to it. Reading the work tree leaves out the pull a remote location costs,
 * in the baseline's favour. The files are JSON, which is YAML.
 *
 * The platform is the msw fake API server the tests use: 200 Promises and 20,000 requests
 * (BENCH_SHORT=1, run by the test command: 10 Promises and 200 requests, and every interval
 * of both columns 20 times shorter, so the baseline's delay shrinks with its interval while
 * the suite's does not). Every wait is bounded.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  createBackendModule,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import {
  catalogProcessingExtensionPoint,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import {
  KratixPromise,
  ResourceRequest,
} from '@kratix-backstage/plugin-kratix-common';
import {
  KubernetesApiClient,
  KubernetesKratixPlatform,
} from '@kratix-backstage/plugin-kratix-node';
import {
  FakeKubernetesApi,
  kubeConfigFor,
  registerPromiseApi,
} from '@kratix-backstage/plugin-kratix-node/testUtils';
import { DEFAULT_KRATIX_PROVIDER_SCHEDULE } from '../src/providers/config';
import { KratixEntityProvider } from '../src/providers/KratixEntityProvider';

const SHORT = !!process.env.BENCH_SHORT;
const PROMISES = SHORT ? 10 : 200;
const REQUESTS = SHORT ? 200 : 20_000;
/** Every interval is this many times shorter in the short form. */
const SPEED = SHORT ? 20 : 1;
/** The module's own default sweep (catalog.providers.kratix.schedule unset): 60 s. */
const SUITE_SWEEP_MS = (() => {
  const { seconds = 0, minutes = 0 } =
    DEFAULT_KRATIX_PROVIDER_SCHEDULE.frequency as {
      seconds?: number;
      minutes?: number;
    };
  return ((minutes * 60 + seconds) * 1000) / SPEED;
})();
/** Backstage's default processing interval: a random 100-150 s per entity. */
const CATALOG_INTERVAL_S = { min: 100 / SPEED, max: 150 / SPEED };
const CHANGES = 4;
/** The longest any wait of this bench may take before it gives up. */
const WAIT_LIMIT_MS = (SHORT ? 120 : 1800) * 1000;
/**
 * Through the catalog a delta waits for the provider's 250 ms batch, then for the catalog's
 * processing loop and its deferred stitching, each polling once a second
 * (DefaultCatalogProcessingEngine pollingIntervalMs 1000, catalog.stitchingStrategy
 * pollingInterval 1 s): 2.25 s at worst before any work, so the target is 3 s.
 */
const SUITE_TARGET_MS = 3000;
/** The change -> entity ratio the suite must reach over the baseline (median of each). */
const RATIO_TARGET = SHORT ? 2 : 10;

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
const resourceRequest = (i: number, suffix = ''): ResourceRequest => ({
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
const entityName = (i: number, suffix: string) =>
  `bench_service-${i % PROMISES}_team-${i % 20}_req-${i}${suffix}`;

const quietLogger: LoggerService = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
  child: () => quietLogger,
};

const sleep = (ms: number) =>
  new Promise(resolve => setTimeout(resolve, Math.max(0, ms)));

async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  intervalMs: number,
): Promise<void> {
  const start = performance.now();
  while (!(await check())) {
    if (performance.now() - start > timeoutMs)
      throw new Error(`bench:catalog gave up waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** A catalog backend (the real catalog plugin, in-memory database) read as a user reads it. */
async function startCatalog(
  features: any[],
  catalogConfig: Record<string, unknown>,
) {
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      scaffolderEntityModel,
      ...features,
      mockServices.rootConfig.factory({
        data: {
          backend: { baseUrl: 'http://localhost:7007' },
          catalog: {
            // The default interval, unset, in the full form.
            ...(SHORT
              ? { processingInterval: { seconds: CATALOG_INTERVAL_S.min } }
              : {}),
            ...catalogConfig,
          },
        },
      }),
    ],
  });
  const read = (path: string) =>
    request(backend.server)
      .get(`/api/catalog${path}`)
      .set('Authorization', mockCredentials.user.header());
  return {
    stop: () => backend.stop(),
    /** How many entities of the bench platform the catalog serves. */
    count: async () =>
      Number(
        (
          await read(
            `/entities/by-query?limit=1&filter=${encodeURIComponent(
              'metadata.annotations.kratix-backstage.io/platform=bench',
            )}`,
          )
        ).body.totalItems ?? 0,
      ),
    has: async (kind: string, name: string) =>
      (await read(`/entities/by-name/${kind}/default/${name}`)).status === 200,
  };
}

/** The suite's provider in the catalog, its sweep run by this bench on the module's interval. */
function suiteModule(provider: KratixEntityProvider, full: Entity[]) {
  const recording: EntityProvider = {
    getProviderName: () => provider.getProviderName(),
    connect: (connection: EntityProviderConnection) =>
      provider.connect({
        refresh: options => connection.refresh(options),
        applyMutation: async mutation => {
          if (mutation.type === 'full' && full.length === 0)
            full.push(...mutation.entities.map(e => e.entity));
          await connection.applyMutation(mutation);
        },
      }),
  };
  return createBackendModule({
    pluginId: 'catalog',
    moduleId: 'kratix-bench',
    register(env) {
      env.registerInit({
        deps: { catalog: catalogProcessingExtensionPoint },
        async init({ catalog }) {
          catalog.addEntityProvider(recording);
        },
      });
    },
  });
}

const median = (v: number[]) =>
  [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const load = () =>
  `load average ${loadavg()
    .map(l => l.toFixed(2))
    .join(', ')}`;
const s = (ms: number) => (ms / 1000).toFixed(2);

/**
 * Whether the catalog serves every entity yet, printing how many it does once a minute: a
 * full ingest of the full form takes the real catalog minutes.
 */
function ingested(
  catalog: { count(): Promise<number> },
  expected: number,
  column: string,
) {
  const start = performance.now();
  let printed = start;
  return async () => {
    const count = await catalog.count();
    if (performance.now() - printed >= 60_000) {
      printed = performance.now();
      console.log(
        `  ${column}: ${count} of ${expected} entities in the catalog after ${s(
          printed - start,
        )} s (${load()})`,
      );
    }
    return count >= expected;
  };
}

interface Column {
  entities: number;
  ingestMs: number;
  delays: number[];
}

/** The suite: its provider over a platform of its own, deltas and the sweep. */
async function measureSuite(fake: FakeKubernetesApi, full: Entity[]) {
  const platform = new KubernetesKratixPlatform({
    name: 'bench',
    client: new KubernetesApiClient(kubeConfigFor(fake)),
  });
  await platform.start();
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
  const catalog = await startCatalog([suiteModule(provider, full)], {});
  const clock = { running: true };
  let sweeping: Promise<void> = Promise.resolve();
  try {
    const start = performance.now();
    const firstSweep = performance.now();
    await sweep!();
    const sweepMs = performance.now() - firstSweep;
    await waitFor(
      'the suite’s entities in the catalog',
      ingested(catalog, full.length, 'module'),
      WAIT_LIMIT_MS,
      200,
    );
    const ingestMs = performance.now() - start;
    // The sweep goes on at the module's interval while the changes are made.
    sweeping = (async () => {
      while (clock.running) {
        await sleep(SUITE_SWEEP_MS);
        if (clock.running) await sweep!();
      }
    })();
    const kind = full
      .find(e => e.metadata.name === entityName(0, ''))!
      .kind.toLowerCase();
    const delays: number[] = [];
    for (let c = 0; c < CHANGES; c++) {
      const name = entityName(c, '-delta');
      const t = performance.now();
      fake.put(resourceRequest(c, '-delta'));
      await waitFor(
        `the delta of ${name}`,
        () => catalog.has(kind, name),
        WAIT_LIMIT_MS,
        20,
      );
      delays.push(performance.now() - t);
    }
    return { entities: full.length, ingestMs, delays, sweepMs };
  } finally {
    clock.running = false;
    platform.stop();
    await catalog.stop();
    fake.dropWatches();
    await Promise.race([sweeping, sleep(5000)]);
  }
}

/** The entity as a file of the portal's repository: the catalog sets where it came from. */
function asFile(entity: Entity): string {
  const annotations = { ...entity.metadata.annotations };
  delete annotations['backstage.io/managed-by-location'];
  delete annotations['backstage.io/managed-by-origin-location'];
  return `${JSON.stringify(
    { ...entity, metadata: { ...entity.metadata, annotations } },
    null,
    2,
  )}\n`;
}

/** The baseline: the same entities as files in a git repository, read from a location. */
async function measureBaseline(full: Entity[]): Promise<Column> {
  const repo = await mkdtemp(join(tmpdir(), 'bench-catalog-portal-'));
  const git = (...args: string[]) =>
    execFileSync(
      'git',
      ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', ...args],
      { cwd: repo, stdio: 'pipe' },
    );
  const fileOf = (e: Entity) =>
    join(
      repo,
      'entities',
      e.kind.toLowerCase(),
      e.metadata.name,
      'catalog-info.yaml',
    );
  const write = async (e: Entity) => {
    await mkdir(dirname(fileOf(e)), { recursive: true });
    await writeFile(fileOf(e), asFile(e));
  };
  git('init', '-q', '-b', 'main');
  for (const e of full) await write(e);
  git('add', '-A');
  git('commit', '-q', '-m', 'the portal’s entities');

  const kinds = [...new Set(full.map(e => e.kind)), 'Location'];
  const start = performance.now();
  const catalog = await startCatalog([], {
    rules: [{ allow: kinds }],
    locations: [
      {
        type: 'file',
        target: join(repo, 'entities', '**', 'catalog-info.yaml'),
      },
    ],
  });
  try {
    await waitFor(
      'the portal’s entities in the catalog',
      ingested(catalog, full.length, 'git location'),
      WAIT_LIMIT_MS,
      200,
    );
    const ingestMs = performance.now() - start;
    // Changes committed at evenly spread points of one mean interval, each measured until
    // the catalog serves its entity; the location's next read is the catalog's to choose.
    const template = full.find(e => e.metadata.name === entityName(0, ''))!;
    const meanMs =
      ((CATALOG_INTERVAL_S.min + CATALOG_INTERVAL_S.max) / 2) * 1000;
    const t0 = performance.now();
    const delays = await Promise.all(
      Array.from({ length: CHANGES }, async (_, c) => {
        await sleep(t0 + (c / CHANGES) * meanMs - performance.now());
        const entity = {
          ...template,
          metadata: {
            ...template.metadata,
            name: entityName(c, '-baseline'),
          },
        };
        const t = performance.now();
        await write(entity);
        git('add', '-A');
        git('commit', '-q', '-m', `request ${entity.metadata.name}`);
        await waitFor(
          `the location read that brings ${entity.metadata.name}`,
          () => catalog.has(entity.kind.toLowerCase(), entity.metadata.name),
          CATALOG_INTERVAL_S.max * 2000 + WAIT_LIMIT_MS,
          SHORT ? 20 : 200,
        );
        return performance.now() - t;
      }),
    );
    return { entities: full.length, ingestMs, delays };
  } finally {
    await catalog.stop();
    await rm(repo, { recursive: true, force: true });
  }
}

async function main() {
  const fake = new FakeKubernetesApi();
  for (let i = 0; i < PROMISES; i++) {
    registerPromiseApi(fake, promise(i));
    fake.put(promise(i));
  }
  for (let i = 0; i < REQUESTS; i++) fake.put(resourceRequest(i));
  // The catalog's own HTTP (read by supertest) passes through untouched.
  const server = setupServer(
    http.all(/\/api\/catalog\//, () => passthrough()),
    ...fake.handlers(),
  );
  server.listen();
  console.log(
    `bench:catalog${
      SHORT ? ' (short form)' : ''
    }  ${PROMISES} Promises, ${REQUESTS} requests; the module's sweep every ${s(
      SUITE_SWEEP_MS,
    )} s vs a git location read every ${CATALOG_INTERVAL_S.min}-${
      CATALOG_INTERVAL_S.max
    } s (${load()})`,
  );
  const full: Entity[] = [];
  let suite: Column & { sweepMs: number };
  let baseline: Column;
  try {
    suite = await measureSuite(fake, full);
    if (full.length < REQUESTS)
      throw new Error(`the first sweep provided ${full.length} entities`);
    baseline = await measureBaseline(full);
  } finally {
    server.close();
  }

  console.log(`\n(${load()})`);
  const rows: string[][] = [
    [
      'entities in the catalog',
      String(suite.entities),
      String(baseline.entities),
    ],
    [
      'start -> every entity in the catalog (s)',
      s(suite.ingestMs),
      s(baseline.ingestMs),
    ],
    [
      'change -> entity, each (s)',
      suite.delays.map(s).join(' '),
      baseline.delays.map(s).join(' '),
    ],
    [
      'change -> entity, median (s)',
      s(median(suite.delays)),
      s(median(baseline.delays)),
    ],
    [
      'change -> entity, worst (s)',
      s(Math.max(...suite.delays)),
      s(Math.max(...baseline.delays)),
    ],
  ];
  const head = [
    'measure',
    `module (deltas + sweep every ${s(SUITE_SWEEP_MS)} s)`,
    `git location (read every ${CATALOG_INTERVAL_S.min}-${CATALOG_INTERVAL_S.max} s)`,
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
  const ratio = median(baseline.delays) / median(suite.delays);
  console.log(
    `change -> entity: the module ${ratio.toFixed(
      1,
    )}x ahead of the git location (medians; target ${RATIO_TARGET}x)`,
  );
  const targets = [
    [
      `the module's first sweep <= 10 s (${s(suite.sweepMs)} s)`,
      suite.sweepMs <= 10_000,
    ],
    [
      `change -> entity <= ${s(
        SUITE_TARGET_MS,
      )} s through the catalog, every change`,
      Math.max(...suite.delays) <= SUITE_TARGET_MS,
    ],
    [
      `change -> entity at least ${RATIO_TARGET}x ahead of the git location`,
      ratio >= RATIO_TARGET,
    ],
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
