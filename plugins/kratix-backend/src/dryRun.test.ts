/*
 * What a change will do (issue #22, item 4) through the REST API and kratix:dry-run-request,
 * behind the real permission framework, on a kubernetes platform (fake API server) whose
 * Kratix DryRun controller is played by fakeDryRunController (internal/controller/
 * dryrun_controller.go at Kratix HEAD ae170e22; v0.125.0 serves no DryRun at all).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';

import request from 'supertest';
import { stringify } from 'yaml';
import {
  createEmbeddedRepository,
  GITOPS_DRY_RUN_REASON,
  GitOpsKratixPlatform,
} from '@kratix-backstage/plugin-kratix-node';
import {
  FakeDryRunController,
  FakeDryRunPipeline,
  FakeDryRunPipelines,
  fakeDryRunController,
} from '@kratix-backstage/plugin-kratix-node/testUtils';
import { fakePlatformBehindPolicy } from './__testUtils__/fakeKubernetesPlatform';
import {
  SeenAuditEvent,
  startPolicyBackend,
} from './__testUtils__/startPolicyBackend';

jest.setTimeout(60_000);

const KRATIX = 'platform.kratix.io/v1alpha1';
const ADMINS = ['group:default/platform-team'];
const ACTIONS = '/api/kratix/.backstage/actions/v1/actions';
const as = (user: string) =>
  mockCredentials.user.header(`user:default/${user}`);

/** What the pipelines write: jenkins raises its agents, or fails; web-app asks for a database. */
const pipelines =
  (options: { jenkinsFails?: boolean } = {}): FakeDryRunPipelines =>
  ({ promise, request: name, namespace, spec }) => {
    const runs: Record<string, FakeDryRunPipeline> = {};
    if (promise === 'jenkins')
      runs['instance-configure'] = options.jenkinsFails
        ? { fails: true }
        : { files: { 'jenkins.yaml': stringify({ kind: 'Jenkins', spec }) } };
    if (promise === 'web-app')
      runs.compose = {
        files: {
          'database.yaml': stringify({
            apiVersion: 'marketplace.kratix.io/v1alpha2',
            kind: 'postgresql',
            metadata: {
              name: `${name}-db`,
              namespace,
              labels: { 'kratix.io/parent-resource-name': name },
            },
            spec: { teamId: 'checkout', size: 'small' },
          }),
        },
      };
    if (promise === 'postgresql')
      runs['instance-configure'] = { files: { 'db.yaml': 'kind: Db\n' } };
    return runs;
  };

