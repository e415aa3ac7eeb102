import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import {
  createEmbeddedRepository,
  GitOpsKratixPlatform,
} from '@kratix-backstage/plugin-kratix-node';
import {
  eventually,
  FakeKubernetesApi,
} from '@kratix-backstage/plugin-kratix-node/testUtils';
import {
  capturingAuditor,
  SeenAuditEvent,
} from '../__testUtils__/capturingAuditor';
import {
  fakeKubernetesPlatform,
  seedWithVersionHistory,
} from '../__testUtils__/fakeKubernetesPlatform';
import { startKratixBackend } from '../__testUtils__/startKratixBackend';

// Real git repositories and test backends: generous on a loaded 2-core CI machine.
jest.setTimeout(60_000);

const auth = mockCredentials.user.header();
const api = '/api/kratix/platforms/prod/promises';
const bindingVersions = (fake: FakeKubernetesApi) =>
  Object.fromEntries(
    (fake.list('platform.kratix.io/v1alpha1', 'ResourceBinding') as any[]).map(
      b => [b.spec.resourceRef.name, b.spec.version],
    ),
  );

// The seed (seedFakePlatform: versionHistoryFixtures, versionBindingFixtures) holds the
// version history: jenkins v1.1.0, v1.2.0 (latest), v1.3.0, v1.4.0; redis v0.1.0 and v0.2.0
// (latest) with `sessions` pinned to v0.1.0 and `cache` following `latest`. Shapes and meanings from Kratix HEAD
// api/v1alpha1/promiserevision_types.go and resourcebinding_types.go.
describe('Promise versions (kubernetes platform, fake API server)', () => {
  const kube = fakeKubernetesPlatform({ seed: seedWithVersionHistory });

  it('lists the revisions, latest first, with the requests bound to each', async () => {
    const backend = await startKratixBackend([kube.platform]);
    const res = await request(backend)
      .get(`${api}/redis/revisions`)
      .set('Authorization', auth);
    expect(res.status).toBe(200);
    expect(res.body.available).toBe(true);
    expect(res.body.latestVersion).toBe('v0.2.0');
    expect(
      res.body.revisions.map((r: any) => [
        r.version,
        r.latest,
        r.createdAt,
        r.requests.map((b: any) => `${b.namespace}/${b.name}:${b.strategy}`),
      ]),
    ).toEqual([
      ['v0.2.0', true, '2026-09-01T09:00:00Z', ['team-search/cache:floating']],
      [
        'v0.1.0',
        false,
        '2026-07-01T09:00:00Z',
        ['team-checkout/sessions:pinned'],
      ],
    ]);
    const cache = res.body.requests.find((r: any) => r.name === 'cache');
    // `latest` resolves to the revision with status.latest (resourcebinding_controller.go).
    expect(cache).toEqual(
      expect.objectContaining({
        desiredVersion: 'latest',
        resolvedVersion: 'v0.2.0',
        appliedVersion: 'v0.2.0',
      }),
    );
    // One request (sessions) runs a revision older than the latest.
    expect(res.body.requestsOnOlderRevisions).toBe(1);
  });

  it('answers the diff between two revisions', async () => {
    const backend = await startKratixBackend([kube.platform]);
    const res = await request(backend)
      .get(`${api}/jenkins/revisions?from=v1.1.0&to=v1.2.0`)
      .set('Authorization', auth);
    expect(res.status).toBe(200);
    // v1.2.0 adds `agents` and widens `env`'s enum; its pipeline image moves to v0.1.0 and
    // adds the notify-slack container.
    expect(res.body.diff.api).toEqual([
      {
        path: 'spec.agents',
        change: 'added',
        toType: 'integer',
      },
      {
        path: 'spec.env',
        change: 'changed',
        fromType: 'string',
        toType: 'string',
        details: ['enum'],
      },
    ]);
    expect(res.body.diff.workflows.changed).toBe(true);
    expect(
      res.body.diff.workflows.lines
        .filter((l: any) => l.op === '+')
        .map((l: any) => l.text.trim()),
    ).toContain('- name: notify-slack');
    expect(res.body.diff.dependencies.changed).toBe(false);
    // The jenkins request ci runs v1.2.0 (lastAppliedVersion), the latest.
    expect(res.body.requestsOnOlderRevisions).toBe(0);

    const unknown = await request(backend)
      .get(`${api}/jenkins/revisions?from=v1.1.0&to=v9`)
      .set('Authorization', auth);
    expect(unknown.status).toBe(404);
    const half = await request(backend)
      .get(`${api}/jenkins/revisions?from=v1.1.0`)
      .set('Authorization', auth);
    expect(half.status).toBe(400);
  });

  it('refuses to move one request to a version that is not retained (409 naming the retained ones)', async () => {
    const backend = await startKratixBackend([kube.platform]);
    const refused = await request(backend)
      .post(`${api}/jenkins/requests/team-checkout/ci/actions`)
      .set('Authorization', auth)
      .send({ action: 'upgrade', version: 'v9.9.9' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain(
      'retained: latest, v1.2.0, v1.4.0, v1.3.0, v1.1.0',
    );
    expect(bindingVersions(kube.fake).ci).toBe('v1.3.0');
    const moved = await request(backend)
      .post(`${api}/jenkins/requests/team-checkout/ci/actions`)
      .set('Authorization', auth)
      .send({ action: 'upgrade', version: 'v1.1.0' });
    expect(moved.status).toBe(200);
    expect(bindingVersions(kube.fake).ci).toBe('v1.1.0');
  });

  it('moves many requests for an admin, each as the single upgrade does, audited', async () => {
    const audit: SeenAuditEvent[] = [];
    const backend = await startKratixBackend([kube.platform], {}, undefined, [
      capturingAuditor(audit),
    ]);
    const olderCounts = async () =>
      Object.fromEntries(
        (
          await request(backend)
            .get('/api/kratix/promises?platform=prod')
            .set('Authorization', auth)
        ).body.items.map((i: any) => [i.name, i.requestsOnOlderRevisions]),
      );
    // The Promise list counts sessions, pinned to v0.1.0, on an older revision.
    expect(await olderCounts()).toEqual(
      expect.objectContaining({ redis: 1, jenkins: 0 }),
    );
    const res = await request(backend)
      .post(`${api}/redis/revisions/v0.2.0/move`)
      .set('Authorization', auth)
      .send({
        requests: [
          { namespace: 'team-checkout', name: 'sessions' },
          { namespace: 'team-search', name: 'cache' },
          // A request without a ResourceBinding cannot be moved; the others still are.
          { namespace: 'team-search', name: 'old-cache' },
        ],
      });
    expect(res.status).toBe(200);
    expect(res.body.moved).toBe(2);
    expect(
      res.body.results.map((r: any) => [r.name, r.moved, r.error?.name]),
    ).toEqual([
      ['sessions', true, undefined],
      ['cache', true, undefined],
      ['old-cache', false, 'NotFoundError'],
    ]);
    expect(bindingVersions(kube.fake)).toEqual(
      expect.objectContaining({ sessions: 'v0.2.0', cache: 'v0.2.0' }),
    );
    expect(audit.map(e => [e.eventId, e.outcome, e.meta.requests])).toEqual([
      [
        'requests-move',
        'success',
        [
          'team-checkout/sessions',
          'team-search/cache',
          'team-search/old-cache',
        ],
      ],
    ]);
    // Kratix has not reconciled yet: sessions still runs v0.1.0 (lastAppliedVersion).
    expect((await olderCounts()).redis).toBe(1);
    // Kratix reconciles the move (resourcebinding_controller.go): each binding records the
    // version applied; the list then counts none on an older revision.
    for (const b of kube.fake.list(
      'platform.kratix.io/v1alpha1',
      'ResourceBinding',
    ) as any[])
      if (b.spec.promiseRef.name === 'redis')
        kube.fake.put({
          ...b,
          status: { ...b.status, lastAppliedVersion: 'v0.2.0' },
        });
    await eventually(async () => (await olderCounts()).redis === 0);
    // The page shows each request bound to the version it was moved to.
    const after = await request(backend)
      .get(`${api}/redis/revisions`)
      .set('Authorization', auth);
    expect(
      after.body.requests.map((r: any) => [r.name, r.desiredVersion]),
    ).toEqual([
      ['sessions', 'v0.2.0'],
      ['cache', 'v0.2.0'],
    ]);
  });

  it('refuses a bulk move by a non-admin (403) and to a version not retained (409), moving none', async () => {
    const audit: SeenAuditEvent[] = [];
    const backend = await startKratixBackend(
      [kube.platform],
      { 'kratix.resource.manage-any': AuthorizeResult.DENY },
      undefined,
      [capturingAuditor(audit)],
    );
    const body = {
      requests: [{ namespace: 'team-checkout', name: 'sessions' }],
    };
    const forbidden = await request(backend)
      .post(`${api}/redis/revisions/v0.2.0/move`)
      .set('Authorization', auth)
      .send(body);
    expect(forbidden.status).toBe(403);
    expect(audit.map(e => [e.eventId, e.outcome])).toEqual([
      ['requests-move', 'fail'],
    ]);
    const admin = await startKratixBackend([kube.platform]);
    const missing = await request(admin)
      .post(`${api}/redis/revisions/v0.3.0/move`)
      .set('Authorization', auth)
      .send(body);
    expect(missing.status).toBe(409);
    expect(missing.body.error.message).toContain(
      'retained: latest, v0.2.0, v0.1.0',
    );
    expect(bindingVersions(kube.fake).sessions).toBe('v0.1.0');
  });

  it('says a Kratix without PromiseRevisions (v0.125.0) keeps no revisions', async () => {
    // As on v0.125.0, which has neither kind (both arrived in 2025-11).
    await kube.restart(fake => {
      fake.unregister('platform.kratix.io', 'v1alpha1', 'promiserevisions');
      fake.unregister('platform.kratix.io', 'v1alpha1', 'resourcebindings');
    });
    const backend = await startKratixBackend([kube.platform]);
    const res = await request(backend)
      .get(`${api}/redis/revisions`)
      .set('Authorization', auth);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expect.objectContaining({ available: false }));
    expect(res.body.reason).toContain('predates PromiseRevisions');
    const move = await request(backend)
      .post(`${api}/redis/revisions/v0.2.0/move`)
      .set('Authorization', auth)
      .send({ requests: [{ namespace: 'team-checkout', name: 'sessions' }] });
    expect(move.status).toBe(409);
  });
});

describe('Promise versions (gitops platform)', () => {
  let dataDir: string;
  let platform: GitOpsKratixPlatform;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-versions-'));
    platform = new GitOpsKratixPlatform({
      name: 'easyeaty',
      directory: await createEmbeddedRepository({ dataDir, name: 'easyeaty' }),
      stateStorePaths: ['state'],
      maxAgeMs: 0,
    });
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('shows the revisions the git history of the Promise document holds, with the requests their ResourceBindings in git pin, and moves one by its binding', async () => {
    // Kratix keeps one PromiseRevision per version since the Promise was created
    // (promise_controller.go); in git, the versions are the document's history
    // (promiseRevisionsFromHistory). Kratix adopts a ResourceBinding declared ahead of it,
    // found by its labels, and keeps its spec.version
    // (dynamic_resource_request_controller.go updateResourceBinding): the demo declares
    // orders-db's at v1.0.0 and reports-db's at latest.
    const backend = await startKratixBackend([platform]);
    const res = await request(backend)
      .get('/api/kratix/platforms/easyeaty/promises/postgresql/revisions')
      .set('Authorization', auth);
    expect(res.status).toBe(200);
    expect(res.body.available).toBe(true);
    expect(res.body.latestVersion).toBe('v1.1.0');
    expect(
      res.body.revisions.map((r: any) => [
        r.version,
        r.requests.map((b: any) => b.name),
      ]),
    ).toEqual([
      ['v1.1.0', ['reports-db']],
      ['v1.0.0', ['orders-db']],
    ]);
    expect(res.body.requestsOnOlderRevisions).toBe(1);
    // The storefront composite's sub-request: Kratix binds it on the cluster.
    expect(
      res.body.undeclaredBindings.requests.map((r: any) => r.name),
    ).toEqual(['storefront-db']);

    // jenkins' requests have no binding in git: said, and movable (the move declares one).
    const jenkins = await request(backend)
      .get('/api/kratix/platforms/easyeaty/promises/jenkins/revisions')
      .set('Authorization', auth);
    expect(jenkins.body.undeclaredBindings.note).toContain(
      'No ResourceBinding is declared in the repository',
    );
    expect(
      jenkins.body.undeclaredBindings.requests.map((r: any) => r.name),
    ).toContain('ci');
    const current = jenkins.body.latestVersion;
    const move = await request(backend)
      .post(
        `/api/kratix/platforms/easyeaty/promises/jenkins/revisions/${current}/move`,
      )
      .set('Authorization', auth)
      .send({ requests: [{ namespace: 'team-checkout', name: 'ci' }] });
    expect(move.status).toBe(200);
    expect(move.body).toEqual(
      expect.objectContaining({ version: current, moved: 1, failed: 0 }),
    );
    const after = await request(backend)
      .get('/api/kratix/platforms/easyeaty/promises/jenkins/revisions')
      .set('Authorization', auth);
    expect(
      after.body.requests.map((b: any) => [b.name, b.desiredVersion]),
    ).toEqual([['ci', current]]);
  });
});
