import { createHash } from 'node:crypto';
import { mockCredentials } from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import request from 'supertest';
import {
  KubernetesApiClient,
  KubernetesKratixPlatform,
} from '@kratix-backstage/plugin-kratix-node';
import {
  eventually,
  FakeKubernetesApi,
  kubeConfigFor,
  pipelineJob,
  seedFakePlatform,
} from '@kratix-backstage/plugin-kratix-node/testUtils';
import { startKratixBackend } from './__testUtils__/startKratixBackend';

// Real git repositories and test backends: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

describe('kratix backend plugin (kubernetes platform)', () => {
  const server = setupServer();
  // supertest calls the test backend on loopback; only the fake platform is intercepted.
  beforeAll(() => server.listen({ onUnhandledFrame: 'bypass' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  const auth = mockCredentials.user.header();
  let fake: FakeKubernetesApi;
  let platform: KubernetesKratixPlatform;

  beforeEach(async () => {
    fake = new FakeKubernetesApi();
    seedFakePlatform(fake);
    fake.put(
      pipelineJob(
        'kratix-jenkins-ci-instance-configure-bbbbb',
        'done',
        '2026-10-03T08:00:00Z',
      ),
    );
    fake.put({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'job-pod',
        namespace: 'team-checkout',
        labels: { 'job-name': 'kratix-jenkins-ci-instance-configure-bbbbb' },
      },
      spec: { containers: [{ name: 'create-jenkins-instance' }] },
    });
    fake.setLog(
      'team-checkout',
      'job-pod',
      'create-jenkins-instance',
      'done\n',
    );
    server.use(...fake.handlers());
    platform = new KubernetesKratixPlatform({
      name: 'prod',
      client: new KubernetesApiClient(
        kubeConfigFor(fake, 'service-account-token-do-not-leak'),
      ),
      backoff: { initialMs: 20, maxMs: 100 },
    });
    await platform.start();
  });

  afterEach(() => {
    platform.stop();
    fake.dropWatches();
  });

  it('serves a request page with status, health, pipelines and where it landed', async () => {
    const backend = await startKratixBackend([platform]);
    const res = await request(backend)
      .get(
        '/api/kratix/platforms/prod/promises/jenkins/requests/team-checkout/ci',
      )
      .set('Authorization', auth);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(
      expect.objectContaining({
        phase: 'Ready',
        pipelineRuns: [
          expect.objectContaining({
            name: 'kratix-jenkins-ci-instance-configure-bbbbb',
            state: 'Succeeded',
          }),
        ],
        landed: [
          expect.objectContaining({
            destination: 'eks',
            state: 'Ready',
            source: 'workplacement',
          }),
        ],
        binding: expect.objectContaining({
          desiredVersion: 'v1.3.0',
          appliedVersion: 'v1.2.0',
          upgrading: true,
        }),
      }),
    );
    expect(res.body.status.health.state).toBe('degraded');
    expect(Object.keys(res.body.status.pipelineWritten.values)).toEqual([
      'url',
      'connectionDetails',
      'links',
    ]);
    expect(JSON.stringify(res.body)).not.toContain(
      'service-account-token-do-not-leak',
    );

    const web = await request(backend)
      .get(
        '/api/kratix/platforms/prod/promises/web-app/requests/team-checkout/storefront',
      )
      .set('Authorization', auth);
    expect(web.body.subRequests).toEqual([
      expect.objectContaining({ promise: 'postgresql', name: 'storefront-db' }),
    ]);
    expect(web.body.updating).toBe(true);
  });

  // Kratix internal/controller/dynamic_resource_request_controller.go resourceNameLabelValue:
  // a request name over 63 characters is not a valid label value, so its ResourceBinding is
  // labelled kratix.io/resource-name=GenerateDeterministicObjectName(name)
  // (lib/objectutil/name.go), and findResourceBinding looks it up by that label.
  it('serves the ResourceBinding of a request named over 63 characters, found by the hashed label Kratix gives it (dynamic_resource_request_controller.go findResourceBinding)', async () => {
    const name = `checkout-ci-${'y'.repeat(60)}`;
    const hashed = `${name.slice(0, 56)}-${createHash('md5')
      .update(name)
      .digest('hex')
      .slice(0, 5)}`;
    const ci = fake
      .list('marketplace.kratix.io/v1alpha1', 'jenkins')
      .find(r => r.metadata.name === 'ci')!;
    fake.put({
      ...ci,
      metadata: {
        name,
        namespace: 'team-checkout',
        labels: ci.metadata.labels,
      },
    });
    fake.put({
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'ResourceBinding',
      metadata: {
        name: `${name.slice(0, 56)}-abcde`,
        namespace: 'team-checkout',
        labels: {
          'kratix.io/promise-name': 'jenkins',
          'kratix.io/resource-name': hashed,
        },
      },
      spec: {
        version: 'v1.4.0',
        promiseRef: { name: 'jenkins' },
        resourceRef: { name, namespace: 'team-checkout' },
      },
      status: { lastAppliedVersion: 'v1.4.0' },
    });
    await eventually(async () =>
      (
        await platform.listRequests({
          promise: 'jenkins',
          namespace: 'team-checkout',
        })
      ).some(r => r.metadata.name === name),
    );
    await eventually(async () =>
      (
        await platform.listResourceBindings()
      ).some(b => b.spec.version === 'v1.4.0'),
    );
    const backend = await startKratixBackend([platform]);
    const res = await request(backend)
      .get(
        `/api/kratix/platforms/prod/promises/jenkins/requests/team-checkout/${name}`,
      )
      .set('Authorization', auth);
    expect(res.status).toBe(200);
    expect(res.body.binding).toEqual(
      expect.objectContaining({
        desiredVersion: 'v1.4.0',
        appliedVersion: 'v1.4.0',
      }),
    );
  });

  it('serves the PromiseRelease that installs a Promise, and required-by as Kratix wrote it', async () => {
    const backend = await startKratixBackend([platform]);
    const redis = await request(backend)
      .get('/api/kratix/platforms/prod/promises/redis')
      .set('Authorization', auth);
    expect(redis.status).toBe(200);
    expect(redis.body.release).toEqual({
      platform: 'prod',
      name: 'redis',
      version: 'v0.1.0',
      sourceType: 'http',
      sourceUrl:
        'https://raw.githubusercontent.com/syntasso/kratix-marketplace/main/redis/promise.yaml',
      promise: 'redis',
      status: 'Installed',
    });
    expect(redis.body.statusSource).toBe('kratix');
    const jenkins = await request(backend)
      .get('/api/kratix/platforms/prod/promises/jenkins')
      .set('Authorization', auth);
    expect(jenkins.body.requiredBy).toEqual([
      { name: 'web-app', version: 'v0.3.0', requiredVersion: 'v1.2.0' },
    ]);
    const releases = await request(backend)
      .get('/api/kratix/promisereleases')
      .set('Authorization', auth);
    expect(releases.body.items).toEqual([
      expect.objectContaining({ name: 'redis', promise: 'redis' }),
    ]);
  });

  it('serves pipeline runs and their logs', async () => {
    const backend = await startKratixBackend([platform]);
    const runs = await request(backend)
      .get(
        '/api/kratix/platforms/prod/promises/jenkins/requests/team-checkout/ci/pipelines',
      )
      .set('Authorization', auth);
    expect(runs.body.items).toHaveLength(1);
    const logs = await request(backend)
      .get(
        '/api/kratix/platforms/prod/pipelines/team-checkout/kratix-jenkins-ci-instance-configure-bbbbb/logs',
      )
      .set('Authorization', auth);
    expect(logs.body).toEqual({
      run: 'kratix-jenkins-ci-instance-configure-bbbbb',
      pod: 'job-pod',
      containers: [{ name: 'create-jenkins-instance', log: 'done\n' }],
    });
  });

  it('turns a 403 from the cluster into a 403 saying what was denied', async () => {
    const backend = await startKratixBackend([platform]);
    fake.fail({
      status: 403,
      times: 1,
      pathIncludes: '/namespaces/team-checkout/jenkins',
    });
    const res = await request(backend)
      .post('/api/kratix/platforms/prod/promises/jenkins/requests')
      .set('Authorization', auth)
      .send({
        name: 'release',
        namespace: 'team-checkout',
        spec: { env: 'dev' },
      });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain(
      'Platform prod denied the request',
    );
  });

  it('keeps serving cached data when the API server goes down, and says so in health', async () => {
    const backend = await startKratixBackend([platform]);
    fake.fail({ status: 503, times: Infinity });
    fake.dropWatches();
    const promises = await request(backend)
      .get('/api/kratix/promises')
      .set('Authorization', auth);
    expect(promises.status).toBe(200);
    expect(promises.body.items).toHaveLength(5);
    const health = await request(backend)
      .get('/api/kratix/platforms')
      .set('Authorization', auth);
    await new Promise(r => setTimeout(r, 100));
    const later = await request(backend)
      .get('/api/kratix/platforms')
      .set('Authorization', auth);
    expect([
      health.body.items[0].health.connected,
      later.body.items[0].health.connected,
    ]).toContain(false);
    expect(later.body.items[0].health.lastError).toContain('503');
  });

  it('writes as the signed-in user when the platform acts as them', async () => {
    const asUser = new KubernetesKratixPlatform({
      name: 'rbac',
      client: new KubernetesApiClient(
        kubeConfigFor(fake, 'service-account-token-do-not-leak'),
      ),
      actAsUser: true,
      userAuthProvider: 'google',
    });
    await asUser.start();
    // The cluster's RBAC: alice's tokens may create and patch jenkins requests in team-a,
    // nothing else (not even list Promises), so every read must be the service account's.
    fake.ensureNamespace('team-a');
    for (const token of ['alice-oidc-token', 'alice-oidc-token-2'])
      fake.grant(token, {
        user: 'alice',
        verbs: ['create', 'patch'],
        resources: ['jenkins.marketplace.kratix.io'],
        namespaces: ['team-a'],
      });
    const backend = await startKratixBackend([asUser, platform]);
    // The frontend learns which platforms want the user's token, and from which provider.
    const platforms = await request(backend)
      .get('/api/kratix/platforms')
      .set('Authorization', auth);
    expect(platforms.body.items.map((p: any) => [p.name, p.actAsUser])).toEqual(
      [
        ['rbac', { authProvider: 'google' }],
        ['prod', undefined],
      ],
    );
    const post = () =>
      request(backend)
        .post('/api/kratix/platforms/rbac/promises/jenkins/requests')
        .set('Authorization', auth)
        .send({ name: 'mine', namespace: 'team-a', spec: { env: 'dev' } });
    const anonymous = await post();
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.message).toContain(
      'writes as the signed-in user',
    );
    const signedIn = await post().set(
      'x-kratix-cluster-authorization',
      'Bearer alice-oidc-token',
    );
    expect(signedIn.status).toBe(201);
    expect(fake.lastWriteAuthorization).toBe('Bearer alice-oidc-token');
    expect(JSON.stringify(signedIn.body)).not.toContain('alice-oidc-token');
    // Manage actions carry the user's token the same way.
    const paused = await request(backend)
      .post(
        '/api/kratix/platforms/rbac/promises/jenkins/requests/team-a/mine/actions',
      )
      .set('Authorization', auth)
      .set('x-kratix-cluster-authorization', 'Bearer alice-oidc-token-2')
      .send({ action: 'pause' });
    expect(paused.status).toBe(200);
    expect(fake.lastWriteAuthorization).toBe('Bearer alice-oidc-token-2');
    // The cluster saw alice exactly for her two writes, each one allowed.
    expect(
      fake.audit
        .filter(e => e.user === 'alice')
        .map(
          e =>
            `${e.verb} ${e.resource} ${e.namespace}/${e.name ?? ''} ${e.code}`,
        ),
    ).toEqual(['create jenkins team-a/ 201', 'patch jenkins team-a/mine 200']);
    asUser.stop();
  });
});
