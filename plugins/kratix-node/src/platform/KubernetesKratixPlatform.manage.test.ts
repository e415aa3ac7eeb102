import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import { FakeKubernetesApi } from '../testing/fakeKubernetesApi';
import { eventually, kubeConfigFor } from '../testing/kubeConfigFor';
import { pipelineJob as job } from '../testing/pipelineJob';
import { seedFakePlatform } from '../testing/seedFakePlatform';
import { KubernetesApiClient } from '../kubernetes/KubernetesApiClient';
import { KubernetesKratixPlatform } from './KubernetesKratixPlatform';

// Real git repositories and test backends: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

describe('KubernetesKratixPlatform pipelines and manage actions', () => {
  let fake: FakeKubernetesApi;
  let platform: KubernetesKratixPlatform;
  const server = setupServer();
  registerMswTestHooks(server);
  const ci = { promise: 'jenkins', namespace: 'team-checkout', name: 'ci' };
  const jenkinsRequest = () =>
    fake
      .list('marketplace.kratix.io/v1alpha1', 'jenkins')
      .find(r => r.metadata.name === 'ci')!;

  beforeEach(async () => {
    fake = new FakeKubernetesApi();
    seedFakePlatform(fake);
    fake.put(
      job(
        'kratix-jenkins-ci-instance-configure-aaaaa',
        'failed',
        '2026-10-03T08:00:00Z',
      ),
    );
    fake.put(
      job(
        'kratix-jenkins-ci-instance-configure-bbbbb',
        'done',
        '2026-10-03T09:00:00Z',
      ),
    );
    fake.put({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'kratix-jenkins-ci-instance-configure-bbbbb-x1',
        namespace: 'team-checkout',
        labels: { 'job-name': 'kratix-jenkins-ci-instance-configure-bbbbb' },
      },
      spec: {
        initContainers: [
          { name: 'reader' },
          { name: 'create-jenkins-instance' },
          { name: 'work-writer' },
        ],
        containers: [{ name: 'status-writer' }],
      },
    });
    fake.setLog(
      'team-checkout',
      'kratix-jenkins-ci-instance-configure-bbbbb-x1',
      'create-jenkins-instance',
      'rendered jenkins-instance.yaml\n',
    );
    server.use(...fake.handlers());
    platform = new KubernetesKratixPlatform({
      name: 'prod',
      client: new KubernetesApiClient(kubeConfigFor(fake)),
    });
    await platform.start();
  });

  afterEach(() => {
    platform.stop();
    fake.dropWatches();
  });

  it('lists pipeline runs newest first and reads their logs', async () => {
    const runs = await platform.listPipelineRuns({
      promise: 'jenkins',
      resource: 'ci',
    });
    expect(runs.map(r => [r.name, r.state])).toEqual([
      ['kratix-jenkins-ci-instance-configure-bbbbb', 'Succeeded'],
      ['kratix-jenkins-ci-instance-configure-aaaaa', 'Failed'],
    ]);
    const logs = await platform.readPipelineLogs(
      'team-checkout',
      'kratix-jenkins-ci-instance-configure-bbbbb',
    );
    expect(logs.containers.map(c => c.name)).toEqual([
      'reader',
      'create-jenkins-instance',
      'work-writer',
      'status-writer',
    ]);
    expect(logs.containers[1].log).toBe('rendered jenkins-instance.yaml\n');
    expect(logs.containers[0].log).toContain('no log');
    await expect(
      platform.readPipelineLogs('team-checkout', 'nope'),
    ).rejects.toThrow('No pipeline run');
  });

  it('re-runs, pauses and resumes by labels', async () => {
    await platform.manageRequest(ci, 'rerun');
    expect(jenkinsRequest().metadata.labels).toEqual(
      expect.objectContaining({ 'kratix.io/manual-reconciliation': 'true' }),
    );
    await platform.manageRequest(ci, 'pause');
    expect(jenkinsRequest().metadata.labels?.['kratix.io/paused']).toBe('true');
    const result = await platform.manageRequest(ci, 'resume');
    expect(result.message).toBe('Resumed reconciliation of team-checkout/ci');
    expect(
      jenkinsRequest().metadata.labels?.['kratix.io/paused'],
    ).toBeUndefined();
  });

  it('resumes a suspended workflow by removing the label Kratix set', async () => {
    const ref = {
      promise: 'redis',
      namespace: 'team-checkout',
      name: 'sessions',
    };
    await platform.manageRequest(ref, 'resume-suspended');
    const sessions = fake
      .list('marketplace.kratix.io/v1alpha1', 'redis')
      .find(r => r.metadata.name === 'sessions')!;
    expect(
      sessions.metadata.labels?.['kratix.io/workflow-suspended'],
    ).toBeUndefined();
  });

  it('upgrades through the ResourceBinding and deletes the request', async () => {
    await platform.manageRequest(ci, 'upgrade', { version: 'v1.4.0' });
    const binding = fake.list(
      'platform.kratix.io/v1alpha1',
      'ResourceBinding',
    )[0] as any;
    expect(binding.spec.version).toBe('v1.4.0');
    // The request carries Kratix's finalizers, so deleting marks it and Kratix cleans up.
    await platform.manageRequest(ci, 'delete');
    expect(jenkinsRequest().metadata.deletionTimestamp).toBeDefined();
    await eventually(async () => {
      const [request] = await platform.listRequests({
        promise: 'jenkins',
        namespace: 'team-checkout',
      });
      return !!request?.metadata.deletionTimestamp;
    });
  });

  it('names what is missing', async () => {
    await expect(
      platform.manageRequest({ ...ci, name: 'ghost' }, 'pause'),
    ).rejects.toThrow('ghost');
    await expect(platform.manageRequest(ci, 'upgrade')).rejects.toThrow(
      'needs the version',
    );
  });
});
