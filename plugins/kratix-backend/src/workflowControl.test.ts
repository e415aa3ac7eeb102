/*
 * Workflow control (issue #22, item 3) through the REST API and the agent actions, behind the
 * real permission framework: a platform admin pauses, resumes, re-runs and resumes the
 * suspended workflow of a Promise; anyone else is refused (403) with nothing changed; a
 * request's owner manages it through kratix:manage-request. Every attempt is audited.
 *
 * The labels and their values are Kratix's own:
 * - kratix.io/paused: "true" pauses a Promise (internal/controller/promise_controller.go:105,
 *   176 at Kratix HEAD: `promise.Labels[pauseReconciliationLabel] == "true"`);
 * - kratix.io/manual-reconciliation: "true" re-runs its workflows (lib/resourceutil/util.go:20
 *   and lib/workflow/reconciler.go:120-140 at v0.125.0);
 * - kratix.io/workflow-suspended is removed to resume (api/v1alpha1/promise_types.go:50 at
 *   HEAD, set to "true" by a suspending pipeline, promise_controller.go:1638).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { parse, parseAllDocuments } from 'yaml';
import {
  createEmbeddedRepository,
  git,
  GitOpsKratixPlatform,
} from '@kratix-backstage/plugin-kratix-node';
import { fakePlatformBehindPolicy } from './__testUtils__/fakeKubernetesPlatform';
import {
  SeenAuditEvent,
  startPolicyBackend,
} from './__testUtils__/startPolicyBackend';

jest.setTimeout(60_000);

const PAUSED = 'kratix.io/paused';
const RERUN = 'kratix.io/manual-reconciliation';
const SUSPENDED = 'kratix.io/workflow-suspended';
const ADMINS = ['group:default/platform-team'];

const as = (user: string) =>
  mockCredentials.user.header(`user:default/${user}`);
const ACTIONS = '/api/kratix/.backstage/actions/v1/actions';
const invoke = (server: Server, user: string, id: string, input: object) =>
  request(server)
    .post(`${ACTIONS}/${encodeURIComponent(id)}/invoke`)
    .set('Authorization', as(user))
    .send(input);
const promiseAct = (
  server: Server,
  user: string,
  platform: string,
  promise: string,
  action: unknown,
) =>
  request(server)
    .post(`/api/kratix/platforms/${platform}/promises/${promise}/actions`)
    .set('Authorization', as(user))
    .send({ action });

const summary = (events: SeenAuditEvent[]) =>
  events.map(e => [
    e.eventId,
    e.meta.actor,
    e.meta.action,
    e.meta.via ?? 'rest',
    e.outcome,
  ]);

describe('workflow control on a kubernetes platform (fake API server)', () => {
  const kube = fakePlatformBehindPolicy();

  const labelsOf = (kind: string, name: string, namespace?: string) =>
    kube.fake
      .list(
        kind === 'Promise'
          ? 'platform.kratix.io/v1alpha1'
          : 'marketplace.kratix.io/v1alpha1',
        kind,
      )
      .find(
        o =>
          o.metadata.name === name &&
          (!namespace || o.metadata.namespace === namespace),
      )?.metadata.labels ?? {};

  it("lets a platform admin pause, resume, re-run and resume a Promise's suspended workflow through REST", async () => {
    const before = labelsOf('Promise', 'jenkins');
    expect(before[PAUSED]).toBeUndefined();

    const paused = await promiseAct(
      kube.server,
      'ops',
      'prod',
      'jenkins',
      'pause',
    );
    expect(paused.status).toBe(200);
    expect(paused.body.message).toBe(
      'Paused reconciliation of Promise jenkins',
    );
    expect(labelsOf('Promise', 'jenkins')).toEqual({
      ...before,
      [PAUSED]: 'true',
    });

    expect(
      (await promiseAct(kube.server, 'ops', 'prod', 'jenkins', 'resume'))
        .status,
    ).toBe(200);
    expect(labelsOf('Promise', 'jenkins')).toEqual(before);

    expect(
      (await promiseAct(kube.server, 'ops', 'prod', 'jenkins', 'rerun')).status,
    ).toBe(200);
    expect(labelsOf('Promise', 'jenkins')[RERUN]).toBe('true');

    // A pipeline suspended the workflow: Kratix labelled the Promise.
    const promise = kube.fake
      .list('platform.kratix.io/v1alpha1', 'Promise')
      .find(p => p.metadata.name === 'jenkins')!;
    kube.fake.put({
      ...promise,
      metadata: {
        ...promise.metadata,
        labels: { ...promise.metadata.labels, [SUSPENDED]: 'true' },
      },
    });
    expect(
      (
        await promiseAct(
          kube.server,
          'ops',
          'prod',
          'jenkins',
          'resume-suspended',
        )
      ).status,
    ).toBe(200);
    expect(labelsOf('Promise', 'jenkins')[SUSPENDED]).toBeUndefined();

    expect(summary(kube.audit)).toEqual(
      ['pause', 'resume', 'rerun', 'resume-suspended'].map(action => [
        'promise-manage',
        'user:default/ops',
        action,
        'rest',
        'success',
      ]),
    );
  });

  it('refuses anyone but an admin (403), an unknown action (400) and an unknown Promise (404), changing nothing and auditing each', async () => {
    const before = labelsOf('Promise', 'jenkins');
    const refused = await promiseAct(
      kube.server,
      'alice',
      'prod',
      'jenkins',
      'pause',
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('kratix.promise.manage');
    expect(
      (await promiseAct(kube.server, 'ops', 'prod', 'jenkins', 'delete'))
        .status,
    ).toBe(400);
    expect(
      (await promiseAct(kube.server, 'ops', 'prod', 'nothing', 'pause')).status,
    ).toBe(404);
    expect(labelsOf('Promise', 'jenkins')).toEqual(before);
    expect(summary(kube.audit)).toEqual([
      ['promise-manage', 'user:default/alice', 'pause', 'rest', 'fail'],
      ['promise-manage', 'user:default/ops', 'delete', 'rest', 'fail'],
      ['promise-manage', 'user:default/ops', 'pause', 'rest', 'fail'],
    ]);
  });

  it('offers the same acts to agents: kratix:manage-promise for admins, kratix:manage-request for owners and admins', async () => {
    const promiseInput = { platform: 'prod', promise: 'jenkins' };
    const denied = await invoke(kube.server, 'bob', 'kratix:manage-promise', {
      ...promiseInput,
      action: 'pause',
    });
    expect(denied.status).toBe(403);
    expect(labelsOf('Promise', 'jenkins')[PAUSED]).toBeUndefined();
    const allowed = await invoke(kube.server, 'ops', 'kratix:manage-promise', {
      ...promiseInput,
      action: 'pause',
    });
    expect(allowed.status).toBe(200);
    expect(labelsOf('Promise', 'jenkins')[PAUSED]).toBe('true');

    const requestInput = {
      platform: 'prod',
      promise: 'jenkins',
      namespace: 'team-checkout',
      name: 'ci',
    };
    // ci belongs to team-checkout (backstage.io/owner: group-team-checkout): bob is not in it.
    const notOwner = await invoke(kube.server, 'bob', 'kratix:manage-request', {
      ...requestInput,
      action: 'rerun',
    });
    expect(notOwner.status).toBe(403);
    expect(notOwner.body.error.message).toContain('kratix.resource.manage');
    expect(labelsOf('jenkins', 'ci', 'team-checkout')[RERUN]).toBeUndefined();
    const owner = await invoke(kube.server, 'alice', 'kratix:manage-request', {
      ...requestInput,
      action: 'rerun',
    });
    expect(owner.status).toBe(200);
    expect(labelsOf('jenkins', 'ci', 'team-checkout')[RERUN]).toBe('true');
    const noVersion = await invoke(
      kube.server,
      'alice',
      'kratix:manage-request',
      {
        ...requestInput,
        action: 'upgrade',
      },
    );
    expect(noVersion.status).toBe(400);

    expect(summary(kube.audit)).toEqual([
      ['promise-manage', 'user:default/bob', 'pause', 'actions', 'fail'],
      ['promise-manage', 'user:default/ops', 'pause', 'actions', 'success'],
      ['request-manage', 'user:default/bob', 'rerun', 'actions', 'fail'],
      ['request-manage', 'user:default/alice', 'rerun', 'actions', 'success'],
      ['request-manage', 'user:default/alice', 'upgrade', 'actions', 'fail'],
    ]);
  });
});

describe('workflow control on a gitops platform (a real repository)', () => {
  let dataDir: string;
  let directory: string;
  let server: Server;
  const audit: SeenAuditEvent[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-workflow-control-'));
    directory = await createEmbeddedRepository({ dataDir, name: 'easyeaty' });
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

  const commits = async () =>
    Number((await git(directory, ['rev-list', '--count', 'HEAD'])).trim());
  const promiseDocument = async (name: string) =>
    parse(
      await readFile(join(directory, `platform/promises/${name}.yaml`), 'utf8'),
    );

  it("commits an admin's pause and resume into the Promise's document, keeping its other labels", async () => {
    const before = await commits();
    const original = await promiseDocument('jenkins');
    const paused = await promiseAct(
      server,
      'ops',
      'easyeaty',
      'jenkins',
      'pause',
    );
    expect(paused.status).toBe(200);
    expect(paused.body.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(await commits()).toBe(before + 1);
    const document = await promiseDocument('jenkins');
    expect(document.metadata.labels).toEqual({
      ...original.metadata.labels,
      [PAUSED]: 'true',
    });
    expect(document.spec).toEqual(original.spec);
    expect((await git(directory, ['log', '-1', '--format=%s'])).trim()).toBe(
      'Pause Promise jenkins',
    );

    const resumed = await invoke(server, 'ops', 'kratix:manage-promise', {
      platform: 'easyeaty',
      promise: 'jenkins',
      action: 'resume',
    });
    expect(resumed.status).toBe(200);
    expect(await promiseDocument('jenkins')).toEqual(original);
  });

  it('refuses a non-admin through REST and the action, with no commit', async () => {
    const before = await commits();
    const seen = audit.length;
    expect(
      (await promiseAct(server, 'alice', 'easyeaty', 'jenkins', 'rerun'))
        .status,
    ).toBe(403);
    expect(
      (
        await invoke(server, 'bob', 'kratix:manage-promise', {
          platform: 'easyeaty',
          promise: 'jenkins',
          action: 'rerun',
        })
      ).status,
    ).toBe(403);
    expect(await commits()).toBe(before);
    expect(summary(audit.slice(seen))).toEqual([
      ['promise-manage', 'user:default/alice', 'rerun', 'rest', 'fail'],
      ['promise-manage', 'user:default/bob', 'rerun', 'actions', 'fail'],
    ]);
  });

  it("commits a request owner's act through kratix:manage-request", async () => {
    const res = await invoke(server, 'alice', 'kratix:manage-request', {
      platform: 'easyeaty',
      promise: 'jenkins',
      namespace: 'team-checkout',
      name: 'ci',
      action: 'pause',
    });
    expect(res.status).toBe(200);
    const [document] = parseAllDocuments(
      await readFile(
        join(directory, 'requests/jenkins/team-checkout/ci.yaml'),
        'utf8',
      ),
    ).map(d => d.toJS());
    expect(document.metadata.labels[PAUSED]).toBe('true');
  });
});
