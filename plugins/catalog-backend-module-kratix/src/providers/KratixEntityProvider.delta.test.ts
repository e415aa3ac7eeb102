import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import {
  createEmbeddedRepository,
  git,
  GitOpsKratixPlatform,
} from '@kratix-backstage/plugin-kratix-node';
import { KratixEntityProvider } from './KratixEntityProvider';

// Real git repositories and test backends: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

async function eventually(check: () => boolean, timeoutMs = 10_000) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs)
      throw new Error('condition not met in time');
    await new Promise(r => setTimeout(r, 20));
  }
}

describe('KratixEntityProvider deltas', () => {
  let dataDir: string;
  let directory: string;
  let platform: GitOpsKratixPlatform;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-delta-'));
    directory = await createEmbeddedRepository({ dataDir, name: 'easyeaty' });
    platform = new GitOpsKratixPlatform({
      name: 'easyeaty',
      directory,
      stateStorePaths: ['state'],
      maxAgeMs: 0,
      pollIntervalMs: 50,
    });
  });
  afterEach(async () => {
    platform.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function connected() {
    const tasks: Array<() => Promise<void>> = [];
    const provider = new KratixEntityProvider({
      platform,
      owner: 'group:default/platform-team',
      taskRunner: {
        run: async ({ fn }: any) =>
          void tasks.push(() => fn(new AbortController().signal)),
      },
      logger: mockServices.logger.mock(),
      deltaDelayMs: 20,
    });
    const connection = { applyMutation: jest.fn(), refresh: jest.fn() };
    await provider.connect(connection);
    await tasks[0]();
    return connection;
  }

  const deltas = (connection: { applyMutation: jest.Mock }) =>
    connection.applyMutation.mock.calls
      .map(c => c[0])
      .filter((m: any) => m.type === 'delta');

  it('adds a new request as a delta right after it is committed', async () => {
    const connection = await connected();
    const started = Date.now();
    await platform.submitRequest('jenkins', {
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      kind: 'jenkins',
      metadata: { name: 'release', namespace: 'team-a' },
      spec: { env: 'dev' },
    });
    await eventually(() => deltas(connection).length > 0);
    // bench:catalog measures the delay; here it only has to be a delta, not the next sweep.
    expect(Date.now() - started).toBeLessThan(10_000);
    const [delta] = deltas(connection);
    expect(delta.added.map((d: any) => d.entity.metadata.name)).toEqual([
      'easyeaty_jenkins_team-a_release',
    ]);
    expect(delta.removed).toEqual([]);
  });

  it('removes a request deleted by a commit made elsewhere', async () => {
    const connection = await connected();
    await git(directory, [
      'rm',
      '--quiet',
      'requests/postgresql/team-orders/orders-db.yaml',
    ]);
    await git(directory, ['commit', '--quiet', '-m', 'Delete orders-db']);
    await eventually(() =>
      deltas(connection).some((d: any) => d.removed.length > 0),
    );
    const delta = deltas(connection).find((d: any) => d.removed.length > 0);
    expect(delta.removed).toEqual([
      {
        entityRef:
          'component:default/easyeaty_postgresql_team-orders_orders-db',
        locationKey: 'KratixEntityProvider:easyeaty',
      },
    ]);
  });
});
