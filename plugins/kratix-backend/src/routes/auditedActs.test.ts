/*
 * Every refused act of the REST API is audited: for each audited route, a call without
 * credentials (401), with a forged token (401), on a platform that does not exist (404), by
 * someone the policy refuses (403) and by someone it allows, each leaves one audit event
 * with the act, who (or `unknown`), the platform as named and the outcome; and so do the
 * refusals that come before any route (not JSON, no read permission, nothing configured).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import {
  createEmbeddedRepository,
  GitOpsKratixPlatform,
} from '@kratix-backstage/plugin-kratix-node';
import { capturingAuditor } from '../__testUtils__/capturingAuditor';
import { startKratixBackend } from '../__testUtils__/startKratixBackend';
import {
  SeenAuditEvent,
  startPolicyBackend,
} from '../__testUtils__/startPolicyBackend';
import { AUDITED_ACTS } from './auditedActs';

// Real git repositories and test backends: generous on a loaded 2-core CI machine.
jest.setTimeout(60_000);

const as = (user: string) =>
  mockCredentials.user.header(`user:default/${user}`);
const ci = '/promises/jenkins/requests/team-checkout/ci';

/** Each audited act: how it is called, and who the policy refuses and allows. */
const CASES: Array<{
  act: (typeof AUDITED_ACTS)[keyof typeof AUDITED_ACTS];
  method: 'get' | 'post' | 'put';
  path: (platform: string) => string;
  body?: object;
  refused?: { user: string; body?: object };
  allowed?: { user: string; status: number };
}> = [
  {
    act: AUDITED_ACTS.requestCreate,
    method: 'post',
    path: p => `/api/kratix/platforms/${p}/promises/jenkins/requests`,
    body: {
      name: 'nightly',
      namespace: 'team-payments',
      spec: { env: 'dev' },
      dryRun: true,
    },
    // Recording another team as owner is refused (403).
    refused: {
      user: 'bob',
      body: {
        name: 'nightly',
        namespace: 'team-payments',
        spec: { env: 'dev' },
        owner: 'group:default/team-checkout',
        dryRun: true,
      },
    },
    allowed: { user: 'bob', status: 200 },
  },
  {
    act: AUDITED_ACTS.requestUpdate,
    method: 'put',
    path: p => `/api/kratix/platforms/${p}${ci}`,
    body: { spec: { env: 'dev', agents: 3 }, dryRun: true },
    refused: { user: 'bob' },
    allowed: { user: 'alice', status: 200 },
  },
  {
    act: AUDITED_ACTS.requestManage,
    method: 'post',
    path: p => `/api/kratix/platforms/${p}${ci}/actions`,
    body: { action: 'pause' },
    refused: { user: 'bob' },
    allowed: { user: 'alice', status: 200 },
  },
  {
    act: AUDITED_ACTS.promiseManage,
    method: 'post',
    path: p => `/api/kratix/platforms/${p}/promises/jenkins/actions`,
    body: { action: 'rerun' },
    refused: { user: 'bob' },
    allowed: { user: 'ops', status: 200 },
  },
  {
    // The demo pins orders-db to postgresql v1.0.0 in git; an admin moves it to v1.1.0.
    act: AUDITED_ACTS.requestsMove,
    method: 'post',
    path: p =>
      `/api/kratix/platforms/${p}/promises/postgresql/revisions/v1.1.0/move`,
    body: { requests: [{ namespace: 'team-orders', name: 'orders-db' }] },
    refused: { user: 'alice' },
    allowed: { user: 'ops', status: 200 },
  },
  {
    act: AUDITED_ACTS.promiseInstall,
    method: 'post',
    path: p => `/api/kratix/platforms/${p}/marketplace/install`,
    body: { name: 'redis', dryRun: true },
    refused: { user: 'bob' },
    allowed: { user: 'ops', status: 200 },
  },
  {
    act: AUDITED_ACTS.destinationRegister,
    method: 'post',
    path: p => `/api/kratix/platforms/${p}/destinations`,
    body: {
      name: 'edge-9',
      stateStore: { kind: 'GitStateStore', name: 'default' },
      dryRun: true,
    },
    refused: { user: 'bob' },
    allowed: { user: 'ops', status: 200 },
  },
  {
    // On a gitops platform: supported false after the checks (dryRun.test.ts: kubernetes).
    act: AUDITED_ACTS.requestDryRun,
    method: 'post',
    path: p => `/api/kratix/platforms/${p}/promises/jenkins/dry-runs`,
    body: { namespace: 'team-checkout', name: 'ci', spec: { env: 'dev' } },
    refused: { user: 'bob' },
    allowed: { user: 'alice', status: 200 },
  },
  {
    // Its refusal and success by requester and admins: dryRun.test.ts (kubernetes mode).
    act: AUDITED_ACTS.dryRunRead,
    method: 'get',
    path: p =>
      `/api/kratix/platforms/${p}/dry-runs/team-checkout/backstage-ci-a1b2c`,
    allowed: { user: 'alice', status: 200 },
  },
  {
    // Its refusal and success by owner and admins: anotherTeam.test.ts (kubernetes mode).
    act: AUDITED_ACTS.pipelineLogsRead,
    method: 'get',
    path: p => `/api/kratix/platforms/${p}/pipelines/team-checkout/run-1/logs`,
  },
];

