/*
 * `actAsUser` end to end through the real scaffolder backend: the generated Template of a
 * kubernetes platform that writes as the signed-in user runs with the task secret
 * `kratixClusterToken` (what the frontend's KratixClusterCredentials field sets), against a
 * fake API server (msw) that records the bearer token of every request it serves. Reads must
 * come from the service account, the create from the user; a run without the secret fails
 * before writing, and the user's token is in no task event, log line or response.
 */
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
  generateTemplate,
  KratixPromise,
} from '@kratix-backstage/plugin-kratix-common';
import {
  KubernetesApiClient,
  KubernetesKratixPlatform,
  kratixPlatformsServiceRef,
  MarketplaceClient,
} from '@kratix-backstage/plugin-kratix-node';
import {
  capturingLogger,
  countSecrets,
  FakeKubernetesApi,
  kubeConfigFor,
  seedFakePlatform,
} from '@kratix-backstage/plugin-kratix-node/testUtils';
import { http } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { scaffolderModuleKratix } from '../module';

// A real scaffolder backend per run: generous on a loaded 2-core CI machine.
jest.setTimeout(60_000);

const SERVICE_ACCOUNT_TOKEN = 'service-account-token-sa-0001';
const USER_TOKEN = 'user-token-alice';
const USER = 'user:default/alice';

/** One request the fake API server served, with the bearer token it carried. */
interface Seen {
  method: string;
  path: string;
  token?: string;
}

