import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
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
    const platform = new GitOpsKratixPlatform({
      name: 'easyeaty',
      directory,
      stateStorePaths: ['state'],
      maxAgeMs: 0,
    });
    platforms = { get: name => (name === 'easyeaty' ? platform : undefined) };
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  const input = {
    platform: 'easyeaty',
    promise: 'jenkins',
    name: 'release',
    namespace: 'team-payments',
    spec: { env: 'prod', agents: 3 },
    owner: 'group:default/team-payments',
  };

  const action = (result: AuthorizeResult = AuthorizeResult.ALLOW) =>
    createKratixResourceRequestAction({
      platforms,
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
  /** Answers as the suite's policy would for a caller who is (or is not) an admin and owns (or not) the request. */
  const actionAs = (who: {
    admin: boolean;
    owns: boolean;
    groups?: string[];
  }) =>
    createKratixResourceRequestAction({
      platforms,
      permissions: mockServices.permissions.mock({
        authorize: async reqs =>
          reqs.map(r => {
            const name = r.permission.name;
            const decided: Record<string, boolean> = {
              'kratix.resource.manage-any': who.admin,
              'kratix.resource.manage': who.owns,
            };
            const allowed = decided[name] ?? true;
            return {
              result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
            } as { result: AuthorizeResult.ALLOW | AuthorizeResult.DENY };
          }),
      }),
      userInfo: {
        getUserInfo: async () => ({
          userEntityRef: 'user:default/bob',
          ownershipEntityRefs: ['user:default/bob', ...(who.groups ?? [])],
        }),
      },
    });
  /** An action context for another user than the one who made the request. */
  const asBob = (values: object) => ({
    ...createMockActionContext({
      input: { ...input, ...values },
      user: { ref: 'user:default/bob' },
    }),
    getInitiatorCredentials: async () =>
      mockCredentials.user('user:default/bob'),
  });
  const file = () =>
    readFile(
      join(directory, 'requests/jenkins/team-payments/release.yaml'),
      'utf8',
    );
  const commits = async () =>
    Number((await git(directory, ['rev-list', '--count', 'HEAD'])).trim());
  it('commits a validated request of the Promise API kind and outputs where it is', async () => {
    const ctx = createMockActionContext({ input });
    await action().handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith(
      'requestRef',
      'easyeaty/team-payments/jenkins/release',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/easyeaty_jenkins_team-payments_release',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'path',
      'requests/jenkins/team-payments/release.yaml',
    );
    expect(ctx.output).toHaveBeenCalledWith('action', 'created');
    expect(ctx.output).toHaveBeenCalledWith(
      'commit',
      expect.stringMatching(/^[0-9a-f]{40}$/),
    );
    const document = parse(
      await git(directory, [
        'show',
        'HEAD:requests/jenkins/team-payments/release.yaml',
      ]),
    );
    expect(document).toEqual({
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      kind: 'jenkins',
      metadata: {
        name: 'release',
        namespace: 'team-payments',
        labels: { 'backstage.io/owner': 'group-team-payments' },
        annotations: {
          'backstage.io/owner-ref': 'group:default/team-payments',
        },
      },
      spec: { env: 'prod', agents: 3 },
    });
  });

  it("refuses another user's create of an existing name, in a dry run too, and leaves the file byte-for-byte", async () => {
    await action().handler(createMockActionContext({ input }));
    const before = { text: await file(), commits: await commits() };
    const takeover = actionAs({
      admin: false,
      owns: false,
      groups: ['group:default/team-evil'],
    });
    await expect(
      takeover.handler(asBob({ spec: { env: 'dev' }, owner: undefined })),
    ).rejects.toThrow(
      'Request team-payments/release of Promise jenkins on platform easyeaty already exists',
    );
    await expect(
      takeover.handler({ ...asBob({ spec: { env: 'dev' } }), isDryRun: true }),
    ).rejects.toThrow('already exists');
    expect(await file()).toBe(before.text);
    expect(await commits()).toBe(before.commits);
  });

  it('updates an existing request with update: true for its owner, keeping the owner', async () => {
    await action().handler(createMockActionContext({ input }));
    const ctx = asBob({
      spec: { env: 'staging' },
      owner: undefined,
      update: true,
    });
    await actionAs({
      admin: false,
      owns: true,
      groups: ['group:default/team-payments'],
    }).handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('action', 'updated');
    const document = parse(await file());
    expect(document.spec).toEqual({ env: 'staging' });
    expect(document.metadata.annotations['backstage.io/owner-ref']).toBe(
      'group:default/team-payments',
    );
  });

  it("refuses an update of someone else's request and writes nothing", async () => {
    await action().handler(createMockActionContext({ input }));
    const before = { text: await file(), commits: await commits() };
    await expect(
      actionAs({ admin: false, owns: false }).handler(
        asBob({ spec: { env: 'dev' }, update: true, owner: undefined }),
      ),
    ).rejects.toThrow('only its owner or a platform admin may');
    expect(await file()).toBe(before.text);
    expect(await commits()).toBe(before.commits);
  });

  it('refuses to update a request that does not exist', async () => {
    await expect(
      action().handler(
        createMockActionContext({ input: { ...input, update: true } }),
      ),
    ).rejects.toThrow('does not exist; create it first');
  });

  it('lets a non-admin record only themselves or their groups as owner', async () => {
    const member = actionAs({
      admin: false,
      owns: false,
      groups: ['group:default/team-payments'],
    });
    const seeded = await commits();
    await expect(
      member.handler(asBob({ owner: 'group:default/team-orders' })),
    ).rejects.toThrow(
      /^owner: you may record as owner only yourself or a group you belong to/,
    );
    expect(await commits()).toBe(seeded);
    await member.handler(asBob({ owner: 'group:default/team-payments' }));
    expect(
      parse(await file()).metadata.annotations['backstage.io/owner-ref'],
    ).toBe('group:default/team-payments');
  });

  it("makes changing an existing request's owner an admin act", async () => {
    await action().handler(createMockActionContext({ input }));
    const before = await file();
    await expect(
      actionAs({
        admin: false,
        owns: true,
        groups: ['group:default/team-payments'],
      }).handler(asBob({ owner: 'user:default/bob', update: true })),
    ).rejects.toThrow(/^owner: changing the owner of an existing request/);
    expect(await file()).toBe(before);
    await actionAs({ admin: true, owns: false }).handler(
      asBob({ owner: 'group:default/team-orders', update: true }),
    );
    expect(
      parse(await file()).metadata.annotations['backstage.io/owner-ref'],
    ).toBe('group:default/team-orders');
  });

  it('records the initiating user as owner by default, and commits as them', async () => {
    const ctx = {
      ...createMockActionContext({
        input: { ...input, owner: undefined },
        user: {
          ref: 'user:default/bob',
          entity: {
            spec: {
              profile: {
                displayName: 'Bob Builder',
                email: 'bob@easyeaty.example',
              },
            },
          } as any,
        },
      }),
      getInitiatorCredentials: async () =>
        mockCredentials.user('user:default/bob'),
    };
    await actionAs({ admin: false, owns: false }).handler(ctx);
    expect(
      parse(await file()).metadata.annotations['backstage.io/owner-ref'],
    ).toBe('user:default/bob');
    expect(
      (await git(directory, ['log', '-1', '--format=%an <%ae>'])).trim(),
    ).toBe('Bob Builder <bob@easyeaty.example>');
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
      action().handler(
        createMockActionContext({ input: { ...input, platform: 'nowhere' } }),
      ),
    ).rejects.toThrow('platform: no Kratix platform named "nowhere"');
    await expect(
      action().handler(
        createMockActionContext({ input: { ...input, promise: 'mongodb' } }),
      ),
    ).rejects.toThrow('promise: Promise "mongodb" not found');
    await expect(
      action().handler(
        createMockActionContext({ input: { ...input, promise: 'nginx' } }),
      ),
    ).rejects.toThrow('has no API');
  });

  it('writes nothing in a dry run and says what it would write', async () => {
    const before = await commits();
    // The mock context does not pass isDryRun through, so set it on the context itself.
    const ctx = { ...createMockActionContext({ input }), isDryRun: true };
    await action().handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith(
      'path',
      'requests/jenkins/team-payments/release.yaml',
    );
    expect(ctx.output).toHaveBeenCalledWith('action', 'created');
    expect(await commits()).toBe(before);
  });

  it('outputs the document a dry run would write, and logs it, with free-form objects as objects', async () => {
    const before = await commits();
    const env = { LOG_LEVEL: 'debug', tls: { enabled: true } };
    const ctx = {
      ...createMockActionContext({
        input: {
          ...input,
          promise: 'web-app',
          name: 'shop',
          spec: { image: 'nginx:1.27', env },
        },
      }),
      isDryRun: true,
    };
    const info = jest.spyOn(ctx.logger, 'info');
    await action().handler(ctx);
    const output = Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    );
    const document = parse(output.document);
    expect(document).toEqual(
      expect.objectContaining({
        kind: 'WebApp',
        metadata: expect.objectContaining({
          name: 'shop',
          namespace: 'team-payments',
        }),
        spec: { image: 'nginx:1.27', env },
      }),
    );
    expect(info).toHaveBeenCalledWith(
      expect.stringContaining(
        `Dry run: would create requests/web-app/team-payments/shop.yaml:\n${output.document}`,
      ),
    );
    expect(await commits()).toBe(before);
    expect(await git(directory, ['status', '--porcelain'])).toBe('');
  });

  it('outputs the document it wrote in a normal run too', async () => {
    const ctx = createMockActionContext({ input });
    await action().handler(ctx);
    const document = (ctx.output as jest.Mock).mock.calls.find(
      ([k]) => k === 'document',
    )?.[1];
    expect(document).toBe(await file());
  });

  it('refuses without the create permission and writes nothing', async () => {
    const before = await commits();
    await expect(
      action(AuthorizeResult.DENY).handler(createMockActionContext({ input })),
    ).rejects.toThrow('kratix.resource.create');
    expect(await commits()).toBe(before);
  });
});
