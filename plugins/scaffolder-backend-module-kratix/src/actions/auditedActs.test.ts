/*
 * The scaffolder actions audit every attempt like the REST API: an allowed act, a refusal by
 * the policy (403), a platform that does not exist, input the checks refuse (400) and a run
 * that lacks the user's cluster token each leave one audit event naming the act, who, the
 * platform as given and the outcome.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AuditorService,
  AuditorServiceCreateEventOptions,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  createEmbeddedRepository,
  GitOpsKratixPlatform,
  KratixPlatform,
  MarketplaceClient,
} from '@kratix-backstage/plugin-kratix-node';
import { createKratixPromiseInstallAction } from './promiseInstall';
import { createKratixResourceRequestAction } from './resourceRequest';

// Real git repositories: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

type Seen = [
  eventId: string,
  actor: unknown,
  platform: unknown,
  outcome?: string,
];

/** An auditor that keeps each event as [eventId, actor, platform, outcome]. */
function capturingAuditor(seen: Seen[]): Pick<AuditorService, 'createEvent'> {
  return {
    async createEvent(options: AuditorServiceCreateEventOptions) {
      const event: Seen = [
        options.eventId,
        options.meta?.actor,
        options.meta?.platform,
      ];
      seen.push(event);
      return {
        success: async () => void (event[3] = 'success'),
        fail: async () => void (event[3] = 'fail'),
      };
    },
  };
}

const permissions = (result: AuthorizeResult.ALLOW | AuthorizeResult.DENY) =>
  mockServices.permissions.mock({
    authorize: async reqs => reqs.map(() => ({ result })),
  });

const actor = mockCredentials.user().principal.userEntityRef;

/** Runs an action once with this input: the name of the error it ended with, if any. */
function endOf(
  action: { handler(ctx: any): Promise<unknown> },
  input: object,
): Promise<string | undefined> {
  return action.handler(createMockActionContext({ input })).then(
    () => undefined,
    (e: Error) => e.name,
  );
}

describe('audit events of the scaffolder actions', () => {
  let dataDir: string;
  let platforms: Map<string, KratixPlatform>;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-scaffolder-audit-'));
    const easyeaty = new GitOpsKratixPlatform({
      name: 'easyeaty',
      directory: await createEmbeddedRepository({ dataDir, name: 'easyeaty' }),
      stateStorePaths: ['state'],
      maxAgeMs: 0,
    });
    // Writes as the signed-in user: a run without their cluster token is refused before anything is read.
    const asUser = {
      name: 'as-user',
      mode: 'kubernetes',
      actAsUser: { authProvider: 'oidc' },
    } as unknown as KratixPlatform;
    platforms = new Map<string, KratixPlatform>([
      ['easyeaty', easyeaty],
      ['as-user', asUser],
    ]);
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  describe('kratix:resource:request', () => {
    const request = {
      platform: 'easyeaty',
      promise: 'jenkins',
      name: 'audited',
      namespace: 'team-payments',
      spec: { env: 'dev' },
    };
    /** Runs the action once and returns its audit events and the error it ended with. */
    async function run(
      input: object,
      decision:
        | AuthorizeResult.ALLOW
        | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
    ) {
      const seen: Seen[] = [];
      const action = createKratixResourceRequestAction({
        platforms: { get: name => platforms.get(name) },
        permissions: permissions(decision),
        auditor: capturingAuditor(seen),
      });
      return {
        error: await endOf(action, { ...request, ...input }),
        seen,
      };
    }

    it('audits an allowed request as a success', async () => {
      expect(await run({})).toEqual({
        error: undefined,
        seen: [['request-create', actor, 'easyeaty', 'success']],
      });
    });

    it('audits a refusal by the policy (403)', async () => {
      expect(await run({ name: 'denied' }, AuthorizeResult.DENY)).toEqual({
        error: 'NotAllowedError',
        seen: [['request-create', actor, 'easyeaty', 'fail']],
      });
    });

    it('audits a platform that does not exist, naming it as given', async () => {
      expect(await run({ platform: 'nowhere' })).toEqual({
        error: 'InputError',
        seen: [['request-create', actor, 'nowhere', 'fail']],
      });
    });

    it('audits input the checks refuse (400)', async () => {
      expect(await run({ name: 'Not_A_Name' })).toEqual({
        error: 'InputError',
        seen: [['request-create', actor, 'easyeaty', 'fail']],
      });
    });

    it("audits a run without the user's cluster token where the platform writes as the user", async () => {
      expect(await run({ platform: 'as-user' })).toEqual({
        error: 'InputError',
        seen: [['request-create', actor, 'as-user', 'fail']],
      });
    });

    it('audits an update as request-update, refused to a non-owner', async () => {
      const seen: Seen[] = [];
      const action = createKratixResourceRequestAction({
        platforms: { get: name => platforms.get(name) },
        permissions: mockServices.permissions.mock({
          authorize: async reqs =>
            reqs.map(r => ({
              result: r.permission.name.startsWith('kratix.resource.manage')
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
            })),
        }),
        auditor: capturingAuditor(seen),
      });
      await expect(
        action.handler(
          createMockActionContext({
            input: {
              ...request,
              namespace: 'team-checkout',
              name: 'ci',
              update: true,
            },
          }),
        ),
      ).rejects.toThrow(/only its owner or a platform admin/);
      expect(seen).toEqual([['request-update', actor, 'easyeaty', 'fail']]);
    });
  });

  describe('kratix:promise:install', () => {
    async function run(
      input: object,
      decision:
        | AuthorizeResult.ALLOW
        | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
    ) {
      const seen: Seen[] = [];
      const action = createKratixPromiseInstallAction({
        platforms: {
          get: name => platforms.get(name),
          marketplace: new MarketplaceClient({ allowedHosts: [] }),
        },
        permissions: permissions(decision),
        auditor: capturingAuditor(seen),
      });
      return {
        error: await endOf(action, {
          platform: 'easyeaty',
          name: 'redis',
          ...input,
        }),
        seen,
      };
    }

    it('audits an allowed install as a success', async () => {
      expect(await run({})).toEqual({
        error: undefined,
        seen: [['promise-install', actor, 'easyeaty', 'success']],
      });
    });

    it('audits a refusal by the policy (403)', async () => {
      expect(await run({}, AuthorizeResult.DENY)).toEqual({
        error: 'NotAllowedError',
        seen: [['promise-install', actor, 'easyeaty', 'fail']],
      });
    });

    it('audits a platform that does not exist, naming it as given', async () => {
      expect(await run({ platform: 'nowhere' })).toEqual({
        error: 'InputError',
        seen: [['promise-install', actor, 'nowhere', 'fail']],
      });
    });

    it('audits input the checks refuse (400: both a name and a URL)', async () => {
      expect(
        await run({ url: 'https://raw.githubusercontent.com/x/promise.yaml' }),
      ).toEqual({
        error: 'InputError',
        seen: [['promise-install', actor, 'easyeaty', 'fail']],
      });
    });
  });
});
