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
  KratixPlatformsService,
} from '@kratix-backstage/plugin-kratix-node';
import { parse } from 'yaml';
import { createKratixResourceRequestAction } from './resourceRequest';

// Real git repositories and test backends: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

describe('kratix:resource:request', () => {
  let dataDir: string;
  let directory: string;
  let platforms: Pick<KratixPlatformsService, 'get'>;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-action-'));
    directory = await createEmbeddedRepository({ dataDir, name: 'easyeaty' });
    const platform = new GitOpsKratixPlatform({ name: 'easyeaty', directory, stateStorePaths: ['state'], maxAgeMs: 0 });
    platforms = { get: name => (name === 'easyeaty' ? platform : undefined) };
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  const action = (result: AuthorizeResult = AuthorizeResult.ALLOW) =>
    createKratixResourceRequestAction({
      platforms,
      permissions: mockServices.permissions.mock({
        authorize: async reqs => reqs.map(() => ({ result }) as { result: AuthorizeResult.ALLOW | AuthorizeResult.DENY }),
      }),
    });
  const commits = async () => Number((await git(directory, ['rev-list', '--count', 'HEAD'])).trim());
  const input = {
    platform: 'easyeaty',
    promise: 'jenkins',
    name: 'release',
    namespace: 'team-payments',
    spec: { env: 'prod', agents: 3 },
    owner: 'group:default/team-payments',
  };

  it('commits a validated request of the Promise API kind and outputs where it is', async () => {
    const ctx = createMockActionContext({ input });
    await action().handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('requestRef', 'easyeaty/team-payments/jenkins/release');
    expect(ctx.output).toHaveBeenCalledWith('entityRef', 'component:default/easyeaty_jenkins_team-payments_release');
    expect(ctx.output).toHaveBeenCalledWith('path', 'requests/jenkins/team-payments/release.yaml');
    expect(ctx.output).toHaveBeenCalledWith('action', 'created');
    expect(ctx.output).toHaveBeenCalledWith('commit', expect.stringMatching(/^[0-9a-f]{40}$/));
    const document = parse(await git(directory, ['show', 'HEAD:requests/jenkins/team-payments/release.yaml']));
    expect(document).toEqual({
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      kind: 'jenkins',
      metadata: {
        name: 'release',
        namespace: 'team-payments',
        labels: { 'backstage.io/owner': 'group-team-payments' },
        annotations: { 'backstage.io/owner-ref': 'group:default/team-payments' },
      },
      spec: { env: 'prod', agents: 3 },
    });
  });

  it('updates an existing request instead of failing', async () => {
    await action().handler(createMockActionContext({ input }));
    const ctx = createMockActionContext({ input: { ...input, spec: { env: 'staging' } } });
    await action().handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('action', 'updated');
  });

  it('rejects an invalid spec with field-level messages and writes nothing', async () => {
    const before = await commits();
    const ctx = createMockActionContext({
      input: { ...input, name: 'Bad_Name', spec: { env: 'qa', agents: 11 } },
    });
    await expect(action().handler(ctx)).rejects.toThrow(
      /metadata\.name "Bad_Name".*spec\.env must be one of "dev", "staging", "prod".*spec\.agents must be at most 10/,
    );
    expect(await commits()).toBe(before);
    expect(await git(directory, ['status', '--porcelain'])).toBe('');
  });

  it('names an unknown platform or Promise', async () => {
    await expect(
      action().handler(createMockActionContext({ input: { ...input, platform: 'nowhere' } })),
    ).rejects.toThrow('platform: no Kratix platform named "nowhere"');
    await expect(
      action().handler(createMockActionContext({ input: { ...input, promise: 'mongodb' } })),
    ).rejects.toThrow('promise: Promise "mongodb" not found');
    await expect(
      action().handler(createMockActionContext({ input: { ...input, promise: 'nginx' } })),
    ).rejects.toThrow('has no API');
  });

  it('writes nothing in a dry run and says what it would write', async () => {
    const before = await commits();
    // The mock context does not pass isDryRun through, so set it on the context itself.
    const ctx = { ...createMockActionContext({ input }), isDryRun: true };
    await action().handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('path', 'requests/jenkins/team-payments/release.yaml');
    expect(ctx.output).toHaveBeenCalledWith('action', 'created');
    expect(await commits()).toBe(before);
  });

  it('refuses without the create permission and writes nothing', async () => {
    const before = await commits();
    await expect(action(AuthorizeResult.DENY).handler(createMockActionContext({ input }))).rejects.toThrow(
      'kratix.resource.create',
    );
    expect(await commits()).toBe(before);
  });
});
