/*
 * Credentials through the real scaffolder backend: a template runs `kratix:resource:request`
 * against a gitops platform whose remote is a git server over HTTP on 127.0.0.1 that demands
 * a token (from the backend's own `integrations` config). The run succeeds, then its push is
 * declined, then its fetch fails. For every run the whole task event log, every backend log
 * line, every HTTP response (the scaffolder API's and the git server's) and the argument list
 * of every git process seen while the task ran are scanned for the token and its base64
 * forms. Prints what it scanned and what it found.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import {
  createEmbeddedRepository,
  createRequestWriter,
  git,
  GitOpsKratixPlatform,
  kratixPlatformsServiceRef,
  MarketplaceClient,
  RepositoryConfig,
} from '@kratix-backstage/plugin-kratix-node';
import {
  capturingLogger,
  countSecrets,
  createBareRepository,
  declinePushes,
  gitHttpIntegrations,
  GitHttpServer,
  isGitNetworkCommand,
  startGitHttpServer,
  watchArgumentLists,
} from '@kratix-backstage/plugin-kratix-node/testUtils';
import request from 'supertest';
import { scaffolderModuleKratix } from '../module';

// Real git over HTTP and a real scaffolder backend per run: generous on a loaded 2-core CI machine.
jest.setTimeout(90_000);

const TOKEN = `glpat-${randomBytes(18).toString('hex')}`;
const USER = 'user:default/creds';

const template = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: {
    name: 'jenkins-credentials-template',
    namespace: 'default',
    title: 'Jenkins',
  },
  spec: {
    owner: 'group:default/platform-team',
    type: 'kratix-resource',
    parameters: [
      {
        title: 'Jenkins',
        required: ['name', 'namespace'],
        properties: {
          name: { type: 'string' },
          namespace: { type: 'string' },
          env: { type: 'string' },
        },
      },
    ],
    steps: [
      {
        id: 'request',
        name: 'Request Jenkins',
        action: 'kratix:resource:request',
        input: {
          platform: 'easyeaty',
          promise: 'jenkins',
          name: '${{ parameters.name }}',
          namespace: '${{ parameters.namespace }}',
          spec: { env: '${{ parameters.env }}' },
        },
      },
    ],
    output: {
      text: [{ title: 'Request', content: '${{ steps.request.output.path }}' }],
    },
  },
};

/** What one template run left to scan. */
interface RunScan {
  status: string;
  /** Every task event, as JSON. */
  events: string[];
  logLines: string[];
  /** Bodies (with status and headers) of the scaffolder API's and the git server's responses. */
  responses: string[];
  cmdlines: string[];
}

/** Everything scanned for the whole file, for the figure. */
const runs: RunScan[] = [];
afterAll(() => {
  const all = runs.flatMap(r => [
    ...r.events,
    ...r.logLines,
    ...r.responses,
    ...r.cmdlines,
  ]);
  const sum = (count: (r: RunScan) => number) =>
    runs.reduce((n, r) => n + count(r), 0);
  // eslint-disable-next-line no-console
  console.log(
    `git-credentials (scaffolder): ${
      runs.filter(r => r.events.length > 0).length
    } task logs (${sum(r => r.events.length)} events), ${sum(
      r => r.logLines.length,
    )} log lines, ${sum(r => r.responses.length)} responses, ${sum(
      r => r.cmdlines.length,
    )} process argument lists scanned, ${countSecrets(
      all,
      TOKEN,
    )} credentials found`,
  );
});