describe('dry runs of requests on a kubernetes platform (fake API server)', () => {
  const kube = fakePlatformBehindPolicy();
  let controller: FakeDryRunController | undefined;
  afterEach(() => {
    controller?.stop();
    controller = undefined;
  });

  const startDryRun = (
    user: string,
    promise: string,
    body: { namespace: string; name: string; spec?: object },
  ) =>
    request(kube.server)
      .post(`/api/kratix/platforms/prod/promises/${promise}/dry-runs`)
      .set('Authorization', as(user))
      .send(body);
  const readDryRun = (user: string, namespace: string, name: string) =>
    request(kube.server)
      .get(`/api/kratix/platforms/prod/dry-runs/${namespace}/${name}`)
      .set('Authorization', as(user));
  const dryRunObjects = () => kube.fake.list(KRATIX, 'DryRun');

  it("previews an update of a request by its owner: 202 pending, then Kratix's per-pipeline diff, readable by the owner and admins only", async () => {
    const started = await startDryRun('alice', 'jenkins', {
      namespace: 'team-checkout',
      name: 'ci',
      spec: { env: 'dev', agents: 3 },
    });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({
      supported: true,
      namespace: 'team-checkout',
      state: 'pending',
      complete: false,
    });
    expect(dryRunObjects()).toHaveLength(1);

    controller = fakeDryRunController(kube.fake, pipelines());
    expect(controller.reconcile()).toBe(1);
    const read = await readDryRun('alice', 'team-checkout', started.body.name);
    expect(read.status).toBe(200);
    // The fixture's live Work of ci has jenkins-instance.yaml; the dry run writes jenkins.yaml.
    expect(read.body).toMatchObject({
      state: 'completed',
      complete: true,
      pipelines: [
        {
          pipeline: 'instance-configure',
          added: 1,
          modified: 0,
          removed: 1,
          files: [
            {
              path: 'jenkins.yaml',
              change: 'added',
              text: 'kind: Jenkins\nspec:\n  env: dev\n  agents: 3',
            },
            { path: 'jenkins-instance.yaml', change: 'removed' },
          ],
        },
      ],
      components: [],
    });
    expect(read.body.summary).toContain('# Kratix Dry Run Summary');

    expect(
      (await readDryRun('bob', 'team-checkout', started.body.name)).status,
    ).toBe(403);
    expect(
      (await readDryRun('ops', 'team-checkout', started.body.name)).status,
    ).toBe(200);
    expect((await readDryRun('ops', 'team-checkout', 'nothing')).status).toBe(
      404,
    );
    expect(kube.audit.map(e => [e.eventId, e.meta.actor, e.outcome])).toEqual([
      ['request-dry-run', 'user:default/alice', 'success'],
      ['dry-run-read', 'user:default/alice', 'success'],
      ['dry-run-read', 'user:default/bob', 'fail'],
      ['dry-run-read', 'user:default/ops', 'success'],
      ['dry-run-read', 'user:default/ops', 'fail'],
    ]);
  });

  it("refuses a preview of someone else's request (403) and a spec the Promise's API refuses (400 naming the field), creating no DryRun", async () => {
    const notOwner = await startDryRun('bob', 'jenkins', {
      namespace: 'team-checkout',
      name: 'ci',
      spec: { env: 'dev' },
    });
    expect(notOwner.status).toBe(403);
    const badSpec = await startDryRun('alice', 'jenkins', {
      namespace: 'team-checkout',
      name: 'ci',
      spec: { env: 'dev', agents: 'many' },
    });
    expect(badSpec.status).toBe(400);
    expect(badSpec.body.error.message).toContain('spec.agents');
    const badBody = await startDryRun('alice', 'jenkins', {
      namespace: 'team-checkout',
    } as any);
    expect(badBody.status).toBe(400);
    expect(dryRunObjects()).toEqual([]);
    // A new name needs only what creating it needs.
    const created = await startDryRun('bob', 'jenkins', {
      namespace: 'team-payments',
      name: 'ci-2',
      spec: { env: 'dev' },
    });
    expect(created.status).toBe(202);
    expect(dryRunObjects()).toHaveLength(1);
  });

  it('says a failing pipeline failed, with the message Kratix gives', async () => {
    const started = await startDryRun('alice', 'jenkins', {
      namespace: 'team-checkout',
      name: 'ci',
      spec: { env: 'prod' },
    });
    controller = fakeDryRunController(
      kube.fake,
      pipelines({ jenkinsFails: true }),
    );
    controller.reconcile();
    const read = await readDryRun('alice', 'team-checkout', started.body.name);
    expect(read.body).toMatchObject({
      state: 'failed',
      complete: false,
      message: 'A Configure Pipeline has failed: instance-configure',
      pipelines: [],
    });
  });

  it("shows a compound request's own pipelines and each component's", async () => {
    const started = await startDryRun('alice', 'web-app', {
      namespace: 'team-checkout',
      name: 'storefront',
      spec: { image: 'ghcr.io/easyeaty/storefront:2.5.0' },
    });
    expect(started.status).toBe(202);
    controller = fakeDryRunController(kube.fake, pipelines());
    // The compound DryRun and the component DryRun Kratix raised for its database.
    expect(controller.reconcile()).toBe(2);
    const read = await readDryRun('alice', 'team-checkout', started.body.name);
    expect(read.body).toMatchObject({
      state: 'completed',
      complete: true,
      pipelines: [
        {
          pipeline: 'compose',
          added: 1,
          files: [{ path: 'database.yaml', change: 'added' }],
        },
      ],
      components: [
        {
          promise: 'postgresql',
          request: 'storefront-db',
          namespace: 'team-checkout',
          phase: 'Succeeded',
          pipelines: [
            {
              pipeline: 'instance-configure',
              added: 1,
              files: [{ path: 'db.yaml', change: 'added', text: 'kind: Db' }],
            },
          ],
        },
      ],
    });
    expect(read.body.summary).toContain(
      '## Compound request: `web-app` / `storefront`',
    );
  });

  it('offers the preview to agents as kratix:dry-run-request, which waits for Kratix, with the same checks', async () => {
    controller = fakeDryRunController(kube.fake, pipelines());
    controller.start();
    const invoke = (user: string, input: object) =>
      request(kube.server)
        .post(
          `${ACTIONS}/${encodeURIComponent('kratix:dry-run-request')}/invoke`,
        )
        .set('Authorization', as(user))
        .send(input);
    const input = {
      platform: 'prod',
      promise: 'jenkins',
      namespace: 'team-checkout',
      name: 'ci',
      spec: { env: 'dev', agents: 4 },
      timeoutSeconds: 20,
    };
    const done = await invoke('alice', input);
    expect(done.status).toBe(200);
    expect(done.body.output).toMatchObject({
      supported: true,
      state: 'completed',
      complete: true,
      pipelines: [{ pipeline: 'instance-configure', added: 1, removed: 1 }],
    });
    expect((await invoke('bob', input)).status).toBe(403);
    expect(
      (await invoke('alice', { ...input, spec: { env: 'dev', agents: 'x' } }))
        .status,
    ).toBe(400);
    expect(dryRunObjects()).toHaveLength(1);
    expect(
      kube.audit.map(e => [e.eventId, e.meta.actor, e.meta.via, e.outcome]),
    ).toEqual([
      ['request-dry-run', 'user:default/alice', 'actions', 'success'],
      ['request-dry-run', 'user:default/bob', 'actions', 'fail'],
      ['request-dry-run', 'user:default/alice', 'actions', 'fail'],
    ]);
  });
});

