/*
 * Security: every mutating route is permission-checked and writes nothing when denied; no
 * credential the backend holds appears in any response, backend log line or git argument
 * list, even when the cluster and the git remote quote it back in their errors.
 *
 * The credentials: a git remote's token (from `integrations`, over a git server on 127.0.0.1),
 * a cluster's configured token, and the in-cluster service account's token file. The figure
 * is counted from what was captured, and a control run of the same scenario with scrubbing
 * switched off shows the same count can see a leak.
 *
 * The test command also shows the suite itself can fail: with `KRATIX_TEST_SCRUBBING_OFF=1`
 * (test-only, read by this file only) scrubbing is off for the whole suite, and the real run
 * must fail naming the channel a credential was found in
 * (`security: N credentials found in responses (...)`).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Server } from 'node:http';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { setupServer } from 'msw/node';
import request from 'supertest';
import {
  createEmbeddedRepository,
  createRequestWriter,
  git,
  GitOpsKratixPlatform,
  KubernetesApiClient,
  KubernetesKratixPlatform,
} from '@kratix-backstage/plugin-kratix-node';
import {
  createBareRepository,
  FakeKubernetesApi,
  GitHttpServer,
  gitHttpIntegrations,
  inClusterKubeConfigFor,
  kubeConfigFor,
  seedFakePlatform,
  startGitHttpServer,
  watchArgumentLists,
} from '@kratix-backstage/plugin-kratix-node/testUtils';
import { startKratixBackend } from '../__testUtils__/startKratixBackend';
import {
  capturingLogger,
  countLeaks,
  everything,
  leakForms,
  ScannedSecret,
} from '../__testUtils__/credentialScan';

// Real git over HTTP and several test backends: generous on a loaded 2-core CI machine.
jest.setTimeout(120_000);

/**
 * The control run's switch, test-only: while `off` (or for the whole suite, with
 * `KRATIX_TEST_SCRUBBING_OFF=1`), scrubSecrets hands its text back unchanged to every caller
 * in the code under test (the git repository, the cluster client).
 */
const mockScrubbing = {
  off: false,
  offForTheSuite: process.env.KRATIX_TEST_SCRUBBING_OFF === '1',
};
jest.mock('@kratix-backstage/plugin-kratix-common', () => {
  const actual = jest.requireActual('@kratix-backstage/plugin-kratix-common');
  return {
    ...actual,
    scrubSecrets: (text: string, secrets: Array<string | undefined>) =>
      mockScrubbing.off || mockScrubbing.offForTheSuite
        ? text
        : actual.scrubSecrets(text, secrets),
  };
});

const GIT_TOKEN: ScannedSecret = {
  name: 'git token',
  value: `glpat-${randomBytes(16).toString('hex')}`,
  basicUsers: ['x-access-token'],
};
const CLUSTER_TOKEN: ScannedSecret = {
  name: 'cluster token',
  value: `sa-token-${randomBytes(16).toString('hex')}`,
};
const IN_CLUSTER_TOKEN: ScannedSecret = {
  name: 'in-cluster token file',
  value: `eyJhbGciOiJSUzI1NiJ9.${randomBytes(24).toString('base64url')}`,
};
const SECRETS = [GIT_TOKEN, CLUSTER_TOKEN, IN_CLUSTER_TOKEN];

// An API server address as a pod's environment gives it (KUBERNETES_SERVICE_HOST, _PORT).
const API_SERVER = 'https://10.96.0.1:6443';

/** What one run of the scenario captured, by channel. */
interface Captured {
  responses: string[];
  logLines: string[];
  argumentLists: string[];
}
type Channel = keyof Captured;
const CHANNELS: Channel[] = ['responses', 'logLines', 'argumentLists'];

/** The figures of a run: what was scanned and what was found, per channel and per secret. */
interface Scan {
  scanned: Record<Channel, number>;
  found: Record<Channel, number>;
  foundBySecret: Record<string, number>;
  total: number;
}

function scan(captured: Captured): Scan {
  const result: Scan = {
    scanned: { responses: 0, logLines: 0, argumentLists: 0 },
    found: { responses: 0, logLines: 0, argumentLists: 0 },
    foundBySecret: {},
    total: 0,
  };
  for (const channel of CHANNELS) {
    result.scanned[channel] = captured[channel].length;
    for (const secret of SECRETS) {
      const n = countLeaks(captured[channel], secret);
      result.found[channel] += n;
      result.foundBySecret[secret.name] =
        (result.foundBySecret[secret.name] ?? 0) + n;
      result.total += n;
    }
  }
  return result;
}

