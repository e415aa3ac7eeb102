/*
 * Security: every mutating route is permission-checked and writes nothing when denied; no
 * configured credential appears in any response or backend log line.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import {
  coreServices,
  createServiceFactory,
  LoggerService,
  RootLoggerService,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { setupServer } from 'msw/node';
import request from 'supertest';
import {
  createEmbeddedRepository,
  git,
  GitOpsKratixPlatform,
  KubernetesApiClient,
  KubernetesKratixPlatform,
} from '@kratix-backstage/plugin-kratix-node';
import {
  FakeKubernetesApi,
  kubeConfigFor,
  seedFakePlatform,
} from '@kratix-backstage/plugin-kratix-node/testUtils';
import { startKratixBackend } from '../__testUtils__/startKratixBackend';

// Real git repositories and test backends: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

const SECRETS = ['sa-token-7f3c9e1d-DO-NOT-LEAK'];

/** A root logger that keeps every line (with its metadata) so the test can scan them. */
function capturingLogger(lines: string[]): RootLoggerService {
  const make = (meta: object): LoggerService & RootLoggerService => ({
    info: (m: string, e?: object) =>
      void lines.push(JSON.stringify({ m, e, meta })),
    warn: (m: string, e?: object) =>
      void lines.push(
        JSON.stringify({
          m,
          e: String((e as Error)?.message ?? e ?? ''),
          meta,
        }),
      ),
    error: (m: string, e?: object) =>
      void lines.push(
        JSON.stringify({
          m,
          e: String((e as Error)?.message ?? e ?? ''),
          meta,
        }),
      ),
    debug: (m: string, e?: object) =>
      void lines.push(JSON.stringify({ m, e, meta })),
    child: (more: object) => make({ ...meta, ...more }),
  });
  return make({});
}

describe('security', () => {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledFrame: 'bypass' }));
  afterAll(() => server.close());

  let dataDir: string;
  let directory: string;
  let gitops: GitOpsKratixPlatform;
  let fake: FakeKubernetesApi;
  let cluster: KubernetesKratixPlatform;
  const lines: string[] = [];
  const bodies: string[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-security-'));
    directory = await createEmbeddedRepository({ dataDir, name: 'easyeaty' });
    gitops = new GitOpsKratixPlatform({
      name: 'easyeaty',
      directory,
      stateStorePaths: ['state'],
      maxAgeMs: 0,
    });
    fake = new FakeKubernetesApi();
    seedFakePlatform(fake);
    server.use(...fake.handlers());
    cluster = new KubernetesKratixPlatform({
      name: 'prod',
      client: new KubernetesApiClient(kubeConfigFor(fake, SECRETS[0])),
      // The platform's own warnings (failed watches, retries) are scanned too.
      logger: capturingLogger(lines),
      backoff: { initialMs: 20, maxMs: 50 },
    });
    await cluster.start();
  });
  afterAll(async () => {
    cluster.stop();
    fake.dropWatches();
    await rm(dataDir, { recursive: true, force: true });
  });

  const commits = async () =>
    Number((await git(directory, ['rev-list', '--count', '--all'])).trim());

  it.each([
    [
      'kratix.resource.create',
      'post',
      '/api/kratix/platforms/easyeaty/promises/jenkins/requests',
      { name: 'x', namespace: 'team-a', spec: { env: 'dev' } },
    ],
    [
      'kratix.resource.manage',
      'post',
      '/api/kratix/platforms/easyeaty/promises/jenkins/requests/team-checkout/ci/actions',
      { action: 'delete' },
    ],
    [
      'kratix.promise.install',
      'post',
      '/api/kratix/platforms/easyeaty/marketplace/install',
      { name: 'redis' },
    ],
    [
      'kratix.destination.register',
      'post',
      '/api/kratix/platforms/easyeaty/destinations',
      {
        name: 'edge-2',
        stateStore: { kind: 'GitStateStore', name: 'default' },
      },
    ],
  ] as const)(
    'denies %s and writes nothing',
    async (permission, method, path, body) => {
      const denied: Record<string, AuthorizeResult.DENY> = {
        [permission]: AuthorizeResult.DENY,
      };
      // Managing another team's request needs both to be denied: own (conditional) and any.
      if (permission === 'kratix.resource.manage')
        denied['kratix.resource.manage-any'] = AuthorizeResult.DENY;
      const backend = await startKratixBackend([gitops], denied);
      const before = await commits();
      const res = await request(backend)
        [method](path)
        .set('Authorization', mockCredentials.user.header())
        .send(body);
      expect(res.status).toBe(403);
      expect(await commits()).toBe(before);
    },
  );

  it('puts no credential in any response or log line, even when the cluster fails', async () => {
    const backend: Server = await startKratixBackend([cluster], {}, undefined, [
      createServiceFactory({
        service: coreServices.rootLogger,
        deps: {},
        factory: () => capturingLogger(lines),
      }),
    ]);
    const auth = mockCredentials.user.header();
    const get = async (path: string) =>
      bodies.push(
        (await request(backend).get(path).set('Authorization', auth)).text,
      );
    for (const path of [
      '/api/kratix/platforms',
      '/api/kratix/promises',
      '/api/kratix/platforms/prod/promises/jenkins',
      '/api/kratix/destinations',
      '/api/kratix/platforms/prod/destinations/eks',
      '/api/kratix/statestores',
      '/api/kratix/requests',
      '/api/kratix/platforms/prod/promises/jenkins/requests/team-checkout/ci',
      '/api/kratix/marketplace',
    ]) {
      await get(path);
    }
    // Faults: the cluster refuses and fails; error messages must not carry the token either.
    fake.fail({ status: 403, times: 2 });
    bodies.push(
      (
        await request(backend)
          .post('/api/kratix/platforms/prod/promises/jenkins/requests')
          .set('Authorization', auth)
          .send({ name: 'x', namespace: 'team-a', spec: { env: 'dev' } })
      ).text,
    );
    fake.fail({ status: 500, times: Infinity, pathIncludes: 'watch=true' });
    fake.dropWatches();
    await new Promise(r => setTimeout(r, 200));
    await get('/api/kratix/platforms');
    fake.clearFaults();

    expect(bodies.length).toBeGreaterThan(9);
    expect(lines.length).toBeGreaterThan(0);
    for (const secret of SECRETS) {
      expect(bodies.filter(b => b.includes(secret))).toEqual([]);
      expect(lines.filter(l => l.includes(secret))).toEqual([]);
    }
    // The statestores route names where documents go, never the Secret's contents.
    expect(bodies.some(b => b.includes('git-credentials'))).toBe(false);
    // eslint-disable-next-line no-console
    console.log(
      `security: ${bodies.length} responses and ${lines.length} log lines scanned, 0 credentials found`,
    );
  });
});