describe('credentials of a git remote through the real scaffolder backend', () => {
  let server: GitHttpServer;
  let dataDir: string;
  let seed: string;
  let root: string;
  let bare: string;

  beforeAll(async () => {
    server = await startGitHttpServer({ token: TOKEN });
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-scaffolder-creds-'));
    // The EasyEaty tree (with the jenkins Promise) is what the remote starts with.
    seed = await createEmbeddedRepository({ dataDir, name: 'easyeaty' });
  });
  afterAll(async () => {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'kratix-scaffolder-creds-remote-'));
    bare = await createBareRepository(join(root, 'platform.git'), { seed });
    server.root = root;
    server.reset();
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  /**
   * Starts a scaffolder backend whose easyeaty platform writes to the test remote with the
   * token of the backend's `integrations` config, lets `fault` break the remote once the
   * platform has read it, runs the template and collects everything the run left to scan.
   */
  async function run(
    values: Record<string, unknown>,
    fault: () => Promise<void> = async () => undefined,
  ): Promise<RunScan> {
    const scan: RunScan = {
      status: '',
      events: [],
      logLines: [],
      responses: [],
      cmdlines: [],
    };
    runs.push(scan);
    const gitResponsesBefore = server.responses.length;
    const repository: RepositoryConfig = {
      path: join(root, 'clone'),
      url: server.url('platform.git'),
      branch: 'main',
      pullRequests: false,
      platformPath: '.',
      requestsPath: 'requests',
      stateStorePaths: ['state'],
    };
    let platform: GitOpsKratixPlatform | undefined;
    const { server: backend } = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleKratix,
        catalogServiceMock.factory({ entities: [template as any] }),
        mockServices.permissions.mock({
          authorize: async reqs =>
            reqs.map(() => ({ result: AuthorizeResult.ALLOW })) as any,
          authorizeConditional: async reqs =>
            reqs.map(() => ({ result: AuthorizeResult.ALLOW })) as any,
        }).factory,
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            integrations: gitHttpIntegrations(server, TOKEN),
          },
        }),
        createServiceFactory({
          service: coreServices.rootLogger,
          deps: {},
          factory: () => capturingLogger(scan.logLines),
        }),
        // Wired as createPlatform wires a gitops platform: the working tree is the writer's clone.
        createServiceFactory({
          service: kratixPlatformsServiceRef,
          deps: {
            config: coreServices.rootConfig,
            logger: coreServices.rootLogger,
          },
          async factory({ config, logger }) {
            const writer = createRequestWriter(repository, config);
            await writer.repository.exclusive(() =>
              writer.repository.syncWithRemote(),
            );
            platform = new GitOpsKratixPlatform({
              name: 'easyeaty',
              directory: writer.repository.directory,
              writer,
              platformPath: repository.platformPath,
              requestsPath: repository.requestsPath,
              stateStorePaths: repository.stateStorePaths,
              logger: logger.child({ platform: 'easyeaty' }),
            });
            await platform.start();
            return {
              list: () => [platform!],
              get: (name: string) =>
                name === 'easyeaty' ? platform : undefined,
              marketplace: new MarketplaceClient({ allowedHosts: [] }),
            };
          },
        }),
      ],
    });
    // The platform has read the remote (its Promises are known); now the remote may break.
    expect(await platform!.getPromise('jenkins')).toBeDefined();
    await fault();

    const auth = mockCredentials.user.header(USER);
    const keep = (res: request.Response) => {
      scan.responses.push(
        `${res.status} ${JSON.stringify(res.headers)}\n${res.text}`,
      );
      return res;
    };
    const stop = await watchArgumentLists();
    try {
      const created = keep(
        await request(backend)
          .post('/api/scaffolder/v2/tasks')
          .set('Authorization', auth)
          .send({
            templateRef: 'template:default/jenkins-credentials-template',
            values,
          }),
      );
      expect(created.status).toBe(201);
      const id = created.body.id;
      for (
        let i = 0;
        i < 1200 && !['completed', 'failed'].includes(scan.status);
        i++
      ) {
        if (i > 0) await new Promise(r => setTimeout(r, 50));
        scan.status = keep(
          await request(backend)
            .get(`/api/scaffolder/v2/tasks/${id}`)
            .set('Authorization', auth),
        ).body.status;
      }
      const events = keep(
        await request(backend)
          .get(`/api/scaffolder/v2/tasks/${id}/events`)
          .set('Authorization', auth),
      );
      expect(events.status).toBe(200);
      scan.events.push(
        ...(events.body as unknown[]).map(e => JSON.stringify(e)),
      );
    } finally {
      scan.cmdlines.push(...(await stop()).cmdlines);
      scan.responses.push(...server.responses.slice(gitResponsesBefore));
    }
    return scan;
  }

  /** What a task log says, message by message. */
  const messages = (scan: RunScan) =>
    scan.events
      .map(e =>
        String(
          (JSON.parse(e) as { body?: { message?: unknown } }).body?.message ??
            '',
        ),
      )
      .join('\n');
  const remoteFiles = async () =>
    (await git(bare, ['ls-tree', '-r', '--name-only', 'main']))
      .trim()
      .split('\n');

  function expectNothingLeaked(scan: RunScan) {
    expect(scan.events.length).toBeGreaterThan(0);
    expect(scan.logLines.length).toBeGreaterThan(0);
    expect(
      countSecrets(
        [...scan.events, ...scan.logLines, ...scan.responses, ...scan.cmdlines],
        TOKEN,
      ),
    ).toBe(0);
    // The argument lists were really read while the task talked to the remote.
    expect(scan.cmdlines.some(isGitNetworkCommand)).toBe(true);
  }

  it('pushes the request of a template run to the authenticated remote, with no credential anywhere', async () => {
    const scan = await run({
      name: 'creds-landed',
      namespace: 'team-creds',
      env: 'dev',
    });
    expect(scan.status).toBe('completed');
    expect(messages(scan)).toContain(
      'Request created: requests/jenkins/team-creds/creds-landed.yaml',
    );
    expect(await remoteFiles()).toContain(
      'requests/jenkins/team-creds/creds-landed.yaml',
    );
    expect(scan.cmdlines.some(c => /^git push\b/.test(c))).toBe(true);
    // The token from the backend's integrations config was sent, and only ever the right one.
    expect(server.requests.some(r => r.authorized)).toBe(true);
    expect(
      server.requests.filter(r => r.withAuthorization).every(r => r.authorized),
    ).toBe(true);
    expectNothingLeaked(scan);
  });

  it('fails the task when a pre-receive hook declines the push, naming the failure, with no credential anywhere', async () => {
    const scan = await run(
      { name: 'creds-declined', namespace: 'team-creds', env: 'dev' },
      () => declinePushes(bare),
    );
    expect(scan.status).toBe('failed');
    expect(messages(scan)).toMatch(/Push to main failed/);
    // The backend's own log lines (scanned too) carry the failure, error and all.
    expect(scan.logLines.some(l => l.includes('Push to main failed'))).toBe(
      true,
    );
    expect(await remoteFiles()).not.toContain(
      'requests/jenkins/team-creds/creds-declined.yaml',
    );
    expectNothingLeaked(scan);
  });

  it('lands the request when only fetching is broken: a push needs no fetch, with no credential anywhere', async () => {
    // The writer fetches only when a push is refused, so a broken upload-pack costs nothing.
    const scan = await run(
      { name: 'creds-unfetched', namespace: 'team-creds', env: 'dev' },
      async () => void (server.refuse['git-upload-pack'] = 500),
    );
    expect(scan.status).toBe('completed');
    expect(await remoteFiles()).toContain(
      'requests/jenkins/team-creds/creds-unfetched.yaml',
    );
    expectNothingLeaked(scan);
  });

  it('fails the task when the bare repository is gone, naming the failure, with no credential anywhere', async () => {
    const scan = await run(
      { name: 'creds-gone', namespace: 'team-creds', env: 'dev' },
      () => rm(bare, { recursive: true, force: true }),
    );
    expect(scan.status).toBe('failed');
    expect(messages(scan)).toMatch(/failed/i);
    expect(messages(scan)).toMatch(
      /push|fetch|unable to access|not found|500/i,
    );
    expectNothingLeaked(scan);
  });
});
