/*
 * kratix:resource:request under the scaffolder's task recovery: a backend dies while the
 * step is running, after the request was written, and another backend recovers the task and
 * runs the step again (same task id, same saved task state). The handler's ctx.checkpoint
 * returns what the first run wrote, so the request is written once and the step's output is
 * the same. Both backends are the real scaffolder backend on one SQLite database, with
 * `scaffolder.taskRecovery.enabled`; the platform is a real git repository.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  coreServices,
  createBackendModule,
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
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  createEmbeddedRepository,
  git,
  GitOpsKratixPlatform,
  kratixPlatformsServiceRef,
  MarketplaceClient,
} from '@kratix-backstage/plugin-kratix-node';
import type { Knex } from 'knex';
import request from 'supertest';
import { createKratixResourceRequestAction } from './resourceRequest';

// Two backends, a recovery loop that first looks after 10 s (TaskWorker's
// TASK_RECOVERY_INTERVAL_MS) and real git: generous on a loaded 2-core CI machine.
jest.setTimeout(120_000);

const USER = 'user:default/mock';

const template = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'jenkins-recovery', namespace: 'default' },
  spec: {
    owner: 'group:default/platform-team',
    type: 'kratix-resource',
    parameters: [{ properties: { name: { type: 'string' } } }],
    steps: [
      {
        id: 'request',
        name: 'Request Jenkins',
        action: 'kratix:resource:request',
        input: {
          platform: 'easyeaty',
          promise: 'jenkins',
          name: '${{ parameters.name }}',
          namespace: 'team-payments',
          spec: { env: 'prod', agents: 3 },
        },
      },
    ],
    output: { commit: '${{ steps.request.output.commit }}' },
  },
};

/**
 * Where a backend dies: after the action's handler returned (its checkpoint saved, its
 * outputs given) and before the scaffolder records the step as completed. The first run
 * stops there for good; later runs go on.
 */
class CrashPoint {
  runs: Array<Record<string, unknown>> = [];
  private reachedFirst!: () => void;
  readonly firstRunDied = new Promise<void>(r => (this.reachedFirst = r));

  async reached(outputs: Record<string, unknown>) {
    this.runs.push(outputs);
    if (this.runs.length === 1) {
      this.reachedFirst();
      await new Promise(() => {}); // the backend dies here
    }
  }
}

