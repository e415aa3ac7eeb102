/*
 * The Kratix actions through the actions registry's HTTP interface (the one MCP clients and
 * other plugins' ActionsService call): listed and invoked as an allowed user, hidden from a
 * user without kratix.platform.read, and refused to one without kratix.resource.create,
 * with nothing written whenever a call is refused.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { parse } from 'yaml';
import {
  createEmbeddedRepository,
  git,
  GitOpsKratixPlatform,
} from '@kratix-backstage/plugin-kratix-node';
import { startKratixBackend } from '../__testUtils__/startKratixBackend';
import {
  SeenAuditEvent,
  startPolicyBackend,
} from '../__testUtils__/startPolicyBackend';

// Real git repositories and several test backends: generous on a loaded 2-core CI machine.
jest.setTimeout(60_000);

const ACTIONS = [
  'kratix:list-promises',
  'kratix:explain-promise-placement',
  'kratix:validate-request',
  'kratix:make-request',
  'kratix:get-request',
  'kratix:manage-request',
  'kratix:manage-promise',
  'kratix:update-request',
  'kratix:list-promise-revisions',
  'kratix:move-requests',
  'kratix:fleet-health',
  'kratix:dry-run-request',
];
/** The actions that write (the rest only read). */
const WRITING = [
  'kratix:dry-run-request',
  'kratix:make-request',
  'kratix:manage-request',
  'kratix:manage-promise',
  'kratix:update-request',
  'kratix:move-requests',
];
const LIST = '/api/kratix/.backstage/actions/v1/actions';
const invokePath = (id: string) => `${LIST}/${encodeURIComponent(id)}/invoke`;
const as = (user: string) =>
  mockCredentials.user.header(`user:default/${user}`);

/** One valid input per action, on the seeded EasyEaty platform. */
const INPUTS: Record<string, object> = {
  'kratix:list-promises': {},
  'kratix:fleet-health': {},
  'kratix:list-promise-revisions': { platform: 'easyeaty', promise: 'jenkins' },
  'kratix:move-requests': {
    platform: 'easyeaty',
    promise: 'jenkins',
    version: 'v1.2.0',
    requests: [{ namespace: 'team-checkout', name: 'ci' }],
  },
  'kratix:update-request': {
    platform: 'easyeaty',
    promise: 'jenkins',
    namespace: 'team-checkout',
    name: 'ci',
    spec: { env: 'dev', agents: 2 },
  },
  'kratix:explain-promise-placement': { promise: 'jenkins' },
  'kratix:dry-run-request': {
    platform: 'easyeaty',
    promise: 'jenkins',
    namespace: 'team-checkout',
    name: 'nightly',
    spec: { env: 'staging', agents: 3 },
  },
  'kratix:validate-request': {
    promise: 'jenkins',
    name: 'nightly',
    namespace: 'team-checkout',
    spec: { env: 'staging', agents: 3 },
  },
  'kratix:make-request': {
    platform: 'easyeaty',
    promise: 'jenkins',
    name: 'nightly',
    namespace: 'team-checkout',
    spec: { env: 'staging', agents: 3 },
  },
  'kratix:get-request': {
    platform: 'easyeaty',
    promise: 'web-app',
    namespace: 'team-checkout',
    name: 'storefront',
  },
  'kratix:manage-request': {
    platform: 'easyeaty',
    promise: 'jenkins',
    namespace: 'team-checkout',
    name: 'ci',
    action: 'rerun',
  },
  'kratix:manage-promise': {
    platform: 'easyeaty',
    promise: 'jenkins',
    action: 'rerun',
  },
};

