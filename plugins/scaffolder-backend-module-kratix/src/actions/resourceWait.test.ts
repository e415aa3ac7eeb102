import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { setupServer } from 'msw/node';
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
import { createKratixResourceWaitAction } from './resourceWait';

// Real git repositories and test backends: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

const server = setupServer();
registerMswTestHooks(server);

describe('kratix:resource:wait', () => {
  let dataDir: string;
  let directory: string;
  let platform: GitOpsKratixPlatform;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-wait-'));
    directory = await createEmbeddedRepository({ dataDir, name: 'easyeaty' });
    platform = new GitOpsKratixPlatform({
      name: 'easyeaty',
      directory,
      stateStorePaths: ['state'],
      maxAgeMs: 0,
    });
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  const action = (p: any = platform) =>
    createKratixResourceWaitAction({
      platforms: { get: name => (name === p.name ? p : undefined) },
      pollIntervalMs: 20,
    });

  it('outputs where a landed request is and what its pipelines wrote', async () => {
    const ctx = createMockActionContext({
      input: {
        platform: 'easyeaty',
        promise: 'jenkins',
        name: 'ci',
        namespace: 'team-checkout',
        timeoutSeconds: 5,
      },
    });
    await action().handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('phase', 'Ready');
    expect(ctx.output).toHaveBeenCalledWith('destinations', ['eks']);
    expect(ctx.output).toHaveBeenCalledWith('paths', [
      'state/eks/resources/team-checkout/jenkins/ci/instance-configure/5058f/jenkins-instance.yaml',
    ]);
  });

  it('waits in gitops mode until Kratix writes the documents to the state store', async () => {
    await platform.submitRequest('jenkins', {
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      kind: 'jenkins',
      metadata: { name: 'fresh', namespace: 'team-a' },
      spec: { env: 'dev' },
    });
    const ctx = createMockActionContext({
      input: {
        platform: 'easyeaty',
        promise: 'jenkins',
        name: 'fresh',
        namespace: 'team-a',
        timeoutSeconds: 10,
      },
    });
    const waiting = action().handler(ctx);
    await new Promise(r => setTimeout(r, 150));
    expect(ctx.output).not.toHaveBeenCalled();
    // What Kratix's GitStateStore writer does for the request's WorkPlacement on gke.
    const file = join(
      directory,
      'state/gke/resources/team-a/jenkins/fresh/instance-configure/5058f/jenkins-instance.yaml',
    );
    await mkdir(dirname(file), { recursive: true });
    await writeFile(
      file,
      'apiVersion: jenkins.io/v1alpha2\nkind: Jenkins\nmetadata:\n  name: fresh\n',
    );
    await git(directory, ['add', '--all']);
    await git(directory, [
      'commit',
      '--quiet',
      '-m',
      'Update from: jenkins-fresh-instance-configure-x1y2z.gke-5058f',
    ]);
    await waiting;
    expect(ctx.output).toHaveBeenCalledWith('destinations', ['gke']);
  });

  it('times out with the last state seen', async () => {
    await platform.submitRequest('jenkins', {
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      kind: 'jenkins',
      metadata: { name: 'stuck', namespace: 'team-a' },
      spec: { env: 'dev' },
    });
    const ctx = createMockActionContext({
      input: {
        platform: 'easyeaty',
        promise: 'jenkins',
        name: 'stuck',
        namespace: 'team-a',
        timeoutSeconds: 1,
      },
    });
    await expect(action().handler(ctx)).rejects.toThrow(
      /Timed out after 1s .*Pending/,
    );
  });

  it("fails with Kratix's reason and the failing pipeline", async () => {
    const fake = new FakeKubernetesApi();
    seedFakePlatform(fake);
    server.use(...fake.handlers());
    const k8s = new KubernetesKratixPlatform({
      name: 'prod',
      client: new KubernetesApiClient(kubeConfigFor(fake)),
    });
    await k8s.start();
    const ctx = createMockActionContext({
      input: {
        platform: 'prod',
        promise: 'postgresql',
        name: 'payments-db',
        namespace: 'team-payments',
        timeoutSeconds: 5,
      },
    });
    await expect(action(k8s).handler(ctx)).rejects.toThrow(
      'team-payments/payments-db (Promise postgresql) is Failing: ConfigureWorkflowFailed A Configure Pipeline has failed: backup-configure; failing pipeline: backup-configure',
    );
    k8s.stop();
    fake.dropWatches();
  });

  it('names an unknown platform', async () => {
    const ctx = createMockActionContext({
      input: {
        platform: 'nowhere',
        promise: 'p',
        name: 'n',
        namespace: 'ns',
        timeoutSeconds: 1,
      },
    });
    await expect(action().handler(ctx)).rejects.toThrow(
      'platform: no Kratix platform named "nowhere"',
    );
  });
});
