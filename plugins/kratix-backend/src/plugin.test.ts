import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import {
  createEmbeddedRepository,
  git,
  GitOpsKratixPlatform,
} from '@kratix-backstage/plugin-kratix-node';
import { startKratixBackend } from './__testUtils__/startKratixBackend';

// Real git repositories and test backends: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

describe('kratix backend plugin (gitops platform)', () => {
  let dataDir: string;
  let directory: string;
  let platform: GitOpsKratixPlatform;
  const auth = mockCredentials.user.header();

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-backend-'));
    directory = await createEmbeddedRepository({ dataDir, name: 'easyeaty' });
    platform = new GitOpsKratixPlatform({
      name: 'easyeaty',
      directory,
      stateStorePaths: ['state'],
      maxAgeMs: 0,
    });
    await platform.listPromises();
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  const commits = async () =>
    Number((await git(directory, ['rev-list', '--count', 'HEAD'])).trim());

  it('lists platforms with their mode and health, and no credentials', async () => {
    const server = await startKratixBackend([platform]);
    const res = await request(server)
      .get('/api/kratix/platforms')
      .set('Authorization', auth);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      {
        name: 'easyeaty',
        title: 'easyeaty',
        mode: 'gitops',
        health: expect.objectContaining({ connected: true }),
      },
    ]);
  });

  it('reads a platform nobody has read yet on the first request', async () => {
    const fresh = new GitOpsKratixPlatform({
      name: 'fresh',
      directory,
      stateStorePaths: ['state'],
    });
    const server = await startKratixBackend([fresh]);
    const res = await request(server)
      .get('/api/kratix/promises')
      .set('Authorization', auth);
    expect(res.body.errors).toEqual([]);
    expect(res.body.items).toHaveLength(4);
  });

  it('lists Promises with availability, kind and request counts, filtered', async () => {
    const server = await startKratixBackend([platform]);
    const res = await request(server)
      .get('/api/kratix/promises')
      .set('Authorization', auth);
    expect(res.status).toBe(200);
    const byName = Object.fromEntries(
      res.body.items.map((p: any) => [p.name, p]),
    );
    expect(Object.keys(byName)).toEqual([
      'jenkins',
      'nginx',
      'postgresql',
      'web-app',
    ]);
    expect(byName.jenkins).toEqual(
      expect.objectContaining({
        kind: 'jenkins',
        group: 'marketplace.kratix.io',
        hasApi: true,
        // ci, and the storefront composite's storefront-ci.
        requestCount: 2,
        version: 'v1.2.0',
        availability: 'Available',
      }),
    );
    expect(byName.nginx).toEqual(
      expect.objectContaining({ hasApi: false, requestCount: 0 }),
    );
    expect(byName['web-app'].requiredPromises).toEqual([
      'jenkins',
      'postgresql',
      'nginx',
    ]);
    const searched = await request(server)
      .get('/api/kratix/promises?search=postgres')
      .set('Authorization', auth);
    expect(searched.body.items.map((p: any) => p.name)).toEqual(['postgresql']);
  });

  it('returns a Promise page: API, pipelines, selectors and the clusters it may land on', async () => {
    const server = await startKratixBackend([platform]);
    const res = await request(server)
      .get('/api/kratix/platforms/easyeaty/promises/jenkins')
      .set('Authorization', auth);
    expect(res.status).toBe(200);
    expect(res.body.api).toEqual(
      expect.objectContaining({
        group: 'marketplace.kratix.io',
        version: 'v1alpha1',
        kind: 'jenkins',
        plural: 'jenkins',
      }),
    );
    expect(
      res.body.pipelines.map((p: any) => `${p.workflow}.${p.action}:${p.name}`),
    ).toEqual([
      'promise.configure:promise-configure',
      'resource.configure:instance-configure',
    ]);
    const eligible = Object.fromEntries(
      res.body.eligibleDestinations.map((d: any) => [d.destination, d.matches]),
    );
    expect(eligible).toEqual({
      eks: true,
      gke: true,
      'on-prem-edge': false,
      platform: false,
    });
    expect(
      res.body.workerResources.map((p: any) => p.destination).sort(),
    ).toEqual(['eks', 'gke']);

    const missing = await request(server)
      .get('/api/kratix/platforms/easyeaty/promises/mongodb')
      .set('Authorization', auth);
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('mongodb');
    const noPlatform = await request(server)
      .get('/api/kratix/promises?platform=nowhere')
      .set('Authorization', auth);
    expect(noPlatform.status).toBe(404);
    expect(noPlatform.body.error.message).toContain('nowhere');
  });

  it('lists clusters and shows what is scheduled on one', async () => {
    const server = await startKratixBackend([platform]);
    const list = await request(server)
      .get('/api/kratix/destinations')
      .set('Authorization', auth);
    expect(
      list.body.items.map((d: any) => [
        d.name,
        d.platformAsWorker,
        d.ready.ready,
      ]),
    ).toEqual([
      ['eks', false, true],
      ['gke', false, true],
      ['on-prem-edge', false, true],
      ['platform', true, true],
    ]);
    const eks = await request(server)
      .get('/api/kratix/platforms/easyeaty/destinations/eks')
      .set('Authorization', auth);
    expect(eks.body.workerResources.map((p: any) => p.promise).sort()).toEqual([
      'jenkins',
      'nginx',
      'postgresql',
    ]);
    expect(eks.body.workloads).toEqual([
      expect.objectContaining({
        promise: 'jenkins',
        namespace: 'team-checkout',
        resource: 'ci',
        files: [expect.stringContaining('jenkins-instance.yaml')],
      }),
      // The storefront composite's Jenkins, fulfilled like any request.
      expect.objectContaining({
        promise: 'jenkins',
        resource: 'storefront-ci',
      }),
    ]);
    const stores = await request(server)
      .get('/api/kratix/statestores')
      .set('Authorization', auth);
    expect(stores.body.items).toEqual([
      expect.objectContaining({
        name: 'default',
        kind: 'GitStateStore',
        destinations: ['eks', 'gke', 'on-prem-edge', 'platform'],
      }),
    ]);
  });

  it('pages and filters requests', async () => {
    const server = await startKratixBackend([platform]);
    const res = await request(server)
      .get('/api/kratix/requests?pageSize=2')
      .set('Authorization', auth);
    expect(res.body).toEqual(
      // Four declared, and the storefront composite's two sub-requests.
      expect.objectContaining({ totalCount: 6, page: 1, pageSize: 2 }),
    );
    expect(res.body.items.map((r: any) => r.name)).toEqual([
      'ci',
      'storefront',
    ]);
    const filtered = await request(server)
      .get('/api/kratix/requests?owner=group:default/team-orders&phase=Ready')
      .set('Authorization', auth);
    expect(filtered.body.items.map((r: any) => r.name)).toEqual([
      'orders-db',
      'reports-db',
    ]);
    const bad = await request(server)
      .get('/api/kratix/requests?phase=Broken')
      .set('Authorization', auth);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('phase');
    const repeated = await request(server)
      .get('/api/kratix/requests?promise=a&promise=b')
      .set('Authorization', auth);
    expect(repeated.status).toBe(400);
    expect(repeated.body.error.message).toContain('promise');
  });

  it('shows where a request landed', async () => {
    const server = await startKratixBackend([platform]);
    const res = await request(server)
      .get(
        '/api/kratix/platforms/easyeaty/promises/jenkins/requests/team-checkout/ci',
      )
      .set('Authorization', auth);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(
      expect.objectContaining({
        phase: 'Ready',
        reason: 'StateStoreDocumentsFound',
        owner: 'group:default/team-checkout',
        subRequests: [],
      }),
    );
    // Read from the state store's history: the commit that delivered the documents.
    expect(res.body.pipelineRuns).toEqual([
      expect.objectContaining({
        pipeline: 'instance-configure',
        state: 'Succeeded',
        commit: expect.stringMatching(/^[0-9a-f]{40}$/),
      }),
    ]);
    expect(res.body.status.workflow.pipelines).toEqual([
      expect.objectContaining({
        name: 'instance-configure',
        phase: 'Succeeded',
      }),
    ]);
    expect(res.body.landed).toEqual([
      expect.objectContaining({
        destination: 'eks',
        files: [
          'state/eks/resources/team-checkout/jenkins/ci/instance-configure/5058f/jenkins-instance.yaml',
        ],
      }),
    ]);
  });

  it('lists a composite request’s sub-requests on its page, read from the platform destination', async () => {
    const server = await startKratixBackend([platform]);
    const res = await request(server)
      .get(
        '/api/kratix/platforms/easyeaty/promises/web-app/requests/team-checkout/storefront',
      )
      .set('Authorization', auth);
    expect(res.status).toBe(200);
    expect(res.body.phase).toBe('Ready');
    const parent = {
      promise: 'web-app',
      name: 'storefront',
      namespace: 'team-checkout',
    };
    expect(res.body.subRequests).toEqual([
      expect.objectContaining({
        promise: 'jenkins',
        name: 'storefront-ci',
        namespace: 'team-checkout',
        kind: 'jenkins',
        owner: 'group:default/team-checkout',
        phase: 'Ready',
        parent,
      }),
      expect.objectContaining({
        promise: 'postgresql',
        name: 'storefront-db',
        kind: 'postgresql',
        phase: 'Ready',
        parent,
      }),
    ]);
    // Each is a request of its own Promise, whose page names its parent.
    const db = await request(server)
      .get(
        '/api/kratix/platforms/easyeaty/promises/postgresql/requests/team-checkout/storefront-db',
      )
      .set('Authorization', auth);
    expect(db.status).toBe(200);
    expect(db.body.parent).toEqual(parent);
    expect(db.body.landed).toEqual([
      expect.objectContaining({ destination: 'gke', promise: 'postgresql' }),
    ]);
  });

  it('creates a request, and rejects bad input naming the field with nothing written', async () => {
    const server = await startKratixBackend([platform]);
    const before = await commits();
    const bad = await request(server)
      .post('/api/kratix/platforms/easyeaty/promises/jenkins/requests')
      .set('Authorization', auth)
      .send({ name: '../etc', namespace: 'team-a', spec: { env: 'qa' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('metadata.name');
    expect(bad.body.error.message).toContain('spec.env');
    const unknownField = await request(server)
      .post('/api/kratix/platforms/easyeaty/promises/jenkins/requests')
      .set('Authorization', auth)
      .send({ name: 'a', namespace: 'b', colour: 'red' });
    expect(unknownField.status).toBe(400);
    const notJson = await request(server)
      .post('/api/kratix/platforms/easyeaty/promises/jenkins/requests')
      .set('Authorization', auth)
      .set('Content-Type', 'text/plain')
      .send('name: a');
    expect(notJson.status).toBe(415);
    const huge = await request(server)
      .post('/api/kratix/platforms/easyeaty/promises/jenkins/requests')
      .set('Authorization', auth)
      .send({
        name: 'big',
        namespace: 'team-a',
        spec: { env: 'dev', blob: 'x'.repeat(300_000) },
      });
    expect(huge.status).toBe(413);
    expect(await commits()).toBe(before);

    const ok = await request(server)
      .post('/api/kratix/platforms/easyeaty/promises/jenkins/requests')
      .set('Authorization', auth)
      .send({
        name: 'release',
        namespace: 'team-a',
        spec: { env: 'prod' },
        owner: 'group:default/team-a',
      });
    expect(ok.status).toBe(201);
    expect(ok.body).toEqual(
      expect.objectContaining({
        action: 'created',
        path: 'requests/jenkins/team-a/release.yaml',
      }),
    );
    expect(await commits()).toBe(before + 1);
  });

  it('gives a body without spec the same 400 as an empty spec, and writes nothing', async () => {
    const server = await startKratixBackend([platform]);
    const before = await commits();
    const post = (body: object) =>
      request(server)
        .post('/api/kratix/platforms/easyeaty/promises/postgresql/requests')
        .set('Authorization', auth)
        .send(body);
    const missing = await post({ name: 'db', namespace: 'team-a' });
    const empty = await post({ name: 'db', namespace: 'team-a', spec: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain('spec.teamId is required');
    expect(missing.body.error.message).toBe(empty.body.error.message);
    expect(await commits()).toBe(before);
  });

  it('lets owners manage their requests and only admins manage others', async () => {
    const managerOf = async (
      decisions: Record<string, AuthorizeResult.ALLOW | AuthorizeResult.DENY>,
    ) => {
      const server = await startKratixBackend([platform], decisions);
      return (body: object) =>
        request(server)
          .post(
            '/api/kratix/platforms/easyeaty/promises/jenkins/requests/team-checkout/ci/actions',
          )
          .set('Authorization', auth)
          .send(body);
    };
    const denied = await managerOf({
      'kratix.resource.manage-any': AuthorizeResult.DENY,
      'kratix.resource.manage': AuthorizeResult.DENY,
    });
    const refused = await denied({ action: 'pause' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain(
      'only its owner or a platform admin may',
    );

    const owner = await managerOf({
      'kratix.resource.manage-any': AuthorizeResult.DENY,
    });
    const paused = await owner({ action: 'pause' });
    expect(paused.status).toBe(200);
    expect(paused.body.message).toBe(
      'Paused reconciliation of team-checkout/ci',
    );
    expect(
      await git(directory, [
        'show',
        'HEAD:requests/jenkins/team-checkout/ci.yaml',
      ]),
    ).toContain('kratix.io/paused: "true"');

    const badAction = await owner({ action: 'explode' });
    expect(badAction.status).toBe(400);
    expect(badAction.body.error.message).toContain('action');
    const upgradeGit = await owner({ action: 'upgrade', version: 'v2.0.0' });
    expect(upgradeGit.status).toBe(409);
  });

  it('says no platform is configured, with the config to add, when there is none', async () => {
    const server = await startKratixBackend([]);
    const platforms = await request(server)
      .get('/api/kratix/platforms')
      .set('Authorization', auth);
    expect(platforms.status).toBe(200);
    expect(platforms.body).toEqual({
      items: [],
      configured: false,
      message: expect.stringContaining('No Kratix platform configured'),
    });
    for (const path of [
      '/api/kratix/promises',
      '/api/kratix/destinations',
      '/api/kratix/requests',
    ]) {
      const res = await request(server).get(path).set('Authorization', auth);
      expect(res.status).toBe(503);
      expect(res.body.error.message).toContain('No Kratix platform configured');
      expect(res.body.error.message).toContain('kratix:\n  platforms:');
    }
  });

  it('answers 403 when the read permission is denied', async () => {
    const server = await startKratixBackend([platform], {
      'kratix.platform.read': AuthorizeResult.DENY,
    });
    const res = await request(server)
      .get('/api/kratix/promises')
      .set('Authorization', auth);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('kratix.platform.read');
  });

  it('answers 503 naming a platform that cannot be read, while the others keep working', async () => {
    const broken = new GitOpsKratixPlatform({
      name: 'broken',
      directory: join(dataDir, 'missing'),
    });
    await broken.listPromises().catch(() => undefined);
    const server = await startKratixBackend([platform, broken]);
    const one = await request(server)
      .get('/api/kratix/platforms/broken/promises/jenkins')
      .set('Authorization', auth);
    expect(one.status).toBe(503);
    expect(one.body.error.message).toContain('Platform broken unreachable');
    const all = await request(server)
      .get('/api/kratix/promises')
      .set('Authorization', auth);
    expect(all.status).toBe(200);
    expect(all.body.items).toHaveLength(4);
    expect(all.body.errors).toEqual([
      {
        platform: 'broken',
        message: expect.stringContaining('Platform broken unreachable'),
      },
    ]);
  });

  it('lists the marketplace with what is installed, and installs for admins only', async () => {
    const server = await startKratixBackend([platform]);
    const list = await request(server)
      .get('/api/kratix/marketplace')
      .set('Authorization', auth);
    expect(list.body.categories).toContain('Data');
    expect(list.body.items.find((e: any) => e.name === 'jenkins')).toEqual(
      expect.objectContaining({ installed: true, installedVersion: 'v1.2.0' }),
    );
    const before = await commits();
    const dry = await request(server)
      .post('/api/kratix/platforms/easyeaty/marketplace/install')
      .set('Authorization', auth)
      .send({ name: 'redis', dryRun: true });
    expect(dry.body).toEqual(
      expect.objectContaining({
        action: 'created',
        dryRun: true,
        path: 'platform/promises/redis.yaml',
      }),
    );
    expect(await commits()).toBe(before);
    const installed = await request(server)
      .post('/api/kratix/platforms/easyeaty/marketplace/install')
      .set('Authorization', auth)
      .send({ name: 'redis' });
    expect(installed.status).toBe(201);
    expect(await commits()).toBe(before + 1);
    const upgraded = await request(server)
      .post('/api/kratix/platforms/easyeaty/marketplace/install')
      .set('Authorization', auth)
      .send({ name: 'jenkins' });
    expect(upgraded.body).toEqual(
      expect.objectContaining({ action: 'updated', version: 'v1.3.0' }),
    );
    const offList = await request(server)
      .post('/api/kratix/platforms/easyeaty/marketplace/install')
      .set('Authorization', auth)
      .send({ url: 'https://evil.example/promise.yaml' });
    expect(offList.status).toBe(400);
    expect(offList.body.error.message).toContain('not on an allowed host');

    const nonAdmin = await startKratixBackend([platform], {
      'kratix.promise.install': AuthorizeResult.DENY,
    });
    const refused = await request(nonAdmin)
      .post('/api/kratix/platforms/easyeaty/marketplace/install')
      .set('Authorization', auth)
      .send({ name: 'vault' });
    expect(refused.status).toBe(403);
    expect(await commits()).toBe(before + 2);
  });

  it('registers a cluster for admins, checking its name, labels and state store', async () => {
    const server = await startKratixBackend([platform]);
    const post = (body: object) =>
      request(server)
        .post('/api/kratix/platforms/easyeaty/destinations')
        .set('Authorization', auth)
        .send(body);
    const before = await commits();
    const bad = await post({
      name: 'Edge_2',
      labels: { 'bad key!': 'x' },
      stateStore: { kind: 'GitStateStore', name: 'default' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('name');
    expect(bad.body.error.message).toContain('labels');
    const noStore = await post({
      name: 'edge-2',
      stateStore: { kind: 'BucketStateStore', name: 'minio' },
    });
    expect(noStore.status).toBe(400);
    expect(noStore.body.error.message).toContain('stateStore');
    expect(await commits()).toBe(before);
    const ok = await post({
      name: 'edge-2',
      labels: { environment: 'prod' },
      stateStore: { kind: 'GitStateStore', name: 'default' },
    });
    expect(ok.status).toBe(201);
    expect(ok.body.path).toBe('platform/destinations/edge-2.yaml');
    const clusters = await request(server)
      .get('/api/kratix/destinations')
      .set('Authorization', auth);
    expect(clusters.body.items.map((d: any) => d.name)).toContain('edge-2');

    const nonAdmin = await startKratixBackend([platform], {
      'kratix.destination.register': AuthorizeResult.DENY,
    });
    const refused = await request(nonAdmin)
      .post('/api/kratix/platforms/easyeaty/destinations')
      .set('Authorization', auth)
      .send({
        name: 'edge-3',
        stateStore: { kind: 'GitStateStore', name: 'default' },
      });
    expect(refused.status).toBe(403);
  });
});