describe('a generated Template on a platform that writes as the user, through the real scaffolder backend', () => {
  const server = setupServer();
  // supertest calls the test backend on loopback; only the fake platform is intercepted.
  beforeAll(() => server.listen({ onUnhandledFrame: 'bypass' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  let fake: FakeKubernetesApi;
  let platform: KubernetesKratixPlatform;
  let seen: Seen[];
  let template: any;

  beforeEach(async () => {
    fake = new FakeKubernetesApi();
    seedFakePlatform(fake);
    // The cluster's RBAC: alice's token may create jenkins requests in team-a and nothing
    // else (not list Promises, not read back what she created).
    fake.ensureNamespace('team-a');
    fake.grant(USER_TOKEN, {
      user: 'alice',
      verbs: ['create'],
      resources: ['jenkins.marketplace.kratix.io'],
      namespaces: ['team-a'],
    });
    seen = [];
    server.use(
      // Records the bearer token of every request, then falls through to the fake's answer.
      http.all(`${fake.baseUrl}/*`, ({ request: req }) => {
        const url = new URL(req.url);
        seen.push({
          method: req.method,
          path: url.pathname,
          token: req.headers.get('authorization')?.replace(/^Bearer /, ''),
        });
        return undefined;
      }),
      ...fake.handlers(),
    );
    platform = new KubernetesKratixPlatform({
      name: 'rbac',
      client: new KubernetesApiClient(
        kubeConfigFor(fake, SERVICE_ACCOUNT_TOKEN),
      ),
      actAsUser: true,
      userAuthProvider: 'oidc',
      backoff: { initialMs: 20, maxMs: 100 },
    });
    await platform.start();
    // The Template the catalog module generates for this platform, without the wait step
    // (no Kratix runs the pipeline here).
    const jenkins = (await platform.getPromise('jenkins')) as KratixPromise;
    template = generateTemplate('rbac', jenkins, {
      owner: 'group:default/platform-team',
      actAsUser: platform.actAsUser,
    });
    template.spec.steps = template.spec.steps.filter(
      (s: any) => s.id === 'request',
    );
    template.spec.output = {
      text: [
        { title: 'Request', content: '${{ steps.request.output.requestRef }}' },
      ],
    };
  });

  afterEach(() => {
    platform.stop();
    fake.dropWatches();
  });

  /** Runs the generated Template as alice, with `secrets` as the frontend would send them. */
  async function runTask(
    values: Record<string, unknown>,
    secrets?: Record<string, string>,
  ) {
    const logLines: string[] = [];
    const responses: string[] = [];
    const { server: backend } = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleKratix,
        catalogServiceMock.factory({ entities: [template] }),
        mockServices.permissions.mock({
          authorize: async reqs =>
            reqs.map(() => ({ result: AuthorizeResult.ALLOW })) as any,
          authorizeConditional: async reqs =>
            reqs.map(() => ({ result: AuthorizeResult.ALLOW })) as any,
        }).factory,
        mockServices.rootConfig.factory({
          data: { backend: { baseUrl: 'http://localhost:7007' } },
        }),
        createServiceFactory({
          service: coreServices.rootLogger,
          deps: {},
          factory: () => capturingLogger(logLines),
        }),
        createServiceFactory({
          service: kratixPlatformsServiceRef,
          deps: {},
          factory: () => ({
            list: () => [platform],
            get: (name: string) => (name === 'rbac' ? platform : undefined),
            marketplace: new MarketplaceClient({ allowedHosts: [] }),
          }),
        }),
      ],
    });
    const auth = mockCredentials.user.header(USER);
    const keep = (res: request.Response) => {
      responses.push(
        `${res.status} ${JSON.stringify(res.headers)}\n${res.text}`,
      );
      return res;
    };
    const readsBefore = seen.length;
    const created = keep(
      await request(backend)
        .post('/api/scaffolder/v2/tasks')
        .set('Authorization', auth)
        .send({
          templateRef: `template:default/${template.metadata.name}`,
          values,
          ...(secrets && { secrets }),
        }),
    );
    expect(created.status).toBe(201);
    const id = created.body.id;
    let status = '';
    for (let i = 0; i < 400 && !['completed', 'failed'].includes(status); i++) {
      if (i > 0) await new Promise(r => setTimeout(r, 50));
      status = keep(
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
    const eventTexts = (events.body as unknown[]).map(e => JSON.stringify(e));
    const log = (events.body as Array<{ body?: { message?: unknown } }>)
      .map(e => String(e.body?.message ?? ''))
      .join('\n');
    return {
      status,
      log,
      eventTexts,
      logLines,
      responses,
      calls: seen.slice(readsBefore),
    };
  }

  const values = {
    objname: 'alice-ci',
    objnamespace: 'team-a',
    env: 'dev',
    agents: 2,
    plugins: ['git'],
  };
  const created = () =>
    fake
      .list('marketplace.kratix.io/v1alpha1', 'jenkins')
      .find(o => o.metadata.name === 'alice-ci');

  it('writes the request with the user token and reads with the service account, request by request', async () => {
    const run = await runTask(values, { kratixClusterToken: USER_TOKEN });
    expect(run.log).toContain('Request created');
    expect(run.status).toBe('completed');
    expect(created()?.spec).toEqual({
      env: 'dev',
      agents: 2,
      plugins: ['git'],
    });

    // Every request the fake served, start-up lists and watches included.
    expect(seen.length).toBeGreaterThan(10);
    const writes = seen.filter(c => c.method !== 'GET');
    expect(writes).toEqual([
      {
        method: 'POST',
        path: '/apis/marketplace.kratix.io/v1alpha1/namespaces/team-a/jenkins',
        token: USER_TOKEN,
      },
    ]);
    const reads = seen.filter(c => c.method === 'GET');
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.filter(c => c.token !== SERVICE_ACCOUNT_TOKEN)).toEqual([]);
    // The cluster authorized each request on its own token: alice's once, for the create.
    expect(fake.audit.filter(e => e.user === 'alice')).toEqual([
      expect.objectContaining({
        verb: 'create',
        resource: 'jenkins',
        namespace: 'team-a',
        code: 201,
      }),
    ]);
    expect(fake.audit.filter(e => e.code === 401 || e.code === 403)).toEqual(
      [],
    );
    // During the run itself, the only call was the create: reads come from the watch caches.
    expect(run.calls.filter(c => c.method !== 'GET')).toEqual(writes);

    // The user's token reached the cluster, and nowhere else.
    expect(run.eventTexts.length).toBeGreaterThan(0);
    expect(run.logLines.length).toBeGreaterThan(0);
    expect(
      countSecrets(
        [...run.eventTexts, ...run.logLines, ...run.responses],
        USER_TOKEN,
      ),
    ).toBe(0);
    expect(
      countSecrets(
        [...run.eventTexts, ...run.logLines, ...run.responses],
        SERVICE_ACCOUNT_TOKEN,
      ),
    ).toBe(0);
  });

  it('fails a run without the token before writing, saying the template needs the field', async () => {
    const run = await runTask(values);
    expect(run.status).toBe('failed');
    expect(run.log).toContain(
      'Platform rbac writes requests as the signed-in user, but this run carries no cluster token',
    );
    expect(run.log).toContain('ui:field: KratixClusterCredentials');
    expect(run.log).toContain('signed in to the "oidc" auth provider');
    expect(seen.filter(c => c.method !== 'GET')).toEqual([]);
    expect(created()).toBeUndefined();
    expect(run.logLines.join('\n')).not.toContain(SERVICE_ACCOUNT_TOKEN);
  });
});
