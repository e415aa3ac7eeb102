/*
 * Another team: every write path tried by a second user, through the real permission
 * framework (permission backend, the suite's policy, the Kratix plugin's resource rules).
 * Nobody may overwrite, re-own or manage another team's request, read its pipeline logs,
 * or act as an admin of a platform that does not name them.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { mockCredentials } from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { parse } from 'yaml';
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
  pipelineJob,
  seedFakePlatform,
} from '@kratix-backstage/plugin-kratix-node/testUtils';
import {
  SeenAuditEvent,
  startPolicyBackend,
} from '../__testUtils__/startPolicyBackend';

// Real git repositories and test backends: generous on a loaded 2-core CI machine.
jest.setTimeout(60_000);

const as = (user: string) =>
  mockCredentials.user.header(`user:default/${user}`);
const ci = 'requests/jenkins/team-checkout/ci.yaml';
const requests = '/api/kratix/platforms/easyeaty/promises/jenkins/requests';

/** Figures for the security line, counted from what the tests saw. */
const seen = {
  takeovers: 0,
  takeoversRefused: 0,
  reowns: 0,
  reownsRefused: 0,
  logReads: 0,
  logReadsRefused: 0,
  acts: 0,
  audited: 0,
};

/** A call to a mutating route, counted so the audit trail can be checked against it. */
const mutating = (backend: Server) => {
  seen.acts++;
  return request(backend);
};

/** Error bodies outside development name the problem and never carry a stack trace. */
function expectNoStack(res: { status: number; text: string }) {
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.text).not.toMatch(/"stack"|\n\s+at /);
}