describe('Kratix actions (actions registry HTTP interface)', () => {
  let dataDir: string;
  let directory: string;
  let platform: GitOpsKratixPlatform;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-actions-'));
    directory = await createEmbeddedRepository({ dataDir, name: 'easyeaty' });
    platform = new GitOpsKratixPlatform({
      name: 'easyeaty',
      directory,
      stateStorePaths: ['state'],
      maxAgeMs: 0,
    });
    await platform.listPromises();
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  const commits = async () =>
    Number((await git(directory, ['rev-list', '--count', 'HEAD'])).trim());
  const nightly = () =>
    join(directory, 'requests/jenkins/team-checkout/nightly.yaml');
  const exists = (path: string) =>
    stat(path).then(
      () => true,
      () => false,
    );

  describe('as a user holding every permission', () => {
    let server: Server;
    beforeAll(async () => {
      server = await startKratixBackend([platform]);
    });
    const invoke = (id: string, input: object) =>
      request(server)
        .post(invokePath(id))
        .set('Authorization', mockCredentials.user.header())
        .send(input);

    it('lists the actions with their schemas and truthful attributes', async () => {
      const res = await request(server)
        .get(LIST)
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      const byId = Object.fromEntries(
        res.body.actions.map((a: any) => [a.id, a]),
      );
      expect(Object.keys(byId).sort()).toEqual([...ACTIONS].sort());
      for (const id of ACTIONS) {
        expect(byId[id].pluginId).toBe('kratix');
        expect(byId[id].description.length).toBeGreaterThan(100);
        expect(byId[id].schema.input.type).toBe('object');
        expect(byId[id].schema.output.type).toBe('object');
      }
      const readOnly = { readOnly: true, destructive: false, idempotent: true };
      expect(byId['kratix:list-promises'].attributes).toEqual(readOnly);
      expect(byId['kratix:explain-promise-placement'].attributes).toEqual(
        readOnly,
      );
      expect(byId['kratix:validate-request'].attributes).toEqual(readOnly);
      expect(byId['kratix:manage-request'].attributes).toEqual({
        readOnly: false,
        destructive: true,
        idempotent: false,
      });
      expect(byId['kratix:manage-promise'].attributes).toEqual({
        readOnly: false,
        destructive: false,
        idempotent: false,
      });
      expect(byId['kratix:get-request'].attributes).toEqual(readOnly);
      expect(byId['kratix:fleet-health'].attributes).toEqual(readOnly);
      expect(byId['kratix:dry-run-request'].attributes).toEqual({
        readOnly: false,
        destructive: false,
        idempotent: false,
      });
      expect(byId['kratix:update-request'].attributes).toEqual({
        readOnly: false,
        destructive: true,
        idempotent: true,
      });
      expect(byId['kratix:make-request'].attributes).toEqual({
        readOnly: false,
        destructive: false,
        idempotent: true,
      });
      expect(byId['kratix:move-requests'].attributes).toEqual({
        readOnly: false,
        destructive: true,
        idempotent: true,
      });
      expect(byId['kratix:make-request'].schema.input.required.sort()).toEqual([
        'name',
        'namespace',
        'promise',
      ]);
      expect(
        byId['kratix:make-request'].schema.input.properties.spec.description,
      ).toContain('specFields');
    });

    it('list-promises: every Promise with its availability, API and spec fields', async () => {
      const res = await invoke('kratix:list-promises', {});
      expect(res.status).toBe(200);
      const { promises, errors } = res.body.output;
      expect(errors).toEqual([]);
      expect(promises.map((p: any) => p.name)).toEqual([
        'jenkins',
        'nginx',
        'postgresql',
        'web-app',
      ]);
      const jenkins = promises[0];
      expect(jenkins).toEqual(
        expect.objectContaining({
          platform: 'easyeaty',
          version: 'v1.2.0',
          availability: 'Available',
          hasApi: true,
        }),
      );
      expect(jenkins.api).toEqual(
        expect.objectContaining({
          group: 'marketplace.kratix.io',
          version: 'v1alpha1',
          apiVersion: 'marketplace.kratix.io/v1alpha1',
          kind: 'jenkins',
          scope: 'Namespaced',
          specFieldsTruncated: false,
        }),
      );
      expect(jenkins.api.specFields).toEqual([
        {
          path: 'env',
          type: 'string',
          required: true,
          description: 'Environment the Jenkins instance serves.',
          enum: ['dev', 'staging', 'prod'],
          default: 'dev',
        },
        {
          path: 'plugins',
          type: 'array of string',
          required: false,
          description: 'Extra Jenkins plugins to install.',
        },
        {
          path: 'agents',
          type: 'integer',
          required: false,
          minimum: 0,
          maximum: 10,
          default: 1,
        },
      ]);
      const nginx = promises[1];
      expect(nginx.hasApi).toBe(false);
      expect(nginx.api).toBeUndefined();
      const searched = await invoke('kratix:list-promises', {
        search: 'POSTGRES',
      });
      expect(searched.body.output.promises.map((p: any) => p.name)).toEqual([
        'postgresql',
      ]);
    });

    it('explain-promise-placement: which clusters match the selectors, and why the others do not', async () => {
      const res = await invoke('kratix:explain-promise-placement', {
        promise: 'jenkins',
      });
      expect(res.status).toBe(200);
      const out = res.body.output;
      expect(out.selectors).toEqual([{ environment: 'dev' }]);
      expect(out.eligible.sort()).toEqual(['eks', 'gke']);
      expect(out.summary).toContain('selectors environment=dev');
      const byName = Object.fromEntries(
        out.destinations.map((d: any) => [d.destination, d]),
      );
      expect(byName.eks).toEqual(
        expect.objectContaining({
          matches: true,
          reasons: ['labels match environment=dev'],
          labels: { environment: 'dev', cloud: 'aws' },
        }),
      );
      expect(byName.eks.workerResources).toBeGreaterThan(0);
      expect(byName['on-prem-edge']).toEqual(
        expect.objectContaining({
          matches: false,
          reasons: ['label environment is prod, selector wants dev'],
        }),
      );
      expect(byName.platform).toEqual(
        expect.objectContaining({ matches: false, platformAsWorker: true }),
      );
      const missing = await invoke('kratix:explain-promise-placement', {
        promise: 'redis',
      });
      expect(missing.status).toBe(404);
      expect(missing.body.error.message).toBe(
        'promise: Promise "redis" not found on platform easyeaty',
      );
    });

    it('validate-request: names each field at fault and writes nothing', async () => {
      const before = await commits();
      const ok = await invoke(
        'kratix:validate-request',
        INPUTS['kratix:validate-request'],
      );
      expect(ok.status).toBe(200);
      expect(ok.body.output).toEqual({
        valid: true,
        errors: [],
        apiVersion: 'marketplace.kratix.io/v1alpha1',
        kind: 'jenkins',
        exists: false,
      });
      const bad = await invoke('kratix:validate-request', {
        promise: 'jenkins',
        name: 'Nightly_CI',
        namespace: 'team-checkout',
        spec: { env: 'qa', agents: 11 },
      });
      expect(bad.status).toBe(200);
      expect(bad.body.output.valid).toBe(false);
      expect(bad.body.output.errors.map((e: any) => e.field).sort()).toEqual([
        'metadata.name',
        'spec.agents',
        'spec.env',
      ]);
      for (const error of bad.body.output.errors)
        expect(error.message).toContain(error.field);
      const taken = await invoke('kratix:validate-request', {
        promise: 'jenkins',
        name: 'ci',
        namespace: 'team-checkout',
        spec: { env: 'dev' },
      });
      expect(taken.body.output).toEqual(
        expect.objectContaining({ valid: true, exists: true }),
      );
      expect(await commits()).toBe(before);
    });

    it('make-request: refuses an invalid spec with the field named, writing nothing', async () => {
      const before = await commits();
      const res = await invoke('kratix:make-request', {
        ...INPUTS['kratix:make-request'],
        spec: { env: 'qa' },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(
        'The request is not valid for Promise jenkins: spec.env',
      );
      expect(await commits()).toBe(before);
      expect(await exists(nightly())).toBe(false);
    });

    it('make-request: a dry run shows the document and writes nothing', async () => {
      const before = await commits();
      const res = await invoke('kratix:make-request', {
        ...INPUTS['kratix:make-request'],
        dryRun: true,
      });
      expect(res.status).toBe(200);
      expect(res.body.output).toEqual(
        expect.objectContaining({
          action: 'created',
          dryRun: true,
          path: 'requests/jenkins/team-checkout/nightly.yaml',
        }),
      );
      expect(parse(res.body.output.document).spec).toEqual({
        env: 'staging',
        agents: 3,
      });
      expect(await commits()).toBe(before);
      expect(await exists(nightly())).toBe(false);
    });

    it('make-request writes through the shared path; get-request then reads it, and a repeat is refused', async () => {
      const before = await commits();
      const res = await invoke(
        'kratix:make-request',
        INPUTS['kratix:make-request'],
      );
      expect(res.status).toBe(200);
      expect(res.body.output).toEqual(
        expect.objectContaining({
          action: 'created',
          dryRun: false,
          requestRef: 'easyeaty/team-checkout/jenkins/nightly',
          path: 'requests/jenkins/team-checkout/nightly.yaml',
          commit: expect.stringMatching(/^[0-9a-f]{40}$/),
        }),
      );
      expect(await commits()).toBe(before + 1);
      const written = parse(await readFile(nightly(), 'utf8'));
      expect(written).toEqual(
        expect.objectContaining({
          apiVersion: 'marketplace.kratix.io/v1alpha1',
          kind: 'jenkins',
          spec: { env: 'staging', agents: 3 },
        }),
      );
      // The caller is recorded as owner, as the REST API records it.
      expect(written.metadata.labels['backstage.io/owner']).toBe('user-mock');

      const read = await invoke('kratix:get-request', {
        promise: 'jenkins',
        namespace: 'team-checkout',
        name: 'nightly',
      });
      expect(read.status).toBe(200);
      expect(read.body.output).toEqual(
        expect.objectContaining({
          platform: 'easyeaty',
          promise: 'jenkins',
          owner: 'user:default/mock',
          spec: { env: 'staging', agents: 3 },
          landed: [],
        }),
      );

      const again = await invoke(
        'kratix:make-request',
        INPUTS['kratix:make-request'],
      );
      expect(again.status).toBe(409);
      expect(again.body.error.message).toContain('already exists');
      expect(await commits()).toBe(before + 1);
    });

    it('get-request: phase, conditions, where it landed and its sub-requests', async () => {
      const res = await invoke(
        'kratix:get-request',
        INPUTS['kratix:get-request'],
      );
      expect(res.status).toBe(200);
      const out = res.body.output;
      expect(out).toEqual(
        expect.objectContaining({
          kind: 'WebApp',
          owner: 'group:default/team-checkout',
          phase: expect.any(String),
          statusSource: 'state-store',
        }),
      );
      expect(out.conditions.length).toBeGreaterThan(0);
      expect(out.landed.map((l: any) => l.destination)).toEqual(
        expect.arrayContaining(['platform']),
      );
      for (const landing of out.landed) {
        expect(landing.fileCount).toBeGreaterThan(0);
        expect(landing.files.length).toBe(Math.min(landing.fileCount, 20));
      }
      expect(
        out.subRequests.map((r: any) => `${r.promise}/${r.name}`).sort(),
      ).toEqual(expect.arrayContaining(['jenkins/storefront-ci']));
      const missing = await invoke('kratix:get-request', {
        promise: 'jenkins',
        namespace: 'team-checkout',
        name: 'nope',
      });
      expect(missing.status).toBe(404);
    });

    it('refuses input the schema rejects before the action runs', async () => {
      const res = await invoke('kratix:make-request', { promise: 'jenkins' });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(
        'Invalid input to action "kratix:make-request"',
      );
    });
  });

  describe('as a user without kratix.platform.read', () => {
    let server: Server;
    beforeAll(async () => {
      server = await startKratixBackend([platform], {
        'kratix.platform.read': AuthorizeResult.DENY,
      });
    });

    it('lists none of the actions', async () => {
      const res = await request(server)
        .get(LIST)
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      expect(res.body.actions).toEqual([]);
    });

    it.each(ACTIONS)(
      'cannot invoke %s (it is not found), and nothing is written',
      async id => {
        const before = await commits();
        const res = await request(server)
          .post(invokePath(id))
          .set('Authorization', mockCredentials.user.header())
          .send(INPUTS[id]);
        expect(res.status).toBe(404);
        expect(res.body.error.message).toBe(`Action "${id}" not found`);
        expect(await commits()).toBe(before);
      },
    );
  });

  describe('as a user who may read but not kratix.resource.create', () => {
    let server: Server;
    beforeAll(async () => {
      server = await startKratixBackend([platform], {
        'kratix.resource.create': AuthorizeResult.DENY,
      });
    });
    const invoke = (id: string, input: object) =>
      request(server)
        .post(invokePath(id))
        .set('Authorization', mockCredentials.user.header())
        .send(input);

    it('still reads through every read-only action', async () => {
      for (const id of ACTIONS.filter(a => !WRITING.includes(a))) {
        const res = await invoke(id, INPUTS[id]);
        expect(res.status).toBe(200);
      }
    });

    it('is refused make-request with the permission named, in a dry run too, and nothing is written', async () => {
      const before = await commits();
      for (const dryRun of [false, true]) {
        const res = await invoke('kratix:make-request', {
          ...INPUTS['kratix:make-request'],
          name: 'denied',
          dryRun,
        });
        expect(res.status).toBe(403);
        expect(res.body.error.message).toBe(
          'Not allowed: kratix.resource.create',
        );
      }
      expect(await commits()).toBe(before);
      expect(
        await exists(
          join(directory, 'requests/jenkins/team-checkout/denied.yaml'),
        ),
      ).toBe(false);
    });
  });

  it("is offered by this app's backend.actions configuration", async () => {
    const appConfig = parse(
      await readFile(join(__dirname, '../../../../app-config.yaml'), 'utf8'),
    );
    expect(appConfig.backend.actions.pluginSources).toContain('kratix');
    const server = await startKratixBackend([platform], {}, undefined, [
      mockServices.rootConfig.factory({
        data: { backend: { actions: appConfig.backend.actions } },
      }),
    ]);
    const res = await request(server)
      .get(LIST)
      .set('Authorization', mockCredentials.user.header());
    expect(res.body.actions.map((a: any) => a.id).sort()).toEqual(
      [...ACTIONS].sort(),
    );
  });
});

describe('kratix:make-request (real permission framework, owner rules)', () => {
  let dataDir: string;
  let directory: string;
  let server: Server;
  const audit: SeenAuditEvent[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-actions-policy-'));
    directory = await createEmbeddedRepository({ dataDir, name: 'easyeaty' });
    const easyeaty = new GitOpsKratixPlatform({
      name: 'easyeaty',
      admins: ['group:default/platform-team'],
      directory,
      stateStorePaths: ['state'],
      maxAgeMs: 0,
    });
    server = await startPolicyBackend([easyeaty], audit);
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  const commits = async () =>
    Number((await git(directory, ['rev-list', '--count', 'HEAD'])).trim());
  const make = (user: string, input: object) =>
    request(server)
      .post(invokePath('kratix:make-request'))
      .set('Authorization', as(user))
      .send({ promise: 'jenkins', namespace: 'team-checkout', ...input });

  it("refuses to record another team as owner, or to take another team's name, and writes nothing", async () => {
    const before = await commits();
    const reowned = await make('bob', {
      name: 'bobs',
      spec: { env: 'dev' },
      owner: 'group:default/team-checkout',
    });
    expect(reowned.status).toBe(403);
    const taken = await make('bob', { name: 'ci', spec: { env: 'prod' } });
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toContain(
      'Request team-checkout/ci of Promise jenkins on platform easyeaty already exists',
    );
    expect(await commits()).toBe(before);
    expect(
      audit
        .filter(e => e.meta.via === 'actions')
        .map(e => [e.eventId, e.meta.actor, e.outcome]),
    ).toEqual([
      ['request-create', 'user:default/bob', 'fail'],
      ['request-create', 'user:default/bob', 'fail'],
    ]);
  });

  it('lets a member record their own team as owner, audited as theirs', async () => {
    const before = await commits();
    const res = await make('alice', {
      name: 'alice-ci',
      spec: { env: 'dev' },
      owner: 'group:default/team-checkout',
    });
    expect(res.status).toBe(200);
    expect(await commits()).toBe(before + 1);
    const written = parse(
      await readFile(
        join(directory, 'requests/jenkins/team-checkout/alice-ci.yaml'),
        'utf8',
      ),
    );
    expect(written.metadata.labels['backstage.io/owner']).toBe(
      'group-team-checkout',
    );
    expect(audit.at(-1)).toEqual(
      expect.objectContaining({
        eventId: 'request-create',
        outcome: 'success',
        meta: expect.objectContaining({
          actor: 'user:default/alice',
          via: 'actions',
        }),
      }),
    );
  });

  it('audits every attempt like the REST API: allowed, refused (403), an unknown platform (404), bad input (400)', async () => {
    const before = audit.length;
    const statuses = [
      (
        await make('bob', {
          name: 'bob-ok',
          spec: { env: 'dev' },
          dryRun: true,
        })
      ).status,
      (
        await make('bob', {
          name: 'bob-reown',
          spec: { env: 'dev' },
          owner: 'group:default/team-checkout',
        })
      ).status,
      (await make('bob', { platform: 'nowhere', name: 'x', spec: {} })).status,
      (await make('bob', { name: 'Not_A_Name', spec: { env: 'dev' } })).status,
    ];
    expect(statuses).toEqual([200, 403, 404, 400]);
    expect(
      audit
        .slice(before)
        .map(e => [
          e.eventId,
          e.meta.actor,
          e.meta.platform,
          e.meta.via,
          e.outcome,
        ]),
    ).toEqual([
      ['request-create', 'user:default/bob', 'easyeaty', 'actions', 'success'],
      ['request-create', 'user:default/bob', 'easyeaty', 'actions', 'fail'],
      ['request-create', 'user:default/bob', 'nowhere', 'actions', 'fail'],
      ['request-create', 'user:default/bob', 'easyeaty', 'actions', 'fail'],
    ]);
  });
});
