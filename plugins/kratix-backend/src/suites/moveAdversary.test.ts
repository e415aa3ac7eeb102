/*
 * Moving requests between Promise versions in gitops mode, tried by the wrong people and with
 * odd input, through REST and kratix:move-requests / kratix:manage-request, behind the real
 * permission policy, on the embedded demo repository (a real git repository): nothing is
 * committed and no branch is made for a refusal.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  createEmbeddedRepository,
  git,
  GitOpsKratixPlatform,
} from '@kratix-backstage/plugin-kratix-node';
import {
  SeenAuditEvent,
  startPolicyBackend,
} from '../__testUtils__/startPolicyBackend';

jest.setTimeout(60_000);

const API = '/api/kratix/platforms/easyeaty/promises';
const ACTIONS = '/api/kratix/.backstage/actions/v1/actions';
const as = (user: string) =>
  mockCredentials.user.header(`user:default/${user}`);

describe('moving requests between versions in gitops mode, from outside', () => {
  let dataDir: string;
  let directory: string;
  let server: Server;
  let audit: SeenAuditEvent[];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-move-adversary-'));
    directory = await createEmbeddedRepository({ dataDir, name: 'easyeaty' });
    const platform = new GitOpsKratixPlatform({
      name: 'easyeaty',
      directory,
      stateStorePaths: ['state'],
      maxAgeMs: 0,
      admins: ['group:default/platform-team'],
    });
    audit = [];
    server = await startPolicyBackend([platform], audit);
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  /** Every ref and where it points: a commit or a branch made shows here. */
  const refs = async () => git(directory, ['for-each-ref']);
  const move = (user: string, version: string, requests: object[]) =>
    request(server)
      .post(`${API}/postgresql/revisions/${version}/move`)
      .set('Authorization', as(user))
      .send({ requests });
  const invoke = (user: string, id: string, input: object) =>
    request(server)
      .post(`${ACTIONS}/${encodeURIComponent(id)}/invoke`)
      .set('Authorization', as(user))
      .send(input);
  const ORDERS_DB = { namespace: 'team-orders', name: 'orders-db' };

  it('refuses a move by anyone but a platform admin, through REST and the action, writing nothing', async () => {
    const before = await refs();
    for (const user of ['alice', 'bob']) {
      expect((await move(user, 'v1.1.0', [ORDERS_DB])).status).toBe(403);
      expect(
        (
          await invoke(user, 'kratix:move-requests', {
            platform: 'easyeaty',
            promise: 'postgresql',
            version: 'v1.1.0',
            requests: [ORDERS_DB],
          })
        ).status,
      ).toBe(403);
    }
    expect(await refs()).toBe(before);
  });

  it("refuses one request's upgrade by someone not its owner, through REST and the action, writing nothing", async () => {
    const before = await refs();
    // ci is team-checkout's (alice's team): bob is another team.
    const upgrade = {
      platform: 'easyeaty',
      promise: 'jenkins',
      namespace: 'team-checkout',
      name: 'ci',
      action: 'upgrade',
      version: 'latest',
    };
    const rest = await request(server)
      .post(`${API}/jenkins/requests/team-checkout/ci/actions`)
      .set('Authorization', as('bob'))
      .send({ action: 'upgrade', version: 'latest' });
    expect(rest.status).toBe(403);
    expect((await invoke('bob', 'kratix:manage-request', upgrade)).status).toBe(
      403,
    );
    expect(await refs()).toBe(before);
  });

  it('refuses versions and requests that are not there, even odd ones, writing nothing', async () => {
    const before = await refs();
    for (const version of ['v9.9.9', '%2E%2E', '..%2F..%2Fetc']) {
      const res = await move('ops', version, [ORDERS_DB]);
      expect([version, res.status]).toEqual([version, 409]);
    }
    const odd = await move('ops', 'v1.1.0', [
      { namespace: '..', name: 'orders-db' },
      { namespace: 'team-orders', name: '../../platform/promises/postgresql' },
    ]);
    expect(odd.status).toBe(200);
    expect(odd.body).toMatchObject({ moved: 0, failed: 2 });
    expect(odd.body.results.map((r: any) => r.error.name)).toEqual([
      'NotFoundError',
      'NotFoundError',
    ]);
    expect(await refs()).toBe(before);
  });

  it('control: the same move by a platform admin commits (so the checks above can see a write)', async () => {
    const before = await refs();
    const res = await move('ops', 'v1.1.0', [ORDERS_DB]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ moved: 1, failed: 0 });
    expect(await refs()).not.toBe(before);
  });
});
