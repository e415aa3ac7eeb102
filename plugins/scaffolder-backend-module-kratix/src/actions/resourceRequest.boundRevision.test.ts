import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { setupServer } from 'msw/node';
import {
  KubernetesApiClient,
  KubernetesKratixPlatform,
} from '@kratix-backstage/plugin-kratix-node';
import {
  FakeKubernetesApi,
  kubeConfigFor,
  seedFakePlatform,
} from '@kratix-backstage/plugin-kratix-node/testUtils';
import { createKratixResourceRequestAction } from './resourceRequest';

jest.setTimeout(30_000);

const server = setupServer();
registerMswTestHooks(server);

const KRATIX = 'platform.kratix.io/v1alpha1';
const JENKINS = 'marketplace.kratix.io/v1alpha1';

/**
 * The scaffolder's update goes through the same check as the REST API: a request pinned to
 * an older PromiseRevision (its ResourceBinding's spec.version; Kratix reconciles it against
 * that revision, dynamic_resource_request_controller.go fetchRevision) must fit that
 * revision's API as well as the latest one.
 */
describe('kratix:resource:request update of a request bound to an older revision', () => {
  let fake: FakeKubernetesApi;
  let platform: KubernetesKratixPlatform;

  beforeEach(async () => {
    fake = new FakeKubernetesApi();
    seedFakePlatform(fake);
    const jenkins = fake
      .list(KRATIX, 'Promise')
      .find(p => p.metadata.name === 'jenkins') as any;
    // v1.0.0 allowed at most 3 agents; the installed Promise allows 10.
    const older = JSON.parse(JSON.stringify(jenkins.spec));
    older.api.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.agents.maximum = 3;
    fake.put({
      apiVersion: KRATIX,
      kind: 'PromiseRevision',
      metadata: {
        name: 'jenkins-v1-0-0',
        labels: { 'kratix.io/promise-name': 'jenkins' },
      },
      spec: {
        promiseRef: { name: 'jenkins' },
        version: 'v1.0.0',
        promiseSpec: older,
      },
    } as any);
    fake.put({
      apiVersion: JENKINS,
      kind: 'jenkins',
      metadata: {
        name: 'pinned-ci',
        namespace: 'team-checkout',
        labels: { 'kratix.io/promise-name': 'jenkins' },
      },
      spec: { env: 'dev', agents: 2 },
    });
    fake.put({
      apiVersion: KRATIX,
      kind: 'ResourceBinding',
      metadata: {
        name: 'pinned-ci-jenkins-b1nd0',
        namespace: 'team-checkout',
        labels: {
          'kratix.io/promise-name': 'jenkins',
          'kratix.io/resource-name': 'pinned-ci',
        },
      },
      spec: {
        version: 'v1.0.0',
        promiseRef: { name: 'jenkins' },
        resourceRef: { name: 'pinned-ci', namespace: 'team-checkout' },
      },
    } as any);
    server.use(...fake.handlers());
    platform = new KubernetesKratixPlatform({
      name: 'prod',
      client: new KubernetesApiClient(kubeConfigFor(fake)),
      backoff: { initialMs: 20, maxMs: 100 },
    });
    await platform.start();
  });

  afterEach(() => {
    platform.stop();
    fake.dropWatches();
  });

  const action = () =>
    createKratixResourceRequestAction({
      platforms: { get: name => (name === 'prod' ? platform : undefined) },
      permissions: mockServices.permissions.mock({
        authorize: async reqs =>
          reqs.map(() => ({
            result: AuthorizeResult.ALLOW as AuthorizeResult.ALLOW,
          })),
      }),
    });
  const update = (agents: number) =>
    createMockActionContext({
      input: {
        platform: 'prod',
        promise: 'jenkins',
        name: 'pinned-ci',
        namespace: 'team-checkout',
        spec: { env: 'dev', agents },
        update: true,
      },
    });
  const stored = () =>
    fake.list(JENKINS, 'jenkins').find(r => r.metadata.name === 'pinned-ci')
      ?.spec;

  it('refuses a spec the bound revision does not allow, writing nothing', async () => {
    await expect(action().handler(update(5))).rejects.toThrow(
      'not valid for version v1.0.0 of Promise jenkins, the version it is bound to',
    );
    expect(stored()).toEqual({ env: 'dev', agents: 2 });
  });

  it('writes a spec both revisions allow', async () => {
    const ctx = update(3);
    await action().handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('action', 'updated');
    expect(stored()).toEqual({ env: 'dev', agents: 3 });
  });
});