describe('dry runs on a kubernetes platform whose API server serves no DryRun (Kratix v0.125.0)', () => {
  const kube = fakePlatformBehindPolicy({ fakeOptions: { dryRuns: false } });
  const startDryRun = (
    user: string,
    promise: string,
    body: { namespace: string; name: string; spec?: object },
  ) =>
    request(kube.server)
      .post(`/api/kratix/platforms/prod/promises/${promise}/dry-runs`)
      .set('Authorization', as(user))
      .send(body);

  it('answers supported: false where the API server serves no DryRun (Kratix v0.125.0), after validating the spec', async () => {
    const answer = await startDryRun('alice', 'jenkins', {
      namespace: 'team-checkout',
      name: 'ci',
      spec: { env: 'dev' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      supported: false,
      reason: expect.stringContaining('serves no Kratix DryRun'),
    });
    expect(
      (
        await startDryRun('alice', 'jenkins', {
          namespace: 'team-checkout',
          name: 'ci',
          spec: { env: 'nope' },
        })
      ).status,
    ).toBe(400);
  });
});

describe('dry runs of requests on a gitops platform', () => {
  let dataDir: string;
  let server: Server;
  const audit: SeenAuditEvent[] = [];
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-dry-run-'));
    const directory = await createEmbeddedRepository({
      dataDir,
      name: 'easyeaty',
    });
    const easyeaty = new GitOpsKratixPlatform({
      name: 'easyeaty',
      admins: ADMINS,
      directory,
      stateStorePaths: ['state'],
      maxAgeMs: 0,
    });
    server = await startPolicyBackend([easyeaty], audit);
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('says gitops mode has no cluster to run a DryRun on, through REST and the action, after the same checks', async () => {
    const body = {
      namespace: 'team-checkout',
      name: 'ci',
      spec: { env: 'dev' },
    };
    const rest = await request(server)
      .post('/api/kratix/platforms/easyeaty/promises/jenkins/dry-runs')
      .set('Authorization', as('alice'))
      .send(body);
    expect(rest.status).toBe(200);
    expect(rest.body).toEqual({
      supported: false,
      reason: GITOPS_DRY_RUN_REASON,
    });
    const action = await request(server)
      .post(`${ACTIONS}/${encodeURIComponent('kratix:dry-run-request')}/invoke`)
      .set('Authorization', as('alice'))
      .send({ platform: 'easyeaty', promise: 'jenkins', ...body });
    expect(action.body.output).toEqual(rest.body);
    const notOwner = await request(server)
      .post('/api/kratix/platforms/easyeaty/promises/jenkins/dry-runs')
      .set('Authorization', as('bob'))
      .send(body);
    expect(notOwner.status).toBe(403);
  });
});
