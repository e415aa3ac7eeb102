import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  createEmbeddedRepository,
  git,
  GitOpsKratixPlatform,
  MarketplaceClient,
} from '@kratix-backstage/plugin-kratix-node';
import { createKratixPromiseInstallAction } from './promiseInstall';

// Real git repositories and test backends: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

describe('kratix:promise:install', () => {
  let dataDir: string;
  let directory: string;
  let platform: GitOpsKratixPlatform;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-install-'));
    directory = await createEmbeddedRepository({ dataDir, name: 'easyeaty' });
    platform = new GitOpsKratixPlatform({
      name: 'easyeaty',
      directory,
      stateStorePaths: ['state'],
      maxAgeMs: 0,
    });
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  const action = (result: AuthorizeResult = AuthorizeResult.ALLOW) =>
    createKratixPromiseInstallAction({
      platforms: {
        get: () => platform,
        marketplace: new MarketplaceClient({
          allowedHosts: ['raw.githubusercontent.com'],
        }),
      },
      permissions: mockServices.permissions.mock({
        authorize: async reqs =>
          reqs.map(
            () =>
              ({ result } as {
                result: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
              }),
          ),
      }),
    });
  const commits = async () =>
    Number((await git(directory, ['rev-list', '--count', 'HEAD'])).trim());

  it('installs a marketplace Promise by committing it to the platform repository', async () => {
    const ctx = createMockActionContext({
      input: { platform: 'easyeaty', name: 'kafka' },
    });
    await action().handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('promise', 'kafka');
    expect(ctx.output).toHaveBeenCalledWith('action', 'created');
    expect((await platform.listPromises()).map(p => p.metadata.name)).toContain(
      'kafka',
    );
  });

  it('upgrades an installed Promise', async () => {
    const ctx = createMockActionContext({
      input: { platform: 'easyeaty', name: 'jenkins' },
    });
    await action().handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('version', 'v1.3.0');
    expect(ctx.output).toHaveBeenCalledWith('action', 'updated');
  });

  it('refuses non-admins, hosts off the list and writes nothing then', async () => {
    const before = await commits();
    await expect(
      action(AuthorizeResult.DENY).handler(
        createMockActionContext({
          input: { platform: 'easyeaty', name: 'kafka' },
        }),
      ),
    ).rejects.toThrow('kratix.promise.install');
    await expect(
      action().handler(
        createMockActionContext({
          input: {
            platform: 'easyeaty',
            url: 'https://evil.example/promise.yaml',
          },
        }),
      ),
    ).rejects.toThrow('not on an allowed host');
    await expect(
      action().handler(
        createMockActionContext({ input: { platform: 'easyeaty' } }),
      ),
    ).rejects.toThrow('give either');
    expect(await commits()).toBe(before);
  });

  it('writes nothing in a dry run', async () => {
    const before = await commits();
    const ctx = {
      ...createMockActionContext({
        input: { platform: 'easyeaty', name: 'vault' },
      }),
      isDryRun: true,
    };
    await action().handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('action', 'created');
    expect(await commits()).toBe(before);
  });
});