describe('security', () => {
  const msw = setupServer();
  beforeAll(() => msw.listen({ onUnhandledFrame: 'bypass' }));
  afterAll(() => msw.close());

  let dataDir: string;
  let directory: string;
  let gitServer: GitHttpServer;
  const fake = new FakeKubernetesApi(API_SERVER);

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-security-'));
    directory = await createEmbeddedRepository({ dataDir, name: 'easyeaty' });
    gitServer = await startGitHttpServer({ token: GIT_TOKEN.value });
    seedFakePlatform(fake);
    msw.use(...fake.handlers());
  });
  afterAll(async () => {
    fake.dropWatches();
    await gitServer.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  describe('permissions', () => {
    let gitops: GitOpsKratixPlatform;
    beforeAll(() => {
      gitops = new GitOpsKratixPlatform({
        name: 'easyeaty',
        directory,
        stateStorePaths: ['state'],
        maxAgeMs: 0,
      });
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
        'kratix.resource.create',
        'post',
        '/api/kratix/platforms/easyeaty/promises/jenkins/dry-runs',
        { name: 'x', namespace: 'team-a', spec: { env: 'dev' } },
      ],
      [
        'kratix.resource.manage-any',
        'post',
        '/api/kratix/platforms/easyeaty/promises/postgresql/revisions/v1.1.0/move',
        { requests: [{ namespace: 'team-orders', name: 'orders-db' }] },
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
      'denies %s (%s %s) and writes nothing',
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
  });

  describe('credentials', () => {
    /**
     * The scenario, run once as is and once as the control: a backend over a gitops platform
     * (the git remote), a kubernetes platform with a configured token and one with the
     * in-cluster token file; reads of every route, then writes and agent actions while the
     * cluster and the git remote fail and quote the credential they were sent.
     */
    async function runScenario(run: string): Promise<Captured> {
      const captured: Captured = {
        responses: [],
        logLines: [],
        argumentLists: [],
      };
      const root = await mkdtemp(join(dataDir, `${run}-`));
      await createBareRepository(join(root, 'platform.git'), {
        seed: directory,
      });
      gitServer.root = root;
      gitServer.reset();
      const logger = capturingLogger(captured.logLines);
      const clone = join(root, 'clone');
      const remote = new GitOpsKratixPlatform({
        name: 'remote',
        directory: clone,
        stateStorePaths: ['state'],
        maxAgeMs: 0,
        logger,
        writer: createRequestWriter(
          {
            path: clone,
            url: gitServer.url('platform.git'),
            branch: 'main',
            pullRequests: false,
            platformPath: '.',
            requestsPath: 'requests',
            stateStorePaths: ['state'],
          },
          new ConfigReader({
            integrations: gitHttpIntegrations(gitServer, GIT_TOKEN.value),
          }),
        ),
      });
      const clusters = [
        new KubernetesKratixPlatform({
          name: 'prod',
          client: new KubernetesApiClient(
            kubeConfigFor(fake, CLUSTER_TOKEN.value),
          ),
          logger,
          backoff: { initialMs: 20, maxMs: 50 },
        }),
        new KubernetesKratixPlatform({
          name: 'incluster',
          client: new KubernetesApiClient(
            (
              await inClusterKubeConfigFor(fake, IN_CLUSTER_TOKEN.value, root)
            ).kubeConfig,
          ),
          logger,
          backoff: { initialMs: 20, maxMs: 50 },
        }),
      ];
      const stopWatching = await watchArgumentLists();
      try {
        await Promise.all(clusters.map(c => c.start()));
        const backend: Server = await startKratixBackend(
          [remote, ...clusters],
          {},
          undefined,
          [
            createServiceFactory({
              service: coreServices.rootLogger,
              deps: {},
              factory: () => logger,
            }),
          ],
        );
        const auth = mockCredentials.user.header();
        const keep = (res: request.Response) =>
          void captured.responses.push(
            `${res.status} ${everything(res.headers)}\n${res.text}`,
          );
        const get = async (path: string) =>
          keep(await request(backend).get(path).set('Authorization', auth));
        const post = async (path: string, body: object) =>
          keep(
            await request(backend)
              .post(path)
              .set('Authorization', auth)
              .send(body),
          );
        const jenkins = (name: string) => ({
          name,
          namespace: 'team-a',
          spec: { env: 'dev' },
        });
        const invoke = (id: string, input: object) =>
          post(
            `/api/kratix/.backstage/actions/v1/actions/${encodeURIComponent(
              id,
            )}/invoke`,
            input,
          );

        for (const path of [
          '/api/kratix/platforms',
          '/api/kratix/promises',
          '/api/kratix/destinations',
          '/api/kratix/statestores',
          '/api/kratix/requests',
          '/api/kratix/marketplace',
          '/api/kratix/fleet-health',
        ])
          await get(path);
        for (const platform of ['remote', 'prod', 'incluster']) {
          await get(`/api/kratix/platforms/${platform}/promises/jenkins`);
          await get(`/api/kratix/platforms/${platform}/destinations/eks`);
          await get(
            `/api/kratix/platforms/${platform}/promises/jenkins/requests/team-checkout/ci`,
          );
        }

        // The cluster refuses and fails writes, quoting the token it was sent.
        for (const platform of ['prod', 'incluster']) {
          for (const status of [403, 500]) {
            fake.fail({ status, times: 1, method: 'POST', echoToken: true });
            await post(
              `/api/kratix/platforms/${platform}/promises/jenkins/requests`,
              jenkins(`echo-${status}`),
            );
            fake.fail({ status, times: 1, method: 'POST', echoToken: true });
            await invoke('kratix:make-request', {
              platform,
              promise: 'jenkins',
              ...jenkins(`agent-${status}`),
            });
          }
        }
        // Kratix's DryRun (#22): discovery, the DryRun's create and its read fail quoting it.
        const ciPreview = {
          namespace: 'team-checkout',
          name: 'ci',
          spec: { env: 'dev' },
        };
        for (const platform of ['prod', 'incluster']) {
          for (const status of [403, 500]) {
            fake.fail({
              status,
              times: 1,
              method: 'POST',
              pathIncludes: 'dryruns',
              echoToken: true,
            });
            await post(
              `/api/kratix/platforms/${platform}/promises/jenkins/dry-runs`,
              ciPreview,
            );
            fake.fail({
              status,
              times: 1,
              method: 'POST',
              pathIncludes: 'dryruns',
              echoToken: true,
            });
            await invoke('kratix:dry-run-request', {
              platform,
              promise: 'jenkins',
              ...ciPreview,
              timeoutSeconds: 1,
            });
            fake.fail({
              status,
              times: 1,
              method: 'GET',
              pathIncludes: 'dryruns',
              echoToken: true,
            });
            await get(
              `/api/kratix/platforms/${platform}/dry-runs/team-checkout/backstage-ci-abcde`,
            );
          }
        }

        // Its watches and lists fail the same way while the caches resync (logged).
        fake.fail({
          status: 500,
          times: Infinity,
          method: 'GET',
          echoToken: true,
        });
        fake.dropWatches();
        await new Promise(r => setTimeout(r, 300));
        fake.clearFaults();
        await get('/api/kratix/platforms');

        // The git remote fails a fetch quoting the Basic credentials, then refuses a push.
        gitServer.refuse['git-upload-pack'] = 'echo';
        await post(
          '/api/kratix/platforms/remote/promises/jenkins/requests',
          jenkins('echo-fetch'),
        );
        await invoke('kratix:make-request', {
          platform: 'remote',
          promise: 'jenkins',
          ...jenkins('agent-fetch'),
        });
        await get('/api/kratix/platforms/remote/promises/jenkins/requests');
        gitServer.reset();
        gitServer.refuse['git-receive-pack'] = 403;
        await post(
          '/api/kratix/platforms/remote/promises/jenkins/requests',
          jenkins('refused-push'),
        );
        // A move between Promise versions (#22) commits a ResourceBinding: its fetch fails
        // quoting the Basic credentials.
        gitServer.refuse['git-upload-pack'] = 'echo';
        await post(
          '/api/kratix/platforms/remote/promises/postgresql/revisions/v1.1.0/move',
          { requests: [{ namespace: 'team-orders', name: 'orders-db' }] },
        );
        await invoke('kratix:move-requests', {
          platform: 'remote',
          promise: 'postgresql',
          version: 'v1.1.0',
          requests: [{ namespace: 'team-orders', name: 'orders-db' }],
        });
        gitServer.reset();
        await invoke('kratix:get-request', {
          platform: 'remote',
          promise: 'jenkins',
          namespace: 'team-a',
          name: 'echo-fetch',
        });
      } finally {
        captured.argumentLists.push(...(await stopWatching()).cmdlines);
        clusters.forEach(c => c.stop());
        remote.stop();
        fake.clearFaults();
        gitServer.reset();
      }
      return captured;
    }

    /** The figures of the control run, for the line the real run prints. */
    let control: Scan | undefined;

    it('control: with scrubbing switched off, the same scan finds the credentials in every channel', async () => {
      mockScrubbing.off = true;
      let captured: Captured;
      try {
        captured = await runScenario('control');
        // Argument lists stay clean with scrubbing off (the token is in git's environment):
        // one git call made the old way shows the scan reads them.
        const stop = await watchArgumentLists();
        const basic = Buffer.from(`x-access-token:${GIT_TOKEN.value}`);
        await promisify(execFile)('git', [
          '-c',
          `http.extraHeader=Authorization: Basic ${basic.toString('base64')}`,
          'ls-remote',
          gitServer.url('platform.git'),
        ]).catch(() => undefined);
        captured.argumentLists.push(...(await stop()).cmdlines);
      } finally {
        mockScrubbing.off = false;
      }
      control = scan(captured);
      expect(control.found.responses).toBeGreaterThan(0);
      // The #22 routes are reached with their faults: each can carry a leak.
      for (const route of ['/dry-runs', 'orders-db'])
        expect(
          countLeaks(
            captured.responses.filter(r => r.includes(route)),
            CLUSTER_TOKEN,
          ) +
            countLeaks(
              captured.responses.filter(r => r.includes(route)),
              GIT_TOKEN,
            ),
        ).toBeGreaterThan(0);
      expect(control.found.logLines).toBeGreaterThan(0);
      expect(control.found.argumentLists).toBeGreaterThan(0);
      for (const secret of SECRETS)
        expect(control.foundBySecret[secret.name]).toBeGreaterThan(0);
    });

    it('puts no credential in any response, log line or git argument list, even when the cluster and the remote quote it back', async () => {
      const captured = await runScenario('scrubbed');
      const figures = scan(captured);
      const forms = SECRETS.reduce((n, s) => n + leakForms(s).length, 0);
      // eslint-disable-next-line no-console
      console.log(
        `security: ${figures.scanned.responses} responses, ${
          figures.scanned.logLines
        } log lines and ${
          figures.scanned.argumentLists
        } git argument lists scanned for ${
          SECRETS.length
        } credentials (${SECRETS.map(s => s.name).join(
          ', ',
        )}) in ${forms} forms, ${
          figures.total
        } credentials found (control run with scrubbing off: ${
          control ? control.total : 'not run'
        } found)`,
      );

      for (const channel of CHANNELS) {
        if (figures.found[channel] === 0) continue;
        const which = SECRETS.filter(
          s => countLeaks(captured[channel], s) > 0,
        ).map(s => s.name);
        // eslint-disable-next-line no-console
        console.log(
          `security: ${
            figures.found[channel]
          } credentials found in ${channel} (${which.join(', ')})`,
        );
      }
      expect(figures.found).toEqual({
        responses: 0,
        logLines: 0,
        argumentLists: 0,
      });
      // The scan saw each channel carry something, and the faults were reached.
      expect(figures.scanned.responses).toBeGreaterThan(20);
      expect(figures.scanned.logLines).toBeGreaterThan(0);
      expect(figures.scanned.argumentLists).toBeGreaterThan(0);
      expect(captured.responses.some(r => r.includes('Bearer ***'))).toBe(true);
      expect(captured.responses.some(r => r.includes('Basic ***'))).toBe(true);
      // The statestores route names where documents go, never the Secret's contents.
      expect(captured.responses.some(r => r.includes('git-credentials'))).toBe(
        false,
      );
    });
  });
});