describe('another team (gitops platform, real permission framework)', () => {
  let dataDir: string;
  let directory: string;
  let backend: Server;
  const audit: SeenAuditEvent[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-another-team-'));
    directory = await createEmbeddedRepository({ dataDir, name: 'easyeaty' });
    const easyeaty = new GitOpsKratixPlatform({
      name: 'easyeaty',
      admins: ['group:default/platform-team'],
      directory,
      stateStorePaths: ['state'],
      maxAgeMs: 0,
    });
    // A second platform over the same tree that names no admins: admins are per platform.
    const other = new GitOpsKratixPlatform({
      name: 'other',
      directory,
      stateStorePaths: ['state'],
      maxAgeMs: 0,
    });
    backend = await startPolicyBackend([easyeaty, other], audit);
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  const snapshot = async () => ({
    file: await readFile(join(directory, ci), 'utf8'),
    commits: (await git(directory, ['rev-list', '--count', 'HEAD'])).trim(),
  });

  it("refuses a second team's create on an existing name, in a dry run too, leaving the file byte-for-byte", async () => {
    const before = await snapshot();
    for (const body of [
      { name: 'ci', namespace: 'team-checkout', spec: { env: 'prod' } },
      {
        name: 'ci',
        namespace: 'team-checkout',
        spec: { env: 'prod' },
        owner: 'group:default/team-payments',
      },
      {
        name: 'ci',
        namespace: 'team-checkout',
        spec: { env: 'prod' },
        dryRun: true,
      },
    ]) {
      seen.takeovers++;
      const res = await mutating(backend)
        .post(requests)
        .set('Authorization', as('bob'))
        .send(body);
      expect(res.status).toBe(409);
      expect(res.body.error.message).toContain(
        'Request team-checkout/ci of Promise jenkins on platform easyeaty already exists',
      );
      expectNoStack(res);
      seen.takeoversRefused++;
    }
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a second team's update and manage actions on a request it does not own", async () => {
    const before = await snapshot();
    seen.takeovers++;
    const update = await mutating(backend)
      .put(`${requests}/team-checkout/ci`)
      .set('Authorization', as('bob'))
      .send({ spec: { env: 'prod', agents: 9 } });
    expect(update.status).toBe(403);
    expect(update.body.error.message).toContain(
      'only its owner or a platform admin may',
    );
    expectNoStack(update);
    seen.takeoversRefused++;
    for (const action of ['pause', 'delete']) {
      seen.takeovers++;
      const res = await mutating(backend)
        .post(`${requests}/team-checkout/ci/actions`)
        .set('Authorization', as('bob'))
        .send({ action });
      expect(res.status).toBe(403);
      seen.takeoversRefused++;
    }
    expect(await snapshot()).toEqual(before);
  });

  it('lets a user record only themselves or their own team as owner of a new request', async () => {
    seen.reowns++;
    const other = await mutating(backend)
      .post(requests)
      .set('Authorization', as('bob'))
      .send({
        name: 'pay-ci',
        namespace: 'team-payments',
        spec: { env: 'dev' },
        owner: 'group:default/team-checkout',
      });
    expect(other.status).toBe(403);
    expect(other.body.error.message).toMatch(
      /^owner: you may record as owner only yourself or a group you belong to/,
    );
    seen.reownsRefused++;
    expect(
      await readFile(
        join(directory, 'requests/jenkins/team-payments/pay-ci.yaml'),
        'utf8',
      ).catch(() => 'absent'),
    ).toBe('absent');

    const own = await mutating(backend)
      .post(requests)
      .set('Authorization', as('bob'))
      .send({
        name: 'pay-ci',
        namespace: 'team-payments',
        spec: { env: 'dev' },
        owner: 'group:default/team-payments',
      });
    expect(own.status).toBe(201);
    const byDefault = await mutating(backend)
      .post(requests)
      .set('Authorization', as('bob'))
      .send({
        name: 'bob-ci',
        namespace: 'team-payments',
        spec: { env: 'dev' },
      });
    expect(byDefault.status).toBe(201);
    expect(
      parse(byDefault.body.document).metadata.annotations[
        'backstage.io/owner-ref'
      ],
    ).toBe('user:default/bob');
  });

  it('lets the owner update their request but not hand it to another team; an admin may', async () => {
    const before = await snapshot();
    seen.reowns++;
    const reown = await mutating(backend)
      .put(`${requests}/team-checkout/ci`)
      .set('Authorization', as('alice'))
      .send({
        spec: { env: 'dev', agents: 3 },
        owner: 'group:default/team-payments',
      });
    expect(reown.status).toBe(403);
    expect(reown.body.error.message).toMatch(
      /^owner: changing the owner of an existing request/,
    );
    seen.reownsRefused++;
    expect(await snapshot()).toEqual(before);

    const update = await mutating(backend)
      .put(`${requests}/team-checkout/ci`)
      .set('Authorization', as('alice'))
      .send({ spec: { env: 'dev', agents: 3 } });
    expect(update.status).toBe(200);
    expect(update.body.action).toBe('updated');
    const updated = parse(await readFile(join(directory, ci), 'utf8'));
    expect(updated.spec).toEqual({ env: 'dev', agents: 3 });
    expect(updated.metadata.labels['backstage.io/owner']).toBe(
      'group-team-checkout',
    );

    const byAdmin = await mutating(backend)
      .put(`${requests}/team-checkout/ci`)
      .set('Authorization', as('ops'))
      .send({
        spec: { env: 'dev', agents: 3 },
        owner: 'group:default/team-payments',
      });
    expect(byAdmin.status).toBe(200);
    expect(
      parse(await readFile(join(directory, ci), 'utf8')).metadata.annotations[
        'backstage.io/owner-ref'
      ],
    ).toBe('group:default/team-payments');
    // History names who did what.
    expect(
      (await git(directory, ['log', '-2', '--format=%an'])).trim().split('\n'),
    ).toEqual(['user:default/ops', 'user:default/alice']);
  });

  it('keeps admin acts for the admins each platform names', async () => {
    const install = (user: string, platform: string) =>
      mutating(backend)
        .post(`/api/kratix/platforms/${platform}/marketplace/install`)
        .set('Authorization', as(user))
        .send({ name: 'redis', dryRun: true });
    expect((await install('bob', 'easyeaty')).status).toBe(403);
    expect((await install('ops', 'easyeaty')).status).toBe(200);
    // ops administers easyeaty only.
    expect((await install('ops', 'other')).status).toBe(403);
  });

  it('audits every mutating act once, with who, what, which platform and the outcome', () => {
    const events = audit.filter(e => e.eventId !== 'pipeline-logs-read');
    expect(events.length).toBe(seen.acts);
    seen.audited += events.length;
    for (const event of events) {
      expect(event.meta).toEqual(
        expect.objectContaining({
          actor: expect.stringMatching(/^user:default\//),
          platform: expect.any(String),
        }),
      );
      expect(['success', 'fail']).toContain(event.outcome);
    }
    expect(
      events.filter(
        e => e.outcome === 'fail' && e.meta.actor === 'user:default/bob',
      ).length,
    ).toBeGreaterThanOrEqual(7);
    expect(new Set(events.map(e => e.eventId))).toEqual(
      new Set([
        'request-create',
        'request-update',
        'request-manage',
        'promise-install',
      ]),
    );
  });
});

describe('another team (kubernetes platform): pipeline logs', () => {
  const msw = setupServer();
  beforeAll(() => msw.listen({ onUnhandledFrame: 'bypass' }));
  afterAll(() => msw.close());
  let fake: FakeKubernetesApi;
  let platform: KubernetesKratixPlatform;
  let backend: Server;
  const audit: SeenAuditEvent[] = [];

  beforeAll(async () => {
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
      'admin password: hunter2\n',
    );
    msw.use(...fake.handlers());
    platform = new KubernetesKratixPlatform({
      name: 'easyeaty',
      admins: ['group:default/platform-team'],
      client: new KubernetesApiClient(kubeConfigFor(fake, 'sa-token')),
      backoff: { initialMs: 20, maxMs: 100 },
    });
    await platform.start();
    backend = await startPolicyBackend([platform], audit);
  });
  afterAll(() => {
    platform.stop();
    fake.dropWatches();
  });

  const logs = (user: string) =>
    request(backend)
      .get(
        '/api/kratix/platforms/easyeaty/pipelines/team-checkout/kratix-jenkins-ci-instance-configure-bbbbb/logs',
      )
      .set('Authorization', as(user));

  it("refuses another team's pipeline logs and serves them to the owner and admins", async () => {
    seen.logReads++;
    const bob = await logs('bob');
    expect(bob.status).toBe(403);
    expect(bob.text).not.toContain('hunter2');
    seen.logReadsRefused++;
    expect((await logs('alice')).body.containers[0].log).toContain('hunter2');
    expect((await logs('ops')).status).toBe(200);
    expect(
      audit.filter(e => e.eventId === 'pipeline-logs-read').map(e => e.outcome),
    ).toEqual(['fail', 'success', 'success']);
  });

  it("refuses a second team's create of an existing request in kubernetes mode too", async () => {
    seen.takeovers++;
    const res = await mutating(backend)
      .post('/api/kratix/platforms/easyeaty/promises/jenkins/requests')
      .set('Authorization', as('bob'))
      .send({ name: 'ci', namespace: 'team-checkout', spec: { env: 'prod' } });
    expect(res.status).toBe(409);
    seen.takeoversRefused++;
    const creates = audit.filter(e => e.eventId === 'request-create');
    expect(creates).toEqual([
      expect.objectContaining({
        outcome: 'fail',
        meta: expect.objectContaining({
          actor: 'user:default/bob',
          platform: 'easyeaty',
        }),
      }),
    ]);
    seen.audited += creates.length;
    const stored = (
      await platform.listRequests({
        promise: 'jenkins',
        namespace: 'team-checkout',
      })
    ).find(r => r.metadata.name === 'ci');
    expect(stored?.spec).not.toEqual({ env: 'prod' });
  });
});

describe('another team: figures', () => {
  // Runs after the suites above (jest keeps file order); a run where the attempts never
  // happened fails here rather than printing "0 of 0".
  it('refused every attempt and audited every act', () => {
    expect(
      Math.min(seen.takeovers, seen.reowns, seen.logReads),
    ).toBeGreaterThan(0);
    expect(seen.takeoversRefused).toBe(seen.takeovers);
    expect(seen.reownsRefused).toBe(seen.reowns);
    expect(seen.logReadsRefused).toBe(seen.logReads);
    expect(seen.audited).toBe(seen.acts);
    // eslint-disable-next-line no-console
    console.log(
      `security: ${seen.takeoversRefused} of ${
        seen.takeovers
      } takeover attempts refused, ${seen.reownsRefused} of ${
        seen.reowns
      } owner reassignments refused, ${seen.logReadsRefused} of ${
        seen.logReads
      } log reads refused, ${seen.audited} audit events for ${
        seen.acts
      } mutating acts (${(seen.audited / seen.acts).toFixed(1)} per act)`,
    );
  });
});