describe('kratix:resource:request recovered by another backend', () => {
  let dataDir: string;
  let directory: string;
  let platform: GitOpsKratixPlatform;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-recovery-'));
    directory = await createEmbeddedRepository({ dataDir, name: 'easyeaty' });
    platform = new GitOpsKratixPlatform({
      name: 'easyeaty',
      directory,
      stateStorePaths: ['state'],
      maxAgeMs: 0,
    });
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  const commits = async () =>
    Number((await git(directory, ['rev-list', '--count', 'HEAD'])).trim());

  /** A backend with the real scaffolder and the real action, stopping at `crash`. */
  async function startBackend(crash: CrashPoint) {
    let resolveDatabase!: (client: Knex) => void;
    const database = new Promise<Knex>(r => (resolveDatabase = r));
    const databaseOf = { resolve: (client: Knex) => resolveDatabase(client) };
    const kratixWithCrashPoint = createBackendModule({
      pluginId: 'scaffolder',
      moduleId: 'kratix-crash-point',
      register(reg) {
        reg.registerInit({
          deps: {
            scaffolder: scaffolderActionsExtensionPoint,
            permissions: coreServices.permissions,
            userInfo: coreServices.userInfo,
            databaseService: coreServices.database,
          },
          async init({ scaffolder, permissions, userInfo, databaseService }) {
            // The scaffolder's own client (one per plugin), which beats the heartbeat.
            databaseOf.resolve(await databaseService.getClient());
            const action = createKratixResourceRequestAction({
              platforms: {
                get: name => (name === 'easyeaty' ? platform : undefined),
              },
              permissions,
              userInfo,
            });
            scaffolder.addActions({
              ...action,
              async handler(ctx) {
                const outputs: Record<string, unknown> = {};
                await action.handler({
                  ...ctx,
                  output: (name: string, value: any) => {
                    outputs[name] = value;
                    ctx.output(name as any, value);
                  },
                } as typeof ctx);
                await crash.reached(outputs);
              },
            });
          },
        });
      },
    });
    const backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        kratixWithCrashPoint,
        catalogServiceMock.factory({ entities: [template as any] }),
        mockServices.permissions.mock({
          authorize: async reqs =>
            reqs.map(() => ({ result: AuthorizeResult.ALLOW })) as any,
          authorizeConditional: async reqs =>
            reqs.map(() => ({ result: AuthorizeResult.ALLOW })) as any,
        }).factory,
        mockServices.rootConfig.factory({
          data: {
            backend: {
              baseUrl: 'http://localhost:7007',
              // One database file both backends use, as replicas share one database.
              database: {
                client: 'better-sqlite3',
                connection: { directory: join(dataDir, 'db') },
              },
            },
            scaffolder: {
              taskRecovery: { enabled: true, staleTimeout: { seconds: 2 } },
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
    return Object.assign(backend, { database: await database });
  }

  async function finished(server: any, id: string) {
    for (let i = 0; i < 600; i++) {
      const task = await request(server)
        .get(`/api/scaffolder/v2/tasks/${id}`)
        .set('Authorization', mockCredentials.user.header(USER));
      if (['completed', 'failed'].includes(task.body.status)) {
        const events = await request(server)
          .get(`/api/scaffolder/v2/tasks/${id}/events`)
          .set('Authorization', mockCredentials.user.header(USER));
        return {
          task: task.body,
          log: events.body.map((e: any) => e.body?.message ?? '').join('\n'),
          output: events.body.find((e: any) => e.type === 'completion')?.body
            ?.output,
        };
      }
      await new Promise(r => setTimeout(r, 100));
    }
    throw new Error(`task ${id} did not finish`);
  }

  it('writes the request once and answers the second run with the first output', async () => {
    const before = await commits();
    const crash = new CrashPoint();
    const first = await startBackend(crash);
    const created = await request(first.server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', mockCredentials.user.header(USER))
      .send({
        templateRef: 'template:default/jenkins-recovery',
        values: { name: 'recovered-ci' },
      });
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    await crash.firstRunDied;
    expect(await commits()).toBe(before + 1);
    const head = (await git(directory, ['rev-parse', 'HEAD'])).trim();
    await first.stop();
    // A test backend's stop leaves its database client open, so the dead backend would go on
    // beating the task's heartbeat: from now on its queries never reach the database, as
    // after the process's death.
    first.database.client.acquireConnection = () => new Promise(() => {});

    // Another backend on the same database: its recovery loop finds the task's heartbeat
    // stale, reopens it, and runs the step again with the task's saved state.
    const second = await startBackend(crash);
    try {
      const { task, log, output } = await finished(second.server, id);
      expect(task.status).toBe('completed');
      expect(crash.runs).toHaveLength(2);
      // eslint-disable-next-line no-console
      console.log(
        `task ${id} ran the request step ${
          crash.runs.length
        } times; commits written: ${
          (await commits()) - before
        }; second run's output ${
          JSON.stringify(crash.runs[1]) === JSON.stringify(crash.runs[0])
            ? 'the same as'
            : 'different from'
        } the first`,
      );
      expect(await commits()).toBe(before + 1);
      expect(crash.runs[1]).toEqual(crash.runs[0]);
      expect(crash.runs[0]).toEqual(
        expect.objectContaining({
          action: 'created',
          commit: head,
          path: 'requests/jenkins/team-payments/recovered-ci.yaml',
        }),
      );
      expect(output).toEqual({ commit: head });
      // Both runs ran the step; only the first ran the checkpoint's body (validate, write).
      expect(log.match(/Request created: /g)).toHaveLength(2);
      expect(log.match(/Validated /g)).toHaveLength(1);

      // Control: the same input in a new task (no checkpoint to replay) is refused as taken,
      // so the recovered run's success came from the checkpoint, not from a tolerant create.
      const again = await request(second.server)
        .post('/api/scaffolder/v2/tasks')
        .set('Authorization', mockCredentials.user.header(USER))
        .send({
          templateRef: 'template:default/jenkins-recovery',
          values: { name: 'recovered-ci' },
        });
      const control = await finished(second.server, again.body.id);
      expect(control.task.status).toBe('failed');
      expect(control.log).toContain('already exists');
      expect(await commits()).toBe(before + 1);
    } finally {
      await second.stop();
    }
  });
});
