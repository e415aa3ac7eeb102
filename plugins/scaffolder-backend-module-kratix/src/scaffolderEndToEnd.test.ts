import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { parse } from 'yaml';
import {
  createEmbeddedRepository,
  git,
  GitOpsKratixPlatform,
  kratixPlatformsServiceRef,
  MarketplaceClient,
} from '@kratix-backstage/plugin-kratix-node';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { scaffolderModuleKratix } from './module';

// Real git repositories and test backends: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

/** The template a platform engineer would write (or the catalog module generate) for jenkins. */
const jenkinsTemplate = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: {
    name: 'jenkins-promise-template',
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
          agents: { type: 'integer' },
          owner: { type: 'string' },
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
          spec: {
            env: '${{ parameters.env }}',
            agents: '${{ parameters.agents }}',
          },
          owner: '${{ parameters.owner }}',
        },
      },
    ],
    output: {
      text: [{ title: 'Request', content: '${{ steps.request.output.path }}' }],
    },
  },
};

describe('a jenkins template run through the real scaffolder backend', () => {
  let dataDir: string;
  let directory: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-scaffolder-e2e-'));
    directory = await createEmbeddedRepository({ dataDir, name: 'easyeaty' });
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  /** Runs the template as `user`, who is no platform admin unless `admin` is set. */
  async function runTask(
    values: Record<string, unknown>,
    user = 'user:default/mock',
    admin = true,
  ) {
    const platform = new GitOpsKratixPlatform({
      name: 'easyeaty',
      directory,
      stateStorePaths: ['state'],
      maxAgeMs: 0,
    });
    const { server } = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleKratix,
        catalogServiceMock.factory({ entities: [jenkinsTemplate as any] }),
        mockServices.permissions.mock({
          authorize: async reqs =>
            reqs.map(r => ({
              result:
                r.permission.name === 'kratix.resource.manage-any' && !admin
                  ? AuthorizeResult.DENY
                  : AuthorizeResult.ALLOW,
            })) as any,
          // The scaffolder's own checks (template steps, parameters) are allowed.
          authorizeConditional: async reqs =>
            reqs.map(() => ({ result: AuthorizeResult.ALLOW })) as any,
        }).factory,
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            // A configured credential the task log must never show.
            integrations: {
              github: [
                { host: 'github.com', token: 'ghp_task-log-secret-0451' },
              ],
            },
          },
        }),
        createServiceFactory({
          service: kratixPlatformsServiceRef,
          deps: {},
          factory: () => ({
            list: () => [platform],
            get: (name: string) => (name === 'easyeaty' ? platform : undefined),
            marketplace: new MarketplaceClient({ allowedHosts: [] }),
          }),
        }),
      ],
    });
    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', mockCredentials.user.header(user))
      .send({
        templateRef: 'template:default/jenkins-promise-template',
        values,
      });
    expect(created.status).toBe(201);
    const id = created.body.id;
    for (let i = 0; i < 200; i++) {
      const task = await request(server)
        .get(`/api/scaffolder/v2/tasks/${id}`)
        .set('Authorization', mockCredentials.user.header(user));
      if (['completed', 'failed'].includes(task.body.status)) {
        const events = await request(server)
          .get(`/api/scaffolder/v2/tasks/${id}/events`)
          .set('Authorization', mockCredentials.user.header(user));
        return {
          task: task.body,
          log: events.body.map((e: any) => e.body?.message ?? '').join('\n'),
        };
      }
      await new Promise(r => setTimeout(r, 50));
    }
    throw new Error('task did not finish');
  }

  const commits = async () =>
    Number((await git(directory, ['rev-list', '--count', 'HEAD'])).trim());

  it('commits the request document at the expected path', async () => {
    const before = await commits();
    const { task, log } = await runTask({
      name: 'release-ci',
      namespace: 'team-payments',
      env: 'prod',
      agents: 3,
    });
    expect(task.status).toBe('completed');
    expect(log).toContain(
      'Request created: requests/jenkins/team-payments/release-ci.yaml',
    );
    expect(log).not.toContain('ghp_task-log-secret-0451');
    expect(await commits()).toBe(before + 1);
    const document = parse(
      await git(directory, [
        'show',
        'HEAD:requests/jenkins/team-payments/release-ci.yaml',
      ]),
    );
    expect(document).toEqual(
      expect.objectContaining({
        apiVersion: 'marketplace.kratix.io/v1alpha1',
        kind: 'jenkins',
        spec: { env: 'prod', agents: 3 },
      }),
    );
  });

  it('fails an invalid spec with a field-level message and commits nothing', async () => {
    const before = await commits();
    const { task, log } = await runTask({
      name: 'bad',
      namespace: 'team-payments',
      env: 'qa',
      agents: 40,
    });
    expect(task.status).toBe('failed');
    expect(log).not.toContain('ghp_task-log-secret-0451');
    expect(log).toContain('spec.env must be one of "dev", "staging", "prod"');
    expect(log).toContain('spec.agents must be at most 10');
    expect(await commits()).toBe(before);
  });

  it("fails a second team's run on an existing request's name and leaves its file byte-for-byte", async () => {
    const path = join(directory, 'requests/jenkins/team-checkout/ci.yaml');
    const before = {
      text: await readFile(path, 'utf8'),
      commits: await commits(),
    };
    const { task, log } = await runTask(
      { name: 'ci', namespace: 'team-checkout', env: 'prod', agents: 9 },
      'user:default/mallory',
      false,
    );
    expect(task.status).toBe('failed');
    expect(log).toContain(
      'Request team-checkout/ci of Promise jenkins on platform easyeaty already exists',
    );
    expect(await readFile(path, 'utf8')).toBe(before.text);
    expect(await commits()).toBe(before.commits);
  });

  it('refuses a non-admin recording another team as owner, and commits nothing', async () => {
    const before = await commits();
    const { task, log } = await runTask(
      {
        name: 'mallory-ci',
        namespace: 'team-payments',
        env: 'dev',
        agents: 1,
        owner: 'group:default/team-payments',
      },
      'user:default/mallory',
      false,
    );
    expect(task.status).toBe('failed');
    expect(log).toContain(
      'owner: you may record as owner only yourself or a group you belong to',
    );
    expect(await commits()).toBe(before);
    const own = await runTask(
      { name: 'mallory-ci', namespace: 'team-payments', env: 'dev', agents: 1 },
      'user:default/mallory',
      false,
    );
    expect(own.task.status).toBe('completed');
    const document = parse(
      await git(directory, [
        'show',
        'HEAD:requests/jenkins/team-payments/mallory-ci.yaml',
      ]),
    );
    expect(document.metadata.annotations['backstage.io/owner-ref']).toBe(
      'user:default/mallory',
    );
    expect((await git(directory, ['log', '-1', '--format=%an'])).trim()).toBe(
      'user:default/mallory',
    );
  });
});
