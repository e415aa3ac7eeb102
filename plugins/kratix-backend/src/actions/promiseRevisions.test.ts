import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import {
  capturingAuditor,
  SeenAuditEvent,
} from '../__testUtils__/capturingAuditor';
import {
  fakeKubernetesPlatform,
  seedWithVersionHistory,
} from '../__testUtils__/fakeKubernetesPlatform';
import { startKratixBackend } from '../__testUtils__/startKratixBackend';

jest.setTimeout(60_000);

const LIST = '/api/kratix/.backstage/actions/v1/actions';
const invokePath = (id: string) => `${LIST}/${encodeURIComponent(id)}/invoke`;

// The same checks as the REST routes (routes/versionRoutes.test.ts), through the actions
// registry's HTTP interface that MCP clients call; the seed's version history is described
// there (redis v0.1.0 and v0.2.0 latest, sessions pinned to v0.1.0, cache floating).
describe('kratix:list-promise-revisions and kratix:move-requests (kubernetes, fake API server)', () => {
  const kube = fakeKubernetesPlatform({ seed: seedWithVersionHistory });

  const sessionsVersion = () =>
    (
      kube.fake.list('platform.kratix.io/v1alpha1', 'ResourceBinding') as any[]
    ).find(b => b.spec.resourceRef.name === 'sessions').spec.version;

  it('lists revisions with their requests and a diff', async () => {
    const backend = await startKratixBackend([kube.platform]);
    const res = await request(backend)
      .post(invokePath('kratix:list-promise-revisions'))
      .set('Authorization', mockCredentials.user.header())
      .send({ promise: 'jenkins', from: 'v1.1.0', to: 'v1.2.0' });
    expect(res.status).toBe(200);
    expect(res.body.output.latestVersion).toBe('v1.2.0');
    expect(res.body.output.diff.api.map((c: any) => c.path)).toEqual([
      'spec.agents',
      'spec.env',
    ]);
  });

  it('moves requests for an admin, audited; refuses a non-admin (403) and a version not retained (409)', async () => {
    const audit: SeenAuditEvent[] = [];
    const input = {
      promise: 'redis',
      version: 'v0.2.0',
      requests: [{ namespace: 'team-checkout', name: 'sessions' }],
    };
    const denied = await startKratixBackend(
      [kube.platform],
      { 'kratix.resource.manage-any': AuthorizeResult.DENY },
      undefined,
      [capturingAuditor(audit)],
    );
    const forbidden = await request(denied)
      .post(invokePath('kratix:move-requests'))
      .set('Authorization', mockCredentials.user.header())
      .send(input);
    expect(forbidden.status).toBe(403);
    expect(sessionsVersion()).toBe('v0.1.0');

    const admin = await startKratixBackend([kube.platform], {}, undefined, [
      capturingAuditor(audit),
    ]);
    const missing = await request(admin)
      .post(invokePath('kratix:move-requests'))
      .set('Authorization', mockCredentials.user.header())
      .send({ ...input, version: 'v9' });
    expect(missing.status).toBe(409);
    expect(sessionsVersion()).toBe('v0.1.0');
    const moved = await request(admin)
      .post(invokePath('kratix:move-requests'))
      .set('Authorization', mockCredentials.user.header())
      .send(input);
    expect(moved.status).toBe(200);
    expect(moved.body.output.moved).toBe(1);
    expect(sessionsVersion()).toBe('v0.2.0');
    expect(
      audit.map(e => [e.eventId, e.outcome, e.meta.via, e.meta.version]),
    ).toEqual([
      ['requests-move', 'fail', 'actions', 'v0.2.0'],
      ['requests-move', 'fail', 'actions', 'v9'],
      ['requests-move', 'success', 'actions', 'v0.2.0'],
    ]);
  });
});