describe('audited acts of the REST API (gitops platform, real permission framework)', () => {
  let dataDir: string;
  let backend: Server;
  const audit: SeenAuditEvent[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-audited-acts-'));
    const directory = await createEmbeddedRepository({
      dataDir,
      name: 'easyeaty',
    });
    const easyeaty = new GitOpsKratixPlatform({
      name: 'easyeaty',
      admins: ['group:default/platform-team'],
      directory,
      stateStorePaths: ['state'],
      maxAgeMs: 0,
    });
    backend = await startPolicyBackend([easyeaty], audit);
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  /** Calls the act, and returns the status and the one audit event it left. */
  async function call(
    c: (typeof CASES)[number],
    platform: string,
    authorization: string,
    body = c.body,
  ) {
    const before = audit.length;
    const req = request(backend)
      [c.method](c.path(platform))
      .set('Authorization', authorization);
    const res = await (c.method === 'get' ? req : req.send(body ?? {}));
    const events = audit.slice(before);
    expect(events).toHaveLength(1);
    const [event] = events;
    return {
      status: res.status,
      event: [
        event.eventId,
        event.meta.actor,
        event.meta.platform,
        event.outcome,
      ],
    };
  }

  it('has a case for every audited act', () => {
    expect(CASES.map(c => c.act.eventId).sort()).toEqual(
      Object.values(AUDITED_ACTS)
        .map(a => a.eventId)
        .sort(),
    );
  });

  describe.each(CASES)('$act.eventId', c => {
    const { eventId } = c.act;

    it('audits a call without credentials as a failure by unknown, still answering 401', async () => {
      expect(await call(c, 'easyeaty', mockCredentials.none.header())).toEqual({
        status: 401,
        event: [eventId, 'unknown', 'easyeaty', 'fail'],
      });
    });

    it('audits a forged token the same way', async () => {
      expect(
        await call(c, 'easyeaty', mockCredentials.user.invalidHeader()),
      ).toEqual({
        status: 401,
        event: [eventId, 'unknown', 'easyeaty', 'fail'],
      });
    });

    it('audits an act on a platform that does not exist, naming it as given (404)', async () => {
      expect(await call(c, 'nowhere', as('alice'))).toEqual({
        status: 404,
        event: [eventId, 'user:default/alice', 'nowhere', 'fail'],
      });
    });

    if (c.refused) {
      const { user, body } = c.refused;
      it(`audits a refusal by the policy (${user}, 403)`, async () => {
        expect(await call(c, 'easyeaty', as(user), body ?? c.body)).toEqual({
          status: 403,
          event: [eventId, `user:default/${user}`, 'easyeaty', 'fail'],
        });
      });
    }

    if (c.allowed) {
      const { user, status } = c.allowed;
      it(`audits an allowed act as a success (${user})`, async () => {
        expect(await call(c, 'easyeaty', as(user))).toEqual({
          status,
          event: [eventId, `user:default/${user}`, 'easyeaty', 'success'],
        });
      });
    }
  });

  it('audits a body that is not JSON (415) and one that does not parse (400)', async () => {
    const before = audit.length;
    const text = await request(backend)
      .post('/api/kratix/platforms/easyeaty/marketplace/install')
      .set('Authorization', as('ops'))
      .set('Content-Type', 'text/plain')
      .send('name=redis');
    expect(text.status).toBe(415);
    const broken = await request(backend)
      .post('/api/kratix/platforms/easyeaty/promises/jenkins/requests')
      .set('Authorization', as('alice'))
      .set('Content-Type', 'application/json')
      .send('{"name": ');
    expect(broken.status).toBe(400);
    expect(
      audit
        .slice(before)
        .map(e => [e.eventId, e.meta.actor, e.meta.platform, e.outcome]),
    ).toEqual([
      ['promise-install', 'user:default/ops', 'easyeaty', 'fail'],
      ['request-create', 'user:default/alice', 'easyeaty', 'fail'],
    ]);
  });

  it('audits nothing for a read that is no act, and leaves reads without credentials refused', async () => {
    const before = audit.length;
    expect(
      (
        await request(backend)
          .get('/api/kratix/platforms/easyeaty/promises/jenkins')
          .set('Authorization', mockCredentials.none.header())
      ).status,
    ).toBe(401);
    expect(
      (
        await request(backend)
          .get('/api/kratix/platforms')
          .set('Authorization', mockCredentials.none.header())
      ).status,
    ).toBe(401);
    expect(
      (
        await request(backend)
          .get('/api/kratix/platforms/easyeaty/promises/jenkins')
          .set('Authorization', as('alice'))
      ).status,
    ).toBe(200);
    expect(audit.length).toBe(before);
  });
});

describe('audited acts refused before their route (permission mock)', () => {
  let dataDir: string;
  let platform: GitOpsKratixPlatform;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-audited-read-'));
    platform = new GitOpsKratixPlatform({
      name: 'easyeaty',
      directory: await createEmbeddedRepository({ dataDir, name: 'easyeaty' }),
      stateStorePaths: ['state'],
      maxAgeMs: 0,
    });
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('audits an act by a user without kratix.platform.read (403)', async () => {
    const audit: SeenAuditEvent[] = [];
    const server = await startKratixBackend(
      [platform],
      { 'kratix.platform.read': AuthorizeResult.DENY },
      undefined,
      [capturingAuditor(audit)],
    );
    const res = await request(server)
      .post('/api/kratix/platforms/easyeaty/promises/jenkins/requests')
      .set('Authorization', mockCredentials.user.header())
      .send({ name: 'x', namespace: 'team-checkout', spec: { env: 'dev' } });
    expect(res.status).toBe(403);
    expect(
      audit.map(e => [e.eventId, e.meta.actor, e.meta.platform, e.outcome]),
    ).toEqual([
      [
        'request-create',
        mockCredentials.user().principal.userEntityRef,
        'easyeaty',
        'fail',
      ],
    ]);
  });

  it('audits an act while no platform is configured (503)', async () => {
    const audit: SeenAuditEvent[] = [];
    const server = await startKratixBackend([], {}, undefined, [
      capturingAuditor(audit),
    ]);
    const res = await request(server)
      .post('/api/kratix/platforms/easyeaty/destinations')
      .set('Authorization', mockCredentials.user.header())
      .send({ name: 'edge' });
    expect(res.status).toBe(503);
    expect(audit.map(e => [e.eventId, e.meta.platform, e.outcome])).toEqual([
      ['destination-register', 'easyeaty', 'fail'],
    ]);
  });
});
