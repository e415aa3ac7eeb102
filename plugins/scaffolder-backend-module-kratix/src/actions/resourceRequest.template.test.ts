import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { generateTemplate } from '@kratix-backstage/plugin-kratix-common';
import {
  createEmbeddedRepository,
  git,
  GitOpsKratixPlatform,
  kratixPlatformsServiceRef,
  MarketplaceClient,
} from '@kratix-backstage/plugin-kratix-node';
import request from 'supertest';
import { parse } from 'yaml';
import { scaffolderModuleKratix } from '../module';

// Real git repositories and a test backend: generous on a loaded 2-core CI machine.
jest.setTimeout(60_000);

describe('kratix:resource:request in a generated template, dry run', () => {
  let dataDir: string;
  let directory: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-template-dry-run-'));
    directory = await createEmbeddedRepository({ dataDir, name: 'easyeaty' });
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it("shows the document it would write, the web-app's free-form env passed through as an object", async () => {
    const platform = new GitOpsKratixPlatform({
      name: 'easyeaty',
      directory,
      stateStorePaths: ['state'],
      maxAgeMs: 0,
    });
    const template = generateTemplate(
      'easyeaty',
      (await platform.getPromise('web-app'))!,
      { owner: 'group:default/platform-team' },
    )!;
    const { server } = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleKratix,
        catalogServiceMock.factory({ entities: [] }),
        mockServices.permissions.mock({
          authorize: async reqs =>
            reqs.map(() => ({ result: AuthorizeResult.ALLOW })) as any,
          authorizeConditional: async reqs =>
            reqs.map(() => ({ result: AuthorizeResult.ALLOW })) as any,
        }).factory,
        mockServices.rootConfig.factory({
          data: { backend: { baseUrl: 'http://localhost:7007' } },
        }),
        createServiceFactory({
          service: kratixPlatformsServiceRef,
          deps: {},
          factory: () => ({
            list: () => [platform],
            get: (name: string) => (name === 'easyeaty' ? platform : undefined),
            marketplace: new MarketplaceClient({ allowedHosts: [] }),
          }),
        }),
      ],
    });
    const before = await git(directory, ['rev-parse', 'HEAD']);
    const env = { LOG_LEVEL: 'debug', tls: { enabled: true } };
    const response = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', mockCredentials.user.header())
      .send({
        template,
        values: {
          objname: 'shop',
          objnamespace: 'team-shop',
          owner: 'user:default/mock',
          image: 'nginx:1.27',
          replicas: 2,
          env,
        },
        secrets: {},
        directoryContents: [],
      });
    expect(response.status).toBe(200);
    const shown = response.body.output.text.find(
      (t: any) => t.title === 'Request document',
    );
    const match = /^```yaml\n([\s\S]*)\n```$/.exec(shown.content);
    expect(match).not.toBeNull();
    expect(parse(match![1])).toEqual(
      expect.objectContaining({
        apiVersion: 'platform.easyeaty.io/v1',
        kind: 'WebApp',
        metadata: expect.objectContaining({
          name: 'shop',
          namespace: 'team-shop',
        }),
        spec: expect.objectContaining({ image: 'nginx:1.27', env }),
      }),
    );
    const log = response.body.log
      .map((e: any) => e.body?.message ?? '')
      .join('\n');
    expect(log).toContain(
      'Dry run: would create requests/web-app/team-shop/shop.yaml',
    );
    // Nothing was written.
    expect(await git(directory, ['rev-parse', 'HEAD'])).toBe(before);
  });
});
