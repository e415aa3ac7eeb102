import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import {
  createEmbeddedRepository,
  GitOpsKratixPlatform,
  kratixPlatformsServiceRef,
} from '@kratix-backstage/plugin-kratix-node';
import { kratixPlugin } from './plugin';

describe('kratix backend plugin', () => {
  let dataDir: string;
  let platform: GitOpsKratixPlatform;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-backend-'));
    const directory = await createEmbeddedRepository({ dataDir, name: 'easyeaty' });
    platform = new GitOpsKratixPlatform({ name: 'easyeaty', directory, stateStorePaths: ['state'] });
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  const platformsFactory = () =>
    createServiceFactory({
      service: kratixPlatformsServiceRef,
      deps: {},
      factory: () => ({
        list: () => [platform],
        get: (name: string) => (name === platform.name ? platform : undefined),
      }),
    });

  async function start(result: AuthorizeResult = AuthorizeResult.ALLOW) {
    const { server } = await startTestBackend({
      features: [
        kratixPlugin,
        platformsFactory(),
        mockServices.permissions.mock({
          authorize: async requests => requests.map(() => ({ result }) as { result: AuthorizeResult.ALLOW | AuthorizeResult.DENY }),
        }).factory,
      ],
    });
    return server;
  }

  it('lists platforms with their mode and health', async () => {
    const server = await start();
    await platform.listPromises();
    const res = await request(server)
      .get('/api/kratix/platforms')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({ name: 'easyeaty', mode: 'gitops', health: expect.objectContaining({ connected: true }) }),
    ]);
  });

  it('lists Promises with kind, availability and request counts', async () => {
    const server = await start();
    const res = await request(server)
      .get('/api/kratix/promises')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    const byName = Object.fromEntries(res.body.items.map((p: any) => [p.name, p]));
    expect(Object.keys(byName).sort()).toEqual(['jenkins', 'nginx', 'postgresql', 'web-app']);
    expect(byName.jenkins).toEqual(
      expect.objectContaining({ kind: 'jenkins', group: 'marketplace.kratix.io', hasApi: true, requestCount: 1, version: 'v1.2.0' }),
    );
    expect(byName.nginx).toEqual(expect.objectContaining({ hasApi: false, requestCount: 0 }));
    expect(byName['web-app'].requiredPromises).toEqual(['jenkins', 'postgresql', 'nginx']);
  });

  it('returns one Promise with its status, or 404 naming it', async () => {
    const server = await start();
    const ok = await request(server)
      .get('/api/kratix/platforms/easyeaty/promises/postgresql')
      .set('Authorization', mockCredentials.user.header());
    expect(ok.status).toBe(200);
    expect(ok.body.status).toEqual(expect.objectContaining({ availability: expect.any(String) }));
    expect(ok.body.promise.metadata.name).toBe('postgresql');

    const missing = await request(server)
      .get('/api/kratix/platforms/easyeaty/promises/mongodb')
      .set('Authorization', mockCredentials.user.header());
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('mongodb');

    const noPlatform = await request(server)
      .get('/api/kratix/promises?platform=nowhere')
      .set('Authorization', mockCredentials.user.header());
    expect(noPlatform.status).toBe(404);
    expect(noPlatform.body.error.message).toContain('nowhere');
  });

  it('lists clusters and requests, filtered by Promise and namespace', async () => {
    const server = await start();
    const clusters = await request(server)
      .get('/api/kratix/destinations')
      .set('Authorization', mockCredentials.user.header());
    expect(clusters.body.items.map((d: any) => d.name).sort()).toEqual(['eks', 'gke', 'on-prem-edge', 'platform']);
    expect(clusters.body.items.find((d: any) => d.name === 'platform')).toEqual(
      expect.objectContaining({ strictMatchLabels: true, labels: { environment: 'platform' } }),
    );

    const requests = await request(server)
      .get('/api/kratix/requests?promise=jenkins&namespace=team-checkout')
      .set('Authorization', mockCredentials.user.header());
    expect(requests.body.items).toEqual([
      expect.objectContaining({ name: 'ci', namespace: 'team-checkout', promise: 'jenkins', owner: 'group-team-checkout' }),
    ]);
  });

  it('rejects a repeated query parameter with 400 naming it', async () => {
    const server = await start();
    const res = await request(server)
      .get('/api/kratix/requests?promise=a&promise=b')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('promise');
  });

  it('answers 403 when the read permission is denied', async () => {
    const server = await start(AuthorizeResult.DENY);
    const res = await request(server)
      .get('/api/kratix/promises')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('kratix.platform.read');
  });
});
