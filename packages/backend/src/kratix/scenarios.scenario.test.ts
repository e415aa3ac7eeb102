/*
 * Scenarios against Kratix itself: the real Kubernetes API server, kube-controller-manager
 * and the Kratix controller (tools/kratix-platform; versions in platform.json), with the
 * backend in `kubernetes` mode reading and writing as a service account that holds exactly the
 * RBAC the backend plugin's README tells an adopter to grant (plugins/kratix-backend/rbac/).
 * Every expectation is what the real objects and the state store Kratix wrote say, read
 * back as the cluster's administrator; the suite's views must equal them field by field.
 *
 * Test names say which count they belong to in `kratix: ...` (scripts/test-kratix.mjs):
 * `scenario:` for a scenario. Kratix v0.125.0 (the newest release the Go module proxy
 * serves) has no workflow control, no pause label, no aggregatedYAML file mode and no
 * PromiseRevisions: scenarios that need them are skipped, named for what is missing.
 */
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import fs from 'node:fs';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import {
  effectiveSelectorsByDirectory,
  generateTemplate,
  KratixPromise,
  readRequestStatus,
  workPlacementOwner,
} from '@kratix-backstage/plugin-kratix-common';
import kratixPlugin from '@kratix-backstage/plugin-kratix-backend';
import {
  EmbeddedKratix,
  GitOpsKratixPlatform,
  KratixPlatform,
  KubernetesApiClient,
  KubernetesKratixPlatform,
  kratixPlatformsServiceRef,
  MarketplaceClient,
  StateStoreSources,
} from '@kratix-backstage/plugin-kratix-node';
import scaffolderModuleKratix from '@kratix-backstage/plugin-scaffolder-backend-module-kratix';
import request from 'supertest';
import { parse, parseAllDocuments, stringify } from 'yaml';
import {
  describeWithPlatform,
  eventually,
  RealPlatform,
  readTestDocuments,
  readTree,
  realPlatformInfo,
  repositoryRoot,
  scenarioDir,
} from './__testUtils__/realPlatform';

jest.setTimeout(180_000);

const ADMIN = 'user:default/platform-admin';
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const TEAM = 'team-scenarios';
const RBAC_DIR = path.join(repositoryRoot, 'plugins/kratix-backend/rbac');

/** Backstage's permissions allow everything: the cluster's RBAC is what the scenarios try. */
const allowEverything = mockServices.permissions.mock({
  authorize: async reqs =>
    reqs.map(() => ({ result: AuthorizeResult.ALLOW })) as any,
  authorizeConditional: async reqs =>
    reqs.map(() => ({ result: AuthorizeResult.ALLOW })) as any,
}).factory;

/** A ClusterRole for one Promise's API, written as plugins/kratix-backend/rbac/promise-api.yaml shows. */
function promiseApiRole(promise: string, group: string, plural: string) {
  const template = fs.readFileSync(
    path.join(RBAC_DIR, 'promise-api.yaml'),
    'utf8',
  );
  return parse(
    template
      .replace('PROMISE', promise)
      .replace('GROUP', group)
      .replace('PLURAL', plural),
  );
}

/**
 * The ids of the README's table "What gitops mode cannot know": the only differences the
 * differential check allows between the `kubernetes` and the `gitops` view of one platform.
 */
function cannotKnow(id: string): string {
  const readme = fs.readFileSync(
    path.join(repositoryRoot, 'README.md'),
    'utf8',
  );
  const table = readme.split('### What gitops mode cannot know')[1] ?? '';
  const ids = [...table.matchAll(/^\|\s*`([a-z-]+)`\s*\|/gm)].map(m => m[1]);
  if (!ids.includes(id)) {
    throw new Error(
      `"${id}" is not in the README's table of what gitops mode cannot know`,
    );
  }
  return id;
}

/** The test Promises the first scenarios install: the mirrors declare these unless told. */
const FIRST_PROMISES = [
  'appconfig',
  'failing',
  'scheduled',
  'stack',
  'stack-next',
];
/** Those of them whose requests the first scenarios make. */
const FIRST_REQUESTS_OF = ['appconfig', 'failing', 'scheduled'];

/** What a mirror repository declares besides the Destinations and the state store. */
interface MirrorOptions {
  withStateStore: boolean;
  /** Test Promises (files of promises/) to declare; FIRST_PROMISES by default. */
  promises?: string[];
  /**
   * Test Promises whose requests on the platform are declared: `promises` when given, else
   * FIRST_REQUESTS_OF (also those a declared PromiseRelease installs).
   */
  requestsOf?: string[];
  /** Requests to declare besides (or instead of: same file) those on the platform now. */
  alsoRequests?: object[];
  /** Further documents, by repository path. */
  alsoDocuments?: Record<string, object>;
  /**
   * State stores declared as on the platform (their url, branch and path), not as the copy
   * under state/ that `withStateStore` makes.
   */
  storesAsDeclared?: boolean;
}

/** An object as a platform repository declares it: no status, no server-set metadata. */
function declared(o: any) {
  return {
    apiVersion: o.apiVersion,
    kind: o.kind,
    metadata: {
      name: o.metadata.name,
      ...(o.metadata.namespace && { namespace: o.metadata.namespace }),
      ...(o.metadata.labels && { labels: o.metadata.labels }),
      ...(o.metadata.annotations && {
        annotations: Object.fromEntries(
          Object.entries(o.metadata.annotations).filter(
            ([k]) => k !== 'kubectl.kubernetes.io/last-applied-configuration',
          ),
        ),
      }),
    },
    spec: o.spec,
  };
}

describeWithPlatform('the suite against Kratix itself', () => {
  const real = new RealPlatform(realPlatformInfo());
  let platform: KubernetesKratixPlatform;
  let asUser: KubernetesKratixPlatform;
  let backend: http.Server;
  let promiseFiles: http.Server;
  let promiseFilesUrl: string;
  /** The phases the suite showed each request go through, from creation to Ready. */
  const realPhases: Record<string, string[]> = {};
  /** The platforms the test backend serves; the gitops mirror joins them. */
  const served: KratixPlatform[] = [];
  let mirror: GitOpsKratixPlatform | undefined;
  /** Mirrors of one scenario each (startNamedMirror), stopped with the rest. */
  const namedMirrors: GitOpsKratixPlatform[] = [];
  /** Fetches the test Promises from promiseFiles (the install route's and the releases'). */
  let marketplace: MarketplaceClient;

  const as = (user: string) => mockCredentials.user.header(user);
  const api = (p = 'real') => `/api/kratix/platforms/${p}`;

  beforeAll(async () => {
    await real.applyFile(path.join(RBAC_DIR, 'kratix-backstage.yaml'));
    await real.apply([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: TEAM } },
      // alice may create AppConfigs in her team's namespace (actAsUser); reader may not.
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: 'appconfig-writer', namespace: TEAM },
        rules: [
          {
            apiGroups: ['test.kratix-backstage.io'],
            resources: ['appconfigs'],
            verbs: ['create', 'patch'],
          },
        ],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'alice-appconfig-writer', namespace: TEAM },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'Role',
          name: 'appconfig-writer',
        },
        subjects: [
          {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'User',
            name: 'alice',
          },
        ],
      },
    ]);
    const token = await real.serviceAccountToken(
      'kratix-backstage',
      'kratix-backstage',
    );
    platform = new KubernetesKratixPlatform({
      name: 'real',
      admins: [ADMIN],
      client: new KubernetesApiClient(real.kubeConfig(token)),
      backoff: { initialMs: 100, maxMs: 1000 },
    });
    asUser = new KubernetesKratixPlatform({
      name: 'real-as-user',
      admins: [ADMIN],
      client: new KubernetesApiClient(real.kubeConfig(token)),
      actAsUser: true,
      userAuthProvider: 'oidc',
      backoff: { initialMs: 100, maxMs: 1000 },
    });
    await platform.start();
    await asUser.start();
    served.push(platform, asUser);
    // The test Promises, served over HTTP for the install route to fetch.
    promiseFiles = http.createServer((req, res) => {
      const file = path.join(
        scenarioDir,
        'promises',
        path.basename(req.url ?? ''),
      );
      if (!fs.existsSync(file)) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/yaml' });
      res.end(fs.readFileSync(file));
    });
    await new Promise<void>(resolve =>
      promiseFiles.listen(0, '127.0.0.1', resolve),
    );
    promiseFilesUrl = `http://127.0.0.1:${
      (promiseFiles.address() as AddressInfo).port
    }`;
    marketplace = new MarketplaceClient({
      allowedHosts: ['127.0.0.1'],
      insecureHosts: ['127.0.0.1'],
    });
    ({ server: backend } = await startTestBackend({
      features: [
        kratixPlugin,
        createServiceFactory({
          service: kratixPlatformsServiceRef,
          deps: {},
          factory: () => ({
            list: () => served,
            get: (name: string) => served.find(p => p.name === name),
            marketplace,
          }),
        }),
        allowEverything,
      ],
    }));
  });

  afterAll(async () => {
    platform?.stop();
    asUser?.stop();
    mirror?.stop();
    namedMirrors.forEach(m => m.stop());
    await new Promise(resolve => promiseFiles?.close(resolve));
  });

  /**
   * Installs a test Promise through the suite's install route, as an admin, after granting
   * the backend's service account its API the way the README shows.
   */
  async function installTestPromise(promise: string) {
    const [document] = readTestDocuments(`${promise}.yaml`);
    const crd = document.spec.api.spec;
    await real.apply([promiseApiRole(promise, crd.group, crd.names.plural)]);
    const res = await request(backend)
      .post(`${api()}/marketplace/install`)
      .set('Authorization', as(ADMIN))
      .send({ url: `${promiseFilesUrl}/${promise}.yaml` });
    expect({ promise, status: res.status, body: res.body }).toEqual(
      expect.objectContaining({ status: 201 }),
    );
  }

  /** The suite's view of a request, once `until` holds for it. */
  async function requestView(
    promise: string,
    name: string,
    until: (view: any) => boolean,
    what: string,
  ) {
    return eventually(what, async () => {
      const res = await request(backend)
        .get(`${api()}/promises/${promise}/requests/${TEAM}/${name}`)
        .set('Authorization', as(ADMIN));
      return res.status === 200 && until(res.body) ? res.body : undefined;
    });
  }

  /** The real request, once Kratix's pipeline has written its status. */
  async function completed(resource: string, name: string) {
    return eventually(`${resource} ${name} PipelineCompleted`, async () => {
      const object = await real.get(resource, name, TEAM);
      const condition = object?.status?.conditions?.find(
        (c: any) => c.type === 'PipelineCompleted',
      );
      return condition?.status === 'True' ? object : undefined;
    });
  }

  /** The state-store files Kratix wrote for a request, by its WorkPlacements. */
  async function placedFiles(promise: string, name: string) {
    const works = (await real.list('works.platform.kratix.io')).filter(
      w =>
        w.metadata.namespace === TEAM &&
        w.metadata.labels?.['kratix.io/promise-name'] === promise &&
        w.metadata.labels?.['kratix.io/resource-name'] === name,
    );
    const placements = (
      await real.list('workplacements.platform.kratix.io')
    ).filter(p =>
      works.some(
        w =>
          p.metadata.namespace === w.metadata.namespace &&
          p.metadata.labels?.['kratix.io/work'] === w.metadata.name,
      ),
    );
    return { works, placements };
  }

  it('scenario: Destinations registered through the suite are the Destinations Kratix serves', async () => {
    for (const destination of [
      { name: 'worker-dev', labels: { env: 'dev' } },
      { name: 'worker-prod', labels: { env: 'prod' }, filepathMode: 'none' },
    ]) {
      const res = await request(backend)
        .post(`${api()}/destinations`)
        .set('Authorization', as(ADMIN))
        .send({
          ...destination,
          stateStore: { kind: 'GitStateStore', name: 'default' },
        });
      expect({ status: res.status, body: res.body }).toEqual(
        expect.objectContaining({ status: 201 }),
      );
    }
    // Kratix writes its canary documents to each Destination when it registers it.
    const store = await eventually(
      'canary files of both Destinations',
      async () => {
        const { files } = real.stateStoreFiles();
        const paths = [...files.keys()];
        return paths.some(p => p.startsWith('worker-dev/')) &&
          paths.some(p => p.startsWith('worker-prod/'))
          ? paths
          : undefined;
      },
    );
    expect(store.length).toBeGreaterThan(0);
    const server = backend;
    for (const name of ['worker-dev', 'worker-prod']) {
      const object = await real.get('destinations.platform.kratix.io', name);
      const view = await eventually(`the view of ${name}`, async () => {
        const res = await request(server)
          .get(`${api()}/destinations/${name}`)
          .set('Authorization', as(ADMIN));
        return res.status === 200 ? res.body : undefined;
      });
      expect(view.name).toBe(name);
      expect(view.labels).toEqual(object.metadata.labels);
      expect(view.stateStore).toEqual(
        expect.objectContaining({
          kind: object.spec.stateStoreRef.kind,
          name: object.spec.stateStoreRef.name,
        }),
      );
    }
  });

  it('scenario: Promises installed through the suite are Available as Kratix reports them, with their worker resources', async () => {
    for (const promise of ['appconfig', 'failing', 'scheduled']) {
      await installTestPromise(promise);
    }
    const server = backend;
    for (const promise of ['appconfig', 'failing', 'scheduled']) {
      const object = await eventually(`${promise} Available`, async () => {
        const p = await real.get('promises.platform.kratix.io', promise);
        return p?.status?.status === 'Available' ? p : undefined;
      });
      const view = await eventually(`the view of ${promise}`, async () => {
        const res = await request(server)
          .get(`${api()}/promises/${promise}`)
          .set('Authorization', as(ADMIN));
        return res.status === 200 &&
          res.body.status?.availability === 'Available'
          ? res.body
          : undefined;
      });
      expect(view.status.availability).toBe(object.status.status);
      expect(view.status.version).toBe(object.status.version);
      expect(view.api).toEqual(
        expect.objectContaining({
          group: object.spec.api.spec.group,
          kind: object.spec.api.spec.names.kind,
          plural: object.spec.api.spec.names.plural,
        }),
      );
    }
  });

  it('scenario: composite Promises: Available once the required Promises are installed at the required versions, Unavailable otherwise, and named in their requiredBy', async () => {
    const server = backend;
    for (const promise of ['stack', 'stack-next']) {
      await installTestPromise(promise);
    }
    // Kratix's words for each, once it has judged them.
    const judged = async (promise: string) =>
      eventually(`Kratix's verdict on ${promise}`, async () => {
        const p = await real.get('promises.platform.kratix.io', promise);
        return p?.status?.requiredPromises?.length === 2 ? p : undefined;
      });
    for (const promise of ['stack', 'stack-next']) {
      const object = await judged(promise);
      const view = await eventually(`the view of ${promise}`, async () => {
        const res = await request(server)
          .get(`${api()}/promises/${promise}`)
          .set('Authorization', as(ADMIN));
        return res.status === 200 &&
          res.body.status?.requirements?.length === 2 &&
          res.body.status?.availability === (object.status.status ?? 'Unknown')
          ? res.body
          : undefined;
      });
      expect(view.status.availability).toBe(object.status.status);
      expect(
        view.status.requirements.map((r: any) => [r.name, r.version, r.state]),
      ).toEqual(
        object.status.requiredPromises.map((r: any) => [
          r.name,
          r.version,
          r.state,
        ]),
      );
    }
    // Kratix writes requiredBy on the required Promise.
    const appconfig = await eventually('appconfig requiredBy', async () => {
      const p = await real.get('promises.platform.kratix.io', 'appconfig');
      return p?.status?.requiredBy?.length ? p : undefined;
    });
    const view = await eventually(
      'the view of appconfig with requiredBy',
      async () => {
        const res = await request(server)
          .get(`${api()}/promises/appconfig`)
          .set('Authorization', as(ADMIN));
        return res.body.requiredBy?.length ===
          appconfig.status.requiredBy.length
          ? res.body
          : undefined;
      },
    );
    expect(
      view.requiredBy
        .map((r: any) => [r.name, r.version, r.requiredVersion])
        .sort(),
    ).toEqual(
      appconfig.status.requiredBy
        .map((r: any) => [r.promise.name, r.promise.version, r.requiredVersion])
        .sort(),
    );
  });

  it('scenario: a request made through the REST API is fulfilled and lands where Kratix placed it', async () => {
    const res = await request(backend)
      .post(`${api()}/promises/appconfig/requests`)
      .set('Authorization', as(ALICE))
      .send({ name: 'rest-small', namespace: TEAM, spec: { size: 'small' } });
    expect(res.status).toBe(201);
    // Every phase the suite shows on the way, as Kratix's status moves.
    await requestView(
      'appconfig',
      'rest-small',
      v => {
        const phases = (realPhases['rest-small'] ??= []);
        if (phases[phases.length - 1] !== v.phase) phases.push(v.phase);
        return v.phase === 'Ready';
      },
      'rest-small Ready',
    );
    const object = await completed(
      'appconfigs.test.kratix-backstage.io',
      'rest-small',
    );
    const view = await requestView(
      'appconfig',
      'rest-small',
      v => v.phase === 'Ready' && v.landed.length > 0,
      'rest-small Ready and landed in the view',
    );
    expect(view.owner).toBe(ALICE);
    // Kratix's own words, unchanged.
    expect(view.status.statusMessage).toBe(object.status.message);
    expect(
      view.conditions.map((c: any) => [c.type, c.status, c.reason, c.message]),
    ).toEqual(
      object.status.conditions.map((c: any) => [
        c.type,
        c.status,
        c.reason,
        c.message,
      ]),
    );
    expect(view.status.pipelineWritten.values).toEqual(
      expect.objectContaining({ renderedKeys: object.status.renderedKeys }),
    );
    // Where it landed: the WorkPlacements of the request's Works, and their files.
    const { placements } = await placedFiles('appconfig', 'rest-small');
    expect(view.landed.map((l: any) => l.destination).sort()).toEqual(
      placements.map(p => p.spec.targetDestinationName).sort(),
    );
    // Kratix marks a WorkPlacement once its git writer has pushed.
    const written = await eventually(
      'the documents of rest-small in the state store',
      async () => {
        const found = [...real.stateStoreFiles().files.keys()].filter(p =>
          p.includes(`/resources/${TEAM}/appconfig/rest-small/`),
        );
        return found.length ? found : undefined;
      },
    );
    const viewed = view.landed.flatMap((l: any) =>
      (l.files ?? l.paths ?? []).map((f: any) =>
        typeof f === 'string' ? f : f.path,
      ),
    );
    expect(viewed.sort()).toEqual(written.sort());
    // Pipeline runs: the Jobs Kratix made for it.
    const jobs = (await real.list('jobs.batch')).filter(
      j =>
        j.metadata.namespace === TEAM &&
        j.metadata.labels?.['kratix.io/resource-name'] === 'rest-small',
    );
    expect(view.pipelineRuns.map((r: any) => r.name).sort()).toEqual(
      jobs.map(j => j.metadata.name).sort(),
    );
  });

  it('scenario: another user cannot create over an existing request, and nothing is written', async () => {
    const before = await real.get(
      'appconfigs.test.kratix-backstage.io',
      'rest-small',
      TEAM,
    );
    const res = await request(backend)
      .post(`${api()}/promises/appconfig/requests`)
      .set('Authorization', as(BOB))
      .send({ name: 'rest-small', namespace: TEAM, spec: { size: 'large' } });
    expect(res.status).toBe(409);
    const after = await real.get(
      'appconfigs.test.kratix-backstage.io',
      'rest-small',
      TEAM,
    );
    // Kratix itself may write the object meanwhile (its status): the spec, its generation and
    // the owner are what a second user's create must leave alone.
    expect(after.metadata.generation).toBe(before.metadata.generation);
    expect(after.metadata.labels).toEqual(before.metadata.labels);
    expect(after.spec).toEqual({ size: 'small' });
  });

  it('scenario: an update that changes the output lands new documents; one that does not stays Ready', async () => {
    const before = real.stateStoreFiles();
    const changed = await request(backend)
      .put(`${api()}/promises/appconfig/requests/${TEAM}/rest-small`)
      .set('Authorization', as(ALICE))
      .send({ spec: { size: 'medium' } });
    expect(changed.status).toBe(200);
    const landed = await eventually('the medium documents', async () => {
      const { files } = real.stateStoreFiles();
      const file = [...files.entries()].find(
        ([p, text]) =>
          p.includes(`/resources/${TEAM}/appconfig/rest-small/`) &&
          text.includes('medium'),
      );
      return file ? real.stateStoreFiles() : undefined;
    });
    expect(landed.commit).not.toBe(before.commit);
    await requestView(
      'appconfig',
      'rest-small',
      v => v.phase === 'Ready',
      'Ready after the update',
    );

    // A note is not in the pipeline's output: Kratix runs the pipeline again, and its git
    // writer commits nothing because no document changed (lib/writers/git.go).
    const notedAt = Date.now() - 1000;
    const noted = await request(backend)
      .put(`${api()}/promises/appconfig/requests/${TEAM}/rest-small`)
      .set('Authorization', as(ALICE))
      .send({ spec: { size: 'medium', note: 'same output' } });
    expect(noted.status).toBe(200);
    const object = await eventually(
      'the pipeline of the note to complete',
      async () => {
        const o = await real.get(
          'appconfigs.test.kratix-backstage.io',
          'rest-small',
          TEAM,
        );
        const jobs = (await real.list('jobs.batch')).filter(
          j =>
            j.metadata.namespace === TEAM &&
            j.metadata.labels?.['kratix.io/resource-name'] === 'rest-small' &&
            Date.parse(j.metadata.creationTimestamp) >= notedAt &&
            j.status?.succeeded,
        );
        return jobs.length > 0 ? o : undefined;
      },
    );
    expect(object.spec.note).toBe('same output');
    expect(real.stateStoreFiles().commit).toBe(landed.commit);
    const view = await requestView(
      'appconfig',
      'rest-small',
      v => !v.updating,
      'the noted request settled',
    );
    expect(view.phase).toBe('Ready');
  });

  it('scenario: a generated Template runs kratix:resource:request and kratix:resource:wait to where Kratix placed the request', async () => {
    const promise = (await platform.getPromise('appconfig')) as KratixPromise;
    const template = generateTemplate('real', promise, {
      owner: 'group:default/platform-team',
      waitTimeoutSeconds: 120,
    });
    if (!template) throw new Error('appconfig has an API: it has a Template');
    const { server: scaffolder } = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleKratix,
        catalogServiceMock.factory({ entities: [template as any] }),
        allowEverything,
        mockServices.rootConfig.factory({
          data: { backend: { baseUrl: 'http://localhost:7007' } },
        }),
        createServiceFactory({
          service: coreServices.rootLogger,
          deps: {},
          factory: () => mockServices.rootLogger(),
        }),
        createServiceFactory({
          service: kratixPlatformsServiceRef,
          deps: {},
          factory: () => ({
            list: () => [platform],
            get: (name: string) => (name === 'real' ? platform : undefined),
            marketplace: new MarketplaceClient({ allowedHosts: [] }),
          }),
        }),
      ],
    });
    const created = await request(scaffolder)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', as(ALICE))
      .send({
        templateRef: `template:default/${template.metadata.name}`,
        values: { objname: 'from-template', objnamespace: TEAM, size: 'large' },
      });
    expect(created.status).toBe(201);
    const task = await eventually(
      'the task to end',
      async () => {
        const res = await request(scaffolder)
          .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
          .set('Authorization', as(ALICE));
        return ['completed', 'failed'].includes(res.body.status)
          ? res.body
          : undefined;
      },
      150_000,
      1000,
    );
    const events = await request(scaffolder)
      .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
      .set('Authorization', as(ALICE));
    const log = (events.body as any[])
      .map(e => String(e.body?.message ?? ''))
      .join('\n');
    expect({ status: task.status, log }).toEqual(
      expect.objectContaining({ status: 'completed' }),
    );
    const object = await completed(
      'appconfigs.test.kratix-backstage.io',
      'from-template',
    );
    expect(object.spec.size).toBe('large');
    const { placements } = await placedFiles('appconfig', 'from-template');
    for (const destination of placements.map(
      p => p.spec.targetDestinationName,
    )) {
      expect(log).toContain(destination);
    }
  });

  it('scenario: Promise destinationSelectors place requests on the matching Destination only, in its file mode', async () => {
    const res = await request(backend)
      .post(`${api()}/promises/scheduled/requests`)
      .set('Authorization', as(ALICE))
      .send({ name: 'placed', namespace: TEAM, spec: { size: 'small' } });
    expect(res.status).toBe(201);
    await completed('scheduleds.test.kratix-backstage.io', 'placed');
    const { placements } = await eventually(
      'the WorkPlacement of placed',
      async () => {
        const found = await placedFiles('scheduled', 'placed');
        return found.placements.length ? found : undefined;
      },
    );
    expect(placements.map(p => p.spec.targetDestinationName)).toEqual([
      'worker-prod',
    ]);
    const view = await requestView(
      'scheduled',
      'placed',
      v => v.phase === 'Ready' && v.landed.length > 0,
      'placed Ready and landed',
    );
    expect(view.landed.map((l: any) => l.destination)).toEqual(['worker-prod']);
  });

  it('scenario: a failing pipeline reads as failed, as the Job Kratix made says', async () => {
    const res = await request(backend)
      .post(`${api()}/promises/failing/requests`)
      .set('Authorization', as(ALICE))
      .send({ name: 'broken', namespace: TEAM, spec: { size: 'small' } });
    expect(res.status).toBe(201);
    const job = await eventually(
      'the failed Job',
      async () => {
        const jobs = (await real.list('jobs.batch')).filter(
          j =>
            j.metadata.namespace === TEAM &&
            j.metadata.labels?.['kratix.io/resource-name'] === 'broken',
        );
        return jobs.find(j =>
          j.status?.conditions?.some(
            (c: any) => c.type === 'Failed' && c.status === 'True',
          ),
        );
      },
      150_000,
      1000,
    );
    const view = await requestView(
      'failing',
      'broken',
      v =>
        v.pipelineRuns.some(
          (r: any) => r.name === job.metadata.name && r.state === 'Failed',
        ),
      'the failed run in the view',
    );
    expect(view.phase).not.toBe('Ready');
    const logs = await request(backend)
      .get(`${api()}/pipelines/${TEAM}/${job.metadata.name}/logs`)
      .set('Authorization', as(ALICE));
    expect(logs.status).toBe(200);
    const pipelineLog = logs.body.containers.find(
      (c: any) => c.name === 'break',
    );
    expect(pipelineLog.log).toContain(
      'failing, as this test image always does',
    );
  });

  it('scenario: actAsUser writes as the user: a user whose RBAC denies the write is refused, one allowed creates', async () => {
    /** Creates an AppConfig through the platform that writes with the user's own token. */
    const createAs = (user: string, clusterUser: string, name: string) =>
      request(backend)
        .post(`${api('real-as-user')}/promises/appconfig/requests`)
        .set('Authorization', as(user))
        .set(
          'X-Kratix-Cluster-Authorization',
          `Bearer ${real.info.userTokens[clusterUser]}`,
        )
        .send({ name, namespace: TEAM, spec: { size: 'small' } });
    const appConfig = (name: string) =>
      real.get('appconfigs.test.kratix-backstage.io', name, TEAM);

    expect((await createAs(BOB, 'reader', 'as-reader')).status).toBe(403);
    expect(await appConfig('as-reader')).toBeUndefined();
    expect((await createAs(ALICE, 'alice', 'as-alice')).status).toBe(201);
    // The service account may create AppConfigs anywhere: only the user's token explains
    // the refusal above.
    expect(await appConfig('as-alice')).toBeDefined();
  });

  it('scenario: a delete through the suite removes the request and Kratix removes its documents', async () => {
    const res = await request(backend)
      .post(`${api()}/promises/appconfig/requests/${TEAM}/rest-small/actions`)
      .set('Authorization', as(ALICE))
      .send({ action: 'delete' });
    expect(res.status).toBeLessThan(300);
    await eventually(
      'rest-small gone',
      async () =>
        (await real.get(
          'appconfigs.test.kratix-backstage.io',
          'rest-small',
          TEAM,
        )) === undefined,
    );
    await eventually(
      'its documents removed from the state store',
      async () =>
        ![...real.stateStoreFiles().files.keys()].some(p =>
          p.includes(`/resources/${TEAM}/appconfig/rest-small/`),
        ),
    );
    await eventually('rest-small gone from the suite', async () => {
      const view = await request(backend)
        .get(`${api()}/promises/appconfig/requests/${TEAM}/rest-small`)
        .set('Authorization', as(ADMIN));
      return view.status === 404;
    });
  });

  /**
   * The gitops mirror of the real platform: a platform repository declaring the same
   * Promises, Destinations, state store and requests, and under `state/` the state store as
   * Kratix wrote it. Requests are committed before the documents Kratix wrote for them, as
   * they would be on a gitops platform.
   */
  async function startMirror(): Promise<GitOpsKratixPlatform> {
    const dir = await mirrorRepository({ withStateStore: true });
    const started = new GitOpsKratixPlatform({
      name: 'mirror',
      admins: [ADMIN],
      directory: dir,
      stateStorePaths: ['state'],
    });
    await started.start();
    served.push(started);
    return started;
  }

  /**
   * A platform repository declaring what the real platform holds; with the state store Kratix
   * wrote under state/, committed after the declarations, or without it (for the stand-in).
   */
  async function mirrorRepository(options: MirrorOptions): Promise<string> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kratix-mirror-'));
    const git = (...args: string[]) =>
      execFileSync('git', ['-C', dir, ...args], {
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 'scenarios',
          GIT_AUTHOR_EMAIL: 'scenarios@localhost',
          GIT_COMMITTER_NAME: 'scenarios',
          GIT_COMMITTER_EMAIL: 'scenarios@localhost',
        },
      });
    git('init', '--quiet', '--initial-branch=main');
    const write = (file: string, document: object) => {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), stringify(document));
    };
    for (const promise of options.promises ?? FIRST_PROMISES) {
      write(
        `platform/promises/${promise}.yaml`,
        readTestDocuments(`${promise}.yaml`)[0],
      );
    }
    for (const o of await real.list('destinations.platform.kratix.io')) {
      write(`platform/destinations/${o.metadata.name}.yaml`, declared(o));
    }
    // The mirror holds the store's files under state/: its GitStateStore says so.
    for (const o of await real.list('gitstatestores.platform.kratix.io')) {
      const store = declared(o);
      write(
        `platform/statestores/${o.metadata.name}.yaml`,
        options.storesAsDeclared
          ? store
          : { ...store, spec: { ...store.spec, path: 'state' } },
      );
    }
    // The requests of the declared Promises (and of those PromiseReleases install).
    const resources = (
      options.requestsOf ??
      options.promises ??
      FIRST_REQUESTS_OF
    )
      .map(promise => readTestDocuments(`${promise}.yaml`)[0].spec.api.spec)
      .map(crd => `${crd.names.plural}.${crd.group}`);
    for (const resource of resources) {
      for (const o of await real.list(resource)) {
        write(
          `requests/${o.metadata.namespace}/${o.kind.toLowerCase()}/${
            o.metadata.name
          }.yaml`,
          declared(o),
        );
      }
    }
    for (const extra of options.alsoRequests ?? []) {
      const o = extra as any;
      write(
        `requests/${o.metadata.namespace}/${o.kind.toLowerCase()}/${
          o.metadata.name
        }.yaml`,
        o,
      );
    }
    for (const [file, document] of Object.entries(
      options.alsoDocuments ?? {},
    )) {
      write(file, document);
    }
    git('add', '-A');
    git('commit', '--quiet', '-m', 'The platform and its requests');
    if (!options.withStateStore) return dir;
    for (const [file, text] of real.stateStoreFiles().files) {
      fs.mkdirSync(path.dirname(path.join(dir, 'state', file)), {
        recursive: true,
      });
      fs.writeFileSync(path.join(dir, 'state', file), text);
    }
    git('add', '-A');
    git('commit', '--quiet', '-m', 'The state store as Kratix wrote it');
    return dir;
  }

  /** The same view from both platforms: the real one's and the mirror's. */
  async function bothViews(route: (p: string) => string) {
    const read = async (p: string) => {
      const res = await request(backend)
        .get(route(p))
        .set('Authorization', as(ADMIN));
      expect({ platform: p, status: res.status }).toEqual({
        platform: p,
        status: 200,
      });
      return res.body;
    };
    mirror ??= await startMirror();
    return { kubernetes: await read('real'), gitops: await read('mirror') };
  }

  it('scenario: Events on the Promise and request pages are the Events the API server holds about them and their Works', async () => {
    const server = backend;
    const about = (events: any[], kinds: string[], names: string[]) =>
      events
        .filter(
          e =>
            kinds.includes(e.involvedObject.kind) &&
            names.includes(e.involvedObject.name),
        )
        .map(e => [
          e.involvedObject.kind,
          e.involvedObject.name,
          e.reason,
          e.message,
        ])
        .sort();
    const events = await real.list('events');
    const works = (await real.list('works.platform.kratix.io'))
      .filter(
        w => w.metadata.labels?.['kratix.io/resource-name'] === 'from-template',
      )
      .map(w => w.metadata.name);
    const promisePage = await request(server)
      .get(`${api()}/promises/appconfig`)
      .set('Authorization', as(ADMIN));
    const requestPage = await request(server)
      .get(`${api()}/promises/appconfig/requests/${TEAM}/from-template`)
      .set('Authorization', as(ADMIN));
    const shown = (page: any) =>
      (page.body.events ?? [])
        .map((e: any) => [e.object.kind, e.object.name, e.reason, e.message])
        .sort();
    // Kratix v0.125.0 records Events only about PromiseReleases
    // (controllers/promiserelease_controller.go); the Job controller's are about Jobs and
    // Pods, which no Kratix page shows. Both lists are what the API server holds.
    expect(shown(promisePage)).toEqual(
      about(events, ['Promise'], ['appconfig']),
    );
    expect(shown(requestPage)).toEqual(
      about(events, ['AppConfig', 'Work'], ['from-template', ...works]),
    );
  });

  it('views equal: the Promise list (availability, version, API, required Promises, request count)', async () => {
    const { kubernetes, gitops } = await bothViews(
      p => `/api/kratix/promises?platform=${p}`,
    );
    const pick = (items: any[]) =>
      items
        .map(i => ({
          name: i.name,
          availability: i.availability,
          version: i.version,
          kind: i.kind,
          group: i.group,
          requiredPromises: i.requiredPromises,
          requestCount: i.requestCount,
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
    // scheduled's documents all went to worker-prod, in `none` mode: Kratix v0.125.0 records
    // them in the Destination's `.kratix/` folder (controllers/workplacement_controller.go
    // writeWorkloadsToStateStore), so git tells as much as the cluster.
    expect(pick(gitops.items)).toEqual(pick(kubernetes.items));
  });

  it('views equal: the Destinations (labels, state store, file mode, readiness, what landed)', async () => {
    const { kubernetes, gitops } = await bothViews(
      p => `/api/kratix/destinations?platform=${p}`,
    );
    const pick = (items: any[]) =>
      items
        .map(i => ({
          name: i.name,
          labels: i.labels,
          stateStore: i.stateStore,
          filepathMode: i.filepathMode,
          ready: i.ready?.state ?? i.ready,
          workerResourceCount: i.workerResourceCount,
          workloadCount: i.workloadCount,
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
    const unreported = new Set(
      (await real.list('destinations.platform.kratix.io'))
        .filter(d => !d.status?.conditions?.length)
        .map(d => d.metadata.name),
    );
    // What landed on worker-prod (`none` mode) is read from Kratix's `.kratix/` records, and
    // its readiness from the canary files v0.125.0 wrote nested though it is in `none` mode
    // (controllers/destination_controller.go), which gitops mode reads in either layout.
    const expected = pick(kubernetes.items).map(d => ({
      ...d,
      ...(unreported.has(d.name) && {
        [cannotKnow('destination-status-unreported') && 'ready']: 'Ready',
      }),
    }));
    expect(pick(gitops.items)).toEqual(expected);
  });

  /** The view of one request from the real platform and from the mirror: equal. */
  async function requestViewsEqual(promise: string, name: string) {
    const { kubernetes, gitops } = await bothViews(
      p =>
        `/api/kratix/platforms/${p}/promises/${promise}/requests/${TEAM}/${name}`,
    );
    // Paths relative to the store's own path (the mirror keeps the store under state/).
    const inStore = (file: string) => file.replace(/^state\//, '');
    const pick = (view: any) => ({
      phase: view.phase,
      owner: view.owner,
      landed: view.landed
        .map((l: any) => ({
          destination: l.destination,
          files: (l.files ?? l.paths ?? [])
            .map((f: any) => inStore(typeof f === 'string' ? f : f.path))
            .sort(),
        }))
        .sort((a: any, b: any) => a.destination.localeCompare(b.destination)),
    });
    expect(pick(gitops)).toEqual(pick(kubernetes));
  }

  (
    [
      ['appconfig', 'from-template'],
      ['failing', 'broken'],
    ] as const
  ).forEach(([promise, name]) => {
    it(`views equal: the request ${promise}/${name} (phase, where it landed, its files)`, () =>
      requestViewsEqual(promise, name));
  });

  // Kratix v0.125.0 listed placed's file in its .kratix record relative to the Destination's
  // path (controllers/workplacement_controller.go writeWorkloadsToStateStore); Kratix since
  // 2025 relative to the store's (generateKratixStateFile): gitops mode reads both.
  it('views equal: the request scheduled/placed (phase, where it landed, its files)', () =>
    requestViewsEqual('scheduled', 'placed'));

  /**
   * The embedded stand-in (EmbeddedKratix) on the same declarations, with no state store:
   * what it writes is compared with what Kratix wrote. Its pipelines run no image (it writes a
   * ConfigMap recording the request), so within a pipeline's folder only the folder is
   * compared; everything Kratix writes without an image (canary files, static dependencies)
   * is compared document by document.
   */
  let standIn:
    | { files: Map<string, string>; phases: Record<string, string[]> }
    | undefined;
  async function standInStore() {
    if (standIn) return standIn;
    // rest-small as it was first requested (the scenarios delete it from the platform later).
    const dir = await mirrorRepository({
      withStateStore: false,
      alsoRequests: [
        {
          apiVersion: 'test.kratix-backstage.io/v1alpha1',
          kind: 'AppConfig',
          metadata: { name: 'rest-small', namespace: TEAM },
          spec: { size: 'small' },
        },
      ],
    });
    const gitops = new GitOpsKratixPlatform({
      name: 'stand-in',
      directory: dir,
      stateStorePaths: ['state'],
      pollIntervalMs: 200,
    });
    await gitops.start();
    const phases: Record<string, string[]> = {};
    const notePhases = async () => {
      for (const r of await gitops.listRequests({ namespace: TEAM })) {
        const seen = (phases[r.metadata.name] ??= []);
        const phase = readRequestStatus(r).phase;
        if (seen[seen.length - 1] !== phase) seen.push(phase);
      }
    };
    await notePhases();
    const kratix = new EmbeddedKratix({ platform: gitops, pipelineDelayMs: 0 });
    kratix.start();
    try {
      // Settled: two reads a second apart find the same tree.
      let last = '';
      await eventually(
        'the stand-in to settle',
        async () => {
          await kratix.idle();
          const now = execFileSync('git', ['-C', dir, 'rev-parse', 'HEAD'], {
            encoding: 'utf8',
          });
          const settled = now === last;
          last = now;
          return settled;
        },
        60_000,
        1000,
      );
      gitops.invalidate();
      await notePhases();
    } finally {
      await kratix.stop();
      gitops.stop();
    }
    const files = readTree(path.join(dir, 'state'));
    standIn = { files, phases };
    return standIn;
  }

  const documents = (text: string | undefined) =>
    parseAllDocuments(text ?? '').map(d => d.toJS());

  /**
   * A document as the API server would apply it: serialisers' empty fields dropped
   * (Kratix's Go writer prints `creationTimestamp: null`, `spec: {}`, `status: {}`).
   */
  const applied = (document: any): any => {
    const { metadata, spec, status, ...rest } = document ?? {};
    const { creationTimestamp, ...meta } = metadata ?? {};
    return {
      ...rest,
      metadata: meta,
      ...(spec && Object.keys(spec).length ? { spec } : {}),
      ...(status && Object.keys(status).length ? { status } : {}),
    };
  };

  it('stand-in equal: the canary files Kratix writes to each nestedByMetadata Destination it registers', async () => {
    const kratix = real.stateStoreFiles().files;
    const { files } = await standInStore();
    const canaries = (store: Map<string, string>) =>
      [...store.keys()]
        .filter(p => /kratix-canary/.test(p) && p.startsWith('worker-dev/'))
        .sort();
    expect(canaries(files)).toEqual(canaries(kratix));
    // Kratix v0.125.0 wrote "the confirms your infrastructure…"; later releases (and the
    // stand-in, as internal/controller/destination_controller.go does now) "this confirms".
    const wording = (text: string | undefined) =>
      (text ?? '').replace('the confirms your', 'this confirms your');
    for (const file of canaries(kratix)) {
      expect({
        file,
        documents: documents(files.get(file)).map(applied),
      }).toEqual({
        file,
        documents: documents(wording(kratix.get(file))).map(applied),
      });
    }
  });

  it("stand-in equal: a Promise's static dependencies (where, and the documents)", async () => {
    const kratix = real.stateStoreFiles().files;
    const { files } = await standInStore();
    const statics = (store: Map<string, string>) =>
      [...store.keys()].filter(p => p.includes('/static/')).sort();
    expect(statics(files)).toEqual(statics(kratix));
    for (const file of statics(kratix)) {
      expect({
        file,
        documents: documents(files.get(file)).map(applied),
      }).toEqual({ file, documents: documents(kratix.get(file)).map(applied) });
    }
  });

  it('stand-in equal: the folders each request writes to, on the Destinations Kratix chose', async () => {
    const kratix = real.stateStoreFiles().files;
    const { files } = await standInStore();
    // The stand-in runs no pipeline image, so it cannot know that one fails: requests whose
    // pipeline failed on Kratix are left out (the README says so).
    const failed = new Set(
      (await real.list('jobs.batch'))
        .filter(j =>
          j.status?.conditions?.some(
            (c: any) => c.type === 'Failed' && c.status === 'True',
          ),
        )
        .map(j => j.metadata.labels?.['kratix.io/resource-name']),
    );
    // nestedByMetadata: `<dest>/resources/<ns>/<promise>/<request>/<pipeline>/<id5>/`; the
    // file names inside are the pipeline image's own.
    const folders = (store: Map<string, string>) =>
      [
        ...new Set(
          [...store.keys()]
            .filter(p => /\/resources\//.test(p) && !/kratix-canary/.test(p))
            .map(p => p.split('/').slice(0, -1).join('/'))
            .filter(folder => !failed.has(folder.split('/')[4]))
            // Deleted from the platform by then; the stand-in has it for its phases only.
            .filter(folder => folder.split('/')[4] !== 'rest-small'),
        ),
      ].sort();
    expect(folders(files)).toEqual(folders(kratix));
  });

  it('stand-in equal: the phases a request goes through, from its creation to Ready', async () => {
    const { phases } = await standInStore();
    expect(realPhases['rest-small']).toBeDefined();
    expect(phases['rest-small']).toEqual(realPhases['rest-small']);
  });

  // A release difference, asserted: the stand-in writes what Kratix writes now. Kratix
  // v0.125.0 wrote a none-mode Destination's canary files nested, as for every Destination
  // (controllers/destination_controller.go createDependenciesPathWithExample,
  // createResourcePathWithExample); Kratix since 2025 writes them flat at its root
  // (internal/controller/destination_controller.go getCanaryWorkloads), as the stand-in does.
  it('stand-in equal: the canary files of a none-mode Destination, nested by Kratix v0.125.0 and flat by the stand-in as by Kratix since 2025', async () => {
    const kratix = real.stateStoreFiles().files;
    const { files } = await standInStore();
    const canaries = (store: Map<string, string>) =>
      [...store.keys()]
        .filter(p => /kratix-canary/.test(p) && p.startsWith('worker-prod/'))
        .sort();
    expect(canaries(kratix)).toEqual([
      'worker-prod/dependencies/kratix-canary-namespace.yaml',
      'worker-prod/resources/kratix-canary-configmap.yaml',
    ]);
    expect(canaries(files)).toEqual([
      'worker-prod/kratix-canary-configmap.yaml',
      'worker-prod/kratix-canary-namespace.yaml',
    ]);
  });

  /**
   * What Kratix and the stand-in wrote to worker-prod (`none` mode) for the requests and
   * Promise workflows the stand-in's declarations hold: the documents at the Destination's
   * root and the `.kratix/` records, each read back to its owner by the suite. Requests whose
   * pipeline failed on Kratix are left out, as the folder comparison leaves them out.
   */
  async function noneModeLayouts() {
    const kratix = real.stateStoreFiles().files;
    const { files } = await standInStore();
    const promises = readTestDocuments('scheduled.yaml');
    const requests = (await real.list('scheduleds.test.kratix-backstage.io'))
      .filter(r => r.metadata.name === 'placed')
      .map(r => ({ promise: 'scheduled', request: r }));
    const failed = ['failing-broken'];
    const layout = (store: Map<string, string>) => {
      const paths = [...store.keys()].filter(
        p =>
          p.startsWith('worker-prod/') &&
          !/kratix-canary/.test(p) &&
          !failed.some(f => p.includes(f)),
      );
      const records = paths.filter(p => p.startsWith('worker-prod/.kratix/'));
      return {
        records: records.map(p => ({
          path: p,
          owner: workPlacementOwner(
            {
              namespace: p.includes('/kratix-platform-system-')
                ? 'kratix-platform-system'
                : TEAM,
              name: p
                .replace(
                  /^worker-prod\/\.kratix\/(kratix-platform-system|team-scenarios)-/,
                  '',
                )
                .replace(/\.yaml$/, ''),
            },
            'worker-prod',
            { promises, requests },
          ),
        })),
        documents: paths.filter(p => !p.startsWith('worker-prod/.kratix/'))
          .length,
      };
    };
    return { kratix: layout(kratix), written: layout(files) };
  }

  it("stand-in equal: a none-mode Destination's documents: at its root, with one .kratix record per WorkPlacement, read back to the same request or Promise", async () => {
    const { kratix, written } = await noneModeLayouts();
    const owners = (l: typeof kratix) =>
      l.records
        .map(r => [r.owner?.type, r.owner?.promise, r.owner?.resource])
        .sort();
    expect(owners(kratix)).toEqual([
      ['dependency', 'scheduled', undefined],
      ['resource', 'scheduled', 'placed'],
    ]);
    expect(owners(written)).toEqual(owners(kratix));
    expect(written.documents).toBe(kratix.documents);
  });

  // A release difference, asserted: Kratix v0.125.0 named Works `<promise>-<request>` and
  // `<promise>` (work-creator/pipeline/work_creator.go); Kratix since 2025 adds the pipeline
  // (work-creator/lib/work_creator.go buildWorkIdentifier), as the stand-in does. Without the
  // pipeline the names are Kratix's.
  it("stand-in equal: a none-mode Destination's .kratix records, named as Kratix v0.125.0 names them but for the pipeline Kratix has added since", async () => {
    const { kratix, written } = await noneModeLayouts();
    const names = (l: typeof kratix, pipelines: string[] = []) =>
      l.records
        .map(r =>
          pipelines
            .reduce((name, p) => name.replace(`-${p}-`, '-'), r.path)
            .replace(/-[a-z0-9]{5}\.worker-prod-/, '-<random>.worker-prod-'),
        )
        .sort();
    const scheduled = readTestDocuments('scheduled.yaml')[0];
    const pipelines = ['promise', 'resource'].flatMap(kind =>
      (scheduled.spec.workflows?.[kind]?.configure ?? []).map(
        (p: any) => p.metadata.name,
      ),
    );
    expect(pipelines.length).toBeGreaterThan(0);
    expect(names(written)).not.toEqual(names(kratix));
    expect(names(written, pipelines)).toEqual(names(kratix));
  });

  /*
   * Kratix's rules, not the suite's (#20): each scenario below is named for what Kratix
   * v0.125.0 does, and expects what the real controller did. They run after the comparisons
   * above, whose mirrors and stand-in declare the platform as the first scenarios left it.
   */

  /**
   * A gitops mirror of the platform as it is now, served by the test backend under `name`:
   * the declarations `options` name and the state store as Kratix wrote it.
   */
  async function startNamedMirror(
    name: string,
    options: Omit<MirrorOptions, 'withStateStore'> = {},
  ): Promise<GitOpsKratixPlatform> {
    // With the stores as declared, the suite reads them from their own url and branch.
    const dir = await mirrorRepository({
      ...options,
      withStateStore: !options.storesAsDeclared,
    });
    const started = new GitOpsKratixPlatform({
      name,
      admins: [ADMIN],
      directory: dir,
      stateStorePaths: ['state'],
      promiseFetcher: marketplace,
      ...(options.storesAsDeclared && {
        stateStoreSources: new StateStoreSources({
          platform: name,
          repository: { path: dir, branch: 'main' },
          clonesPath: fs.mkdtempSync(path.join(os.tmpdir(), 'state-clones-')),
          rootConfig: mockServices.rootConfig({ data: {} }),
        }),
      }),
    });
    await started.start();
    served.push(started);
    namedMirrors.push(started);
    return started;
  }

  /** One view from the test backend as an admin; fails unless it answers 200. */
  async function readView(route: string) {
    const res = await request(backend)
      .get(route)
      .set('Authorization', as(ADMIN));
    expect({ route, status: res.status }).toEqual({ route, status: 200 });
    return res.body;
  }

  /** A request's view, as the comparisons of both modes pick it (store paths under state/). */
  const requestPicked = (view: any) => ({
    phase: view.phase,
    landed: (view.landed ?? [])
      .map((l: any) => ({
        destination: l.destination,
        files: (l.files ?? l.paths ?? [])
          .map((f: any) =>
            (typeof f === 'string' ? f : f.path).replace(/^state\//, ''),
          )
          .sort(),
      }))
      .sort((a: any, b: any) => a.destination.localeCompare(b.destination)),
  });

  /** The state-store paths a view says a request's documents are at. */
  const viewedFiles = (view: any): string[] =>
    requestPicked(view)
      .landed.flatMap((l: any) => l.files)
      .sort();

  /** A Promise as Kratix reports it once `until` holds for it. */
  const kratixPromise = (name: string, until: (p: any) => boolean) =>
    eventually(`Kratix's status of ${name}`, async () => {
      const p = await real.get('promises.platform.kratix.io', name);
      return p && until(p) ? p : undefined;
    });

  it("scenario: a request on a Destination in none file mode is Ready as Kratix reports it, its documents at the Destination's root, listed in Kratix's .kratix record, in both modes", async () => {
    const res = await request(backend)
      .post(`${api()}/promises/scheduled/requests`)
      .set('Authorization', as(ALICE))
      .send({ name: 'flat', namespace: TEAM, spec: { size: 'large' } });
    expect(res.status).toBe(201);
    await completed('scheduleds.test.kratix-backstage.io', 'flat');
    const { placements } = await eventually(
      'the WorkPlacement of flat',
      async () => {
        const found = await placedFiles('scheduled', 'flat');
        return found.placements.length ? found : undefined;
      },
    );
    expect(placements.map(p => p.spec.targetDestinationName)).toEqual([
      'worker-prod',
    ]);
    const [workPlacement] = placements;
    // In none mode Kratix v0.125.0 writes the documents at the Destination's path and records
    // them in `.kratix/<namespace>-<WorkPlacement>.yaml` (controllers/workplacement_controller.go
    // writeWorkloadsToStateStore).
    const record = `worker-prod/.kratix/${workPlacement.metadata.namespace}-${workPlacement.metadata.name}.yaml`;
    const files = await eventually('the record of flat', async () => {
      const store = real.stateStoreFiles().files;
      return store.has(record) ? store : undefined;
    });
    const recorded: string[] = parse(files.get(record)!).files;
    expect([...recorded].sort()).toEqual(
      workPlacement.spec.workloads.map((w: any) => w.filepath).sort(),
    );
    const written = recorded.map(f => `worker-prod/${f}`).sort();
    for (const file of written) expect(files.has(file)).toBe(true);

    const kubernetes = await requestView(
      'scheduled',
      'flat',
      v => v.phase === 'Ready' && v.landed.length > 0,
      'flat Ready and landed',
    );
    expect(kubernetes.landed.map((l: any) => l.destination)).toEqual([
      'worker-prod',
    ]);
    expect(viewedFiles(kubernetes)).toEqual(written);

    // The gitops mirror reads the record: Ready, on worker-prod (its paths: the next one).
    await startNamedMirror('mirror-flat', { promises: ['scheduled'] });
    const gitops = await readView(
      `${api('mirror-flat')}/promises/scheduled/requests/${TEAM}/flat`,
    );
    const whereAndWhether = (view: any) => ({
      phase: view.phase,
      destinations: view.landed.map((l: any) => l.destination).sort(),
    });
    expect(whereAndWhether(gitops)).toEqual(whereAndWhether(kubernetes));
  });

  // Kratix v0.125.0 recorded `files: [scheduled-flat.yaml]`, relative to the Destination's
  // path (controllers/workplacement_controller.go writeWorkloadsToStateStore); Kratix since
  // 2025 puts the Destination's path in front (generateKratixStateFile).
  it("scenario: the gitops mirror lists a none-mode request's files where Kratix wrote them, reading v0.125.0's .kratix record relative to the Destination's path", async () => {
    const kubernetes = await readView(
      `${api()}/promises/scheduled/requests/${TEAM}/flat`,
    );
    const gitops = await readView(
      `${api('mirror-flat')}/promises/scheduled/requests/${TEAM}/flat`,
    );
    expect(viewedFiles(gitops)).toEqual(viewedFiles(kubernetes));
  });

  /** The Work of a Promise's static dependencies (controllers/promise_controller.go applyWorkForStaticDependencies). */
  const STATIC_DEPENDENCIES_WORK = /-static-deps-[a-z0-9]{5}$/;

  it("scenario: Kratix's git writer commits each WorkPlacement's documents as `Update from: <WorkPlacement>`, named `<work>.<destination>-<id5>` after a Work `<promise>-<request>-<5 random>`, which the suite reads back to its request", async () => {
    // lib/writers/git.go commitAndPush; controllers/scheduler.go names the WorkPlacements;
    // work-creator/pipeline/work_creator.go the Works (lib/objectutil/name.go).
    const subjects = new Set(real.stateStoreSubjects());
    const promises = await real.list('promises.platform.kratix.io');
    const requests = (
      await Promise.all(
        promises
          .filter(p => p.spec.api)
          .map(async p => {
            const crd = p.spec.api.spec;
            return (await real.list(`${crd.names.plural}.${crd.group}`)).map(
              r => ({ promise: p.metadata.name, request: r }),
            );
          }),
      )
    ).flat();
    const candidates = { promises, requests };
    // A Promise's static dependencies are the next scenario's.
    const workPlacements = (
      await real.list('workplacements.platform.kratix.io')
    ).filter(
      wp =>
        !STATIC_DEPENDENCIES_WORK.test(wp.metadata.labels?.['kratix.io/work']),
    );
    expect(workPlacements.length).toBeGreaterThan(0);
    for (const wp of workPlacements) {
      expect({
        name: wp.metadata.name,
        committed: subjects.has(`Update from: ${wp.metadata.name}`),
      }).toEqual({ name: wp.metadata.name, committed: true });
      const owner = workPlacementOwner(
        { namespace: wp.metadata.namespace, name: wp.metadata.name },
        wp.spec.targetDestinationName,
        candidates,
      );
      expect({ name: wp.metadata.name, owner }).toEqual({
        name: wp.metadata.name,
        owner: expect.objectContaining(
          wp.spec.resourceName
            ? {
                type: 'resource',
                promise: wp.spec.promiseName,
                namespace: wp.metadata.namespace,
                resource: wp.spec.resourceName,
              }
            : { type: 'dependency', promise: wp.spec.promiseName },
        ),
      });
    }
  });

  it("scenario: the WorkPlacements of a Promise's static dependencies, named after the Work `<promise>-static-deps-<5 random>`, are committed as `Update from: <WorkPlacement>`, which the suite reads back to its Promise", async () => {
    const subjects = new Set(real.stateStoreSubjects());
    const promises = await real.list('promises.platform.kratix.io');
    const workPlacements = (
      await real.list('workplacements.platform.kratix.io')
    ).filter(wp =>
      STATIC_DEPENDENCIES_WORK.test(wp.metadata.labels?.['kratix.io/work']),
    );
    // appconfig's Namespace on worker-dev.
    expect(workPlacements.length).toBeGreaterThan(0);
    for (const wp of workPlacements) {
      expect({
        name: wp.metadata.name,
        committed: subjects.has(`Update from: ${wp.metadata.name}`),
        owner: workPlacementOwner(
          { namespace: wp.metadata.namespace, name: wp.metadata.name },
          wp.spec.targetDestinationName,
          { promises, requests: [] },
        ),
      }).toEqual({
        name: wp.metadata.name,
        committed: true,
        owner: expect.objectContaining({
          type: 'dependency',
          promise: wp.spec.promiseName,
        }),
      });
    }
  });

  it('scenario: a status written in a request manifest is dropped by the API server (Promise APIs have the status subresource), and neither mode shows it', async () => {
    const declaredMessage = 'declared in the manifest, not by Kratix';
    const manifest = {
      apiVersion: 'test.kratix-backstage.io/v1alpha1',
      kind: 'AppConfig',
      metadata: { name: 'declared-status', namespace: TEAM },
      spec: { size: 'small' },
      status: {
        message: declaredMessage,
        conditions: [
          {
            type: 'PipelineCompleted',
            status: 'True',
            reason: 'Declared',
            message: declaredMessage,
            lastTransitionTime: '2024-01-01T00:00:00Z',
          },
        ],
      },
    };
    // controllers/promise_controller.go setStatusFieldsOnCRD: the API server keeps no status
    // a create carries.
    const created = JSON.parse(
      await real.kubectl(
        ['create', '-f', '-', '-o', 'json'],
        stringify(manifest),
      ),
    );
    expect(created.status).toBeUndefined();
    const object = await completed(
      'appconfigs.test.kratix-backstage.io',
      'declared-status',
    );
    expect(JSON.stringify(object.status)).not.toContain(declaredMessage);
    const conditionsOf = (conditions: any[]) =>
      conditions.map(c => [c.type, c.status, c.reason, c.message]);

    const kubernetes = await requestView(
      'appconfig',
      'declared-status',
      v => v.phase === 'Ready' && v.landed.length > 0,
      'declared-status Ready and landed',
    );
    expect(kubernetes.status.statusMessage).toBe(object.status.message);
    expect(conditionsOf(kubernetes.conditions)).toEqual(
      conditionsOf(object.status.conditions),
    );
    expect(JSON.stringify(kubernetes)).not.toContain(declaredMessage);

    // A gitops repository declares the manifest as written, status and all.
    await startNamedMirror('mirror-status', {
      promises: ['appconfig'],
      alsoRequests: [manifest],
    });
    const gitops = await readView(
      `${api(
        'mirror-status',
      )}/promises/appconfig/requests/${TEAM}/declared-status`,
    );
    expect(requestPicked(gitops)).toEqual(requestPicked(kubernetes));
    expect(gitops.status.statusMessage ?? '').not.toContain(declaredMessage);
    expect(gitops.conditions.map((c: any) => c.reason)).not.toContain(
      'Declared',
    );
    expect(JSON.stringify(gitops.request.status ?? {})).not.toContain(
      declaredMessage,
    );
  });

  /** Kratix's and the gitops mirror's words for each requirement of layer and needs-layer. */
  const requirementWords: Record<
    string,
    { kratix: unknown[]; gitops: unknown[] }
  > = {};

  it('scenario: a Promise requiring another that is not Available is Unavailable until it is; one with no dependencies, no Promise workflow and no requirements is Available at once; the gitops mirror derives the same', async () => {
    // layer requires standalone, needs-layer requires layer; standalone comes last.
    await installTestPromise('needs-layer');
    await installTestPromise('layer');
    const availability = (items: any[], names: string[]) =>
      Object.fromEntries(
        names.map(n => [n, items.find(i => i.name === n)?.availability]),
      );
    const chain = ['layer', 'needs-layer'];
    // Kratix's verdict once it has seen both: layer's requirement is missing; needs-layer's is
    // there at its version, but not Available (controllers/promise_controller.go
    // generateStatusAndMarkRequirements).
    const layer = await kratixPromise(
      'layer',
      p =>
        p.status?.status === 'Unavailable' &&
        p.status?.requiredPromises?.length === 1,
    );
    const needsLayer = await kratixPromise(
      'needs-layer',
      p =>
        p.status?.status === 'Unavailable' &&
        p.status?.requiredPromises?.[0]?.state !== 'Requirement not installed',
    );
    const kratixBefore = { layer, 'needs-layer': needsLayer };
    const server = backend;
    for (const name of chain) {
      const object = kratixBefore[name as keyof typeof kratixBefore];
      const view = await eventually(`the view of ${name}`, async () => {
        const res = await request(server)
          .get(`${api()}/promises/${name}`)
          .set('Authorization', as(ADMIN));
        return res.status === 200 &&
          res.body.status?.requirements?.[0]?.state ===
            object.status.requiredPromises[0].state
          ? res.body
          : undefined;
      });
      expect(view.status.availability).toBe(object.status.status);
    }
    await startNamedMirror('mirror-unavailable', { promises: chain });
    const before = await readView(
      `/api/kratix/promises?platform=mirror-unavailable`,
    );
    expect(availability(before.items, chain)).toEqual({
      layer: 'Unavailable',
      'needs-layer': 'Unavailable',
    });
    // The words for each requirement: layer's (standalone not installed) here, needs-layer's
    // (layer installed, not Available) in the scenario after this one.
    for (const name of chain) {
      const detail = await readView(
        `${api('mirror-unavailable')}/promises/${name}`,
      );
      const object = kratixBefore[name as keyof typeof kratixBefore];
      const states = (requirements: any[]) =>
        requirements.map(r => [r.name, r.version, r.state]);
      requirementWords[name] = {
        kratix: states(object.status.requiredPromises),
        gitops: states(detail.status.requirements),
      };
    }
    expect(requirementWords.layer.gitops).toEqual(
      requirementWords.layer.kratix,
    );

    await installTestPromise('standalone');
    // Available with no document written anywhere: Kratix made no Work for it.
    const standalone = await kratixPromise(
      'standalone',
      p => p.status?.status === 'Available',
    );
    expect(
      await real.list(
        'works.platform.kratix.io',
        'kratix.io/promise-name=standalone',
      ),
    ).toEqual([]);
    const after = {
      standalone,
      layer: await kratixPromise(
        'layer',
        p => p.status?.status === 'Available',
      ),
      'needs-layer': await kratixPromise(
        'needs-layer',
        p => p.status?.status === 'Available',
      ),
    };
    const all = ['standalone', ...chain];
    const kubernetes = await eventually(
      'the suite to show the three Available',
      async () => {
        const list = await readView(`/api/kratix/promises?platform=real`);
        return all.every(
          n =>
            list.items.find((i: any) => i.name === n)?.availability ===
            'Available',
        )
          ? list
          : undefined;
      },
    );
    expect(availability(kubernetes.items, all)).toEqual(
      Object.fromEntries(
        Object.entries(after).map(([n, p]) => [n, p.status.status]),
      ),
    );
    await startNamedMirror('mirror-available', { promises: all });
    const gitops = await readView(
      `/api/kratix/promises?platform=mirror-available`,
    );
    expect(availability(gitops.items, all)).toEqual(
      availability(kubernetes.items, all),
    );
  });

  // A release difference, asserted: with layer installed at v1.0.0 but Unavailable (its own
  // requirement, standalone, not installed), Kratix v0.125.0 words needs-layer's requirement
  // "Requirement not installed at the specified version" (controllers/promise_controller.go
  // generateStatusAndMarkRequirements: another version or not Available); Kratix since
  // PromiseRevisions words it "Requirement not available"
  // (internal/controller/promise_controller.go evaluateRequirementAgainstRevisions), as the
  // gitops mirror derives it. Both leave needs-layer Unavailable.
  it("scenario: an installed required Promise that is not Available: Kratix v0.125.0's words and the gitops mirror's (Kratix's since PromiseRevisions)", () => {
    expect(requirementWords['needs-layer']).toEqual({
      kratix: [
        [
          'layer',
          'v1.0.0',
          'Requirement not installed at the specified version',
        ],
      ],
      gitops: [['layer', 'v1.0.0', 'Requirement not available']],
    });
  });

  it("scenario: a Promise workflow's destination-selectors.yaml schedules the Promise's own Work, never its requests' Works, as the suite explains", async () => {
    // Only Works with selectors reach a Destination with strictMatchLabels
    // (controllers/scheduler.go getDestinationsForWorkloadGroup).
    const registered = await request(backend)
      .post(`${api()}/destinations`)
      .set('Authorization', as(ADMIN))
      .send({
        name: 'worker-gold',
        labels: { tier: 'gold' },
        strictMatchLabels: true,
        stateStore: { kind: 'GitStateStore', name: 'default' },
      });
    expect({ status: registered.status, body: registered.body }).toEqual(
      expect.objectContaining({ status: 201 }),
    );
    await installTestPromise('selective');
    await kratixPromise('selective', p => p.status?.status === 'Available');
    const res = await request(backend)
      .post(`${api()}/promises/selective/requests`)
      .set('Authorization', as(ALICE))
      .send({ name: 'chosen', namespace: TEAM, spec: { size: 'small' } });
    expect(res.status).toBe(201);
    await completed('selectives.test.kratix-backstage.io', 'chosen');
    // Kratix's Works and where it placed them.
    const { works, placements } = await eventually(
      "the WorkPlacements of selective's two Works",
      async () => {
        const all = await real.list(
          'works.platform.kratix.io',
          'kratix.io/promise-name=selective',
        );
        const wps = (
          await real.list('workplacements.platform.kratix.io')
        ).filter(wp =>
          all.some(
            w => w.metadata.name === wp.metadata.labels?.['kratix.io/work'],
          ),
        );
        return all.length === 2 &&
          all.every(w =>
            wps.some(
              wp => wp.metadata.labels?.['kratix.io/work'] === w.metadata.name,
            ),
          )
          ? { works: all, placements: wps }
          : undefined;
      },
    );
    const promiseWork = works.find(w => !w.spec.resourceName);
    const requestWork = works.find(w => w.spec.resourceName === 'chosen');
    const targets = (work: any) =>
      placements
        .filter(
          wp => wp.metadata.labels['kratix.io/work'] === work.metadata.name,
        )
        .map(wp => wp.spec.targetDestinationName)
        .sort();
    expect(targets(promiseWork)).toEqual(['worker-gold']);
    expect(targets(requestWork)).toHaveLength(1);
    expect(targets(requestWork)).not.toContain('worker-gold');

    // The suite's selectors of each Work, from the Promise and the file its workflow wrote,
    // are the selectors Kratix gave each Work.
    const [selective] = readTestDocuments('selective.yaml');
    const promiseWorkflowFile = [{ matchLabels: { tier: 'gold' } }];
    const kratixSelectors = (work: any) =>
      work.spec.workloadGroups.map((g: any) => ({
        directory: g.directory,
        selectors: (g.destinationSelectors ?? []).map((s: any) => ({
          matchLabels: s.matchLabels ?? {},
          source: s.source,
        })),
      }));
    const suiteSelectors = (work: 'promise' | 'resource') =>
      effectiveSelectorsByDirectory(
        selective,
        promiseWorkflowFile,
        [],
        work,
      ).map(g => ({ directory: g.directory, selectors: g.selectors }));
    expect(suiteSelectors('promise')).toEqual(kratixSelectors(promiseWork));
    expect(suiteSelectors('resource')).toEqual(kratixSelectors(requestWork));

    // The Promise page: where its requests may land, and where its own documents are.
    const detail = await eventually('the view of selective', async () => {
      const view = await readView(`${api()}/promises/selective`);
      return view.workerResources?.length ? view : undefined;
    });
    const eligible = detail.eligibleDestinations
      .filter((e: any) => e.matches)
      .map((e: any) => e.destination);
    expect(eligible).toEqual(expect.arrayContaining(targets(requestWork)));
    expect(eligible).not.toContain('worker-gold');
    expect(
      [
        ...new Set(detail.workerResources.map((p: any) => p.destination)),
      ].sort(),
    ).toEqual(targets(promiseWork));
    const view = await requestView(
      'selective',
      'chosen',
      v => v.phase === 'Ready' && v.landed.length > 0,
      'chosen Ready and landed',
    );
    expect(view.landed.map((l: any) => l.destination)).toEqual(
      targets(requestWork),
    );
  });

  it('scenario: a PromiseRelease installs the Promise its URL holds, whatever its name; the suite shows that Promise with its release, and its requests, in both modes', async () => {
    const [document] = readTestDocuments('released.yaml');
    const crd = document.spec.api.spec;
    await real.apply([promiseApiRole('released', crd.group, crd.names.plural)]);
    const url = `${promiseFilesUrl}/released.yaml`;
    await real.apply([
      {
        apiVersion: 'platform.kratix.io/v1alpha1',
        kind: 'PromiseRelease',
        metadata: { name: 'catalog-entry' },
        spec: { version: 'v1.0.0', sourceRef: { type: 'http', url } },
      },
    ]);
    // controllers/promiserelease_controller.go installPromise: the Promise the document
    // names, labelled with the release's name and owned by it.
    const installed = await kratixPromise(
      'released',
      p => p.status?.status === 'Available',
    );
    expect(installed.metadata.labels['kratix.io/promise-release-name']).toBe(
      'catalog-entry',
    );
    expect(
      await real.get('promises.platform.kratix.io', 'catalog-entry'),
    ).toBeUndefined();
    const release = await eventually('catalog-entry Installed', async () => {
      const r = await real.get(
        'promisereleases.platform.kratix.io',
        'catalog-entry',
      );
      return r?.status?.status === 'Installed' ? r : undefined;
    });
    const detail = await eventually('the view of released', async () => {
      const res = await request(backend)
        .get(`${api()}/promises/released`)
        .set('Authorization', as(ADMIN));
      return res.status === 200 && res.body.release ? res.body : undefined;
    });
    expect(detail.release).toEqual(
      expect.objectContaining({
        name: 'catalog-entry',
        promise: 'released',
        version: release.spec.version,
        sourceUrl: url,
        status: release.status.status,
      }),
    );
    const releases = await readView(
      '/api/kratix/promisereleases?platform=real',
    );
    expect(
      releases.items.map((r: any) => [r.name, r.promise, r.status]),
    ).toEqual([['catalog-entry', 'released', 'Installed']]);

    const created = await request(backend)
      .post(`${api()}/promises/released/requests`)
      .set('Authorization', as(ALICE))
      .send({ name: 'from-release', namespace: TEAM, spec: { size: 'small' } });
    expect(created.status).toBe(201);
    await completed('releaseds.test.kratix-backstage.io', 'from-release');
    const { placements } = await eventually(
      'the WorkPlacement of from-release',
      async () => {
        const found = await placedFiles('released', 'from-release');
        return found.placements.length ? found : undefined;
      },
    );
    const kubernetes = await requestView(
      'released',
      'from-release',
      v => v.phase === 'Ready' && v.landed.length > 0,
      'from-release Ready and landed',
    );
    expect(kubernetes.landed.map((l: any) => l.destination)).toEqual(
      placements.map(p => p.spec.targetDestinationName),
    );
    const listed = await readView(
      `/api/kratix/requests?platform=real&promise=released`,
    );
    expect(listed.items.map((i: any) => i.name)).toEqual(['from-release']);

    // A gitops repository declares the release, not the Promise: the suite fetches it.
    await startNamedMirror('mirror-release', {
      promises: [],
      requestsOf: ['released'],
      alsoDocuments: {
        'platform/promisereleases/catalog-entry.yaml': declared(release),
      },
    });
    const gitopsDetail = await eventually(
      'the mirror to show released',
      async () => {
        const res = await request(backend)
          .get(`${api('mirror-release')}/promises/released`)
          .set('Authorization', as(ADMIN));
        return res.status === 200 ? res.body : undefined;
      },
    );
    expect(gitopsDetail.release).toEqual(
      expect.objectContaining({ name: 'catalog-entry', promise: 'released' }),
    );
    const gitops = await readView(
      `${api(
        'mirror-release',
      )}/promises/released/requests/${TEAM}/from-release`,
    );
    expect(requestPicked(gitops)).toEqual(requestPicked(kubernetes));
  });

  it("scenario: the gitops mirror reads Kratix's state store from its GitStateStore's url and branch, as Kratix's git writer pushed it, and shows what the cluster shows", async () => {
    // The platform's GitStateStore names its own git server (lib/writers/git.go clones and
    // pushes spec.url at spec.branch); the mirror holds no copy of the store.
    const [store] = await real.list('gitstatestores.platform.kratix.io');
    expect(store.spec.url).toBe(real.info.stateStoreUrl);
    // Everything the platform holds now, the release's Promise fetched by the suite.
    const release = await real.get(
      'promisereleases.platform.kratix.io',
      'catalog-entry',
    );
    const gitops = await startNamedMirror('mirror-own-store', {
      storesAsDeclared: true,
      promises: [
        ...FIRST_PROMISES,
        'standalone',
        'layer',
        'needs-layer',
        'selective',
      ],
      requestsOf: [...FIRST_REQUESTS_OF, 'selective', 'released'],
      alsoDocuments: {
        'platform/promisereleases/catalog-entry.yaml': declared(release),
      },
    });
    const route = (p: string) =>
      `${api(p)}/promises/appconfig/requests/${TEAM}/from-template`;
    const kubernetes = await readView(route('real'));
    expect(requestPicked(await readView(route('mirror-own-store')))).toEqual(
      requestPicked(kubernetes),
    );
    const destinations = async (p: string) =>
      (await readView(`/api/kratix/destinations?platform=${p}`)).items
        .map((d: any) => ({
          name: d.name,
          workerResourceCount: d.workerResourceCount,
          workloadCount: d.workloadCount,
        }))
        .sort((a: any, b: any) => a.name.localeCompare(b.name));
    const onCluster = await destinations('real');
    await eventually('the mirror to count what the cluster counts', async () =>
      JSON.stringify(await destinations('mirror-own-store')) ===
      JSON.stringify(onCluster)
        ? true
        : undefined,
    ).catch(() => undefined);
    expect(await destinations('mirror-own-store')).toEqual(onCluster);
    // Read, not unreadable: no state-store-unreadable problem.
    expect(gitops.health().problems ?? []).toEqual([]);
  });

  it.skip('scenario: pause and resume (kratix.io/paused): Kratix v0.125.0 has no pause', () => {});
  it.skip('scenario: a suspended workflow and a retry (workflow-control.yaml): Kratix v0.125.0 has no workflow control', () => {});
  it.skip('scenario: a request on a Destination in aggregatedYAML mode is Ready in both modes, its documents found through the commits `Update from: <WorkPlacement>`: Kratix v0.125.0 has only nestedByMetadata and none', () => {});
  /*
   * "Reconcile now" is the label kratix.io/manual-reconciliation: "true" (v0.125.0
   * lib/resourceutil/util.go:20). Kratix then runs the workflow's pipeline again, suspending
   * one still running (lib/workflow/reconciler.go:120-140), and removes the label once the
   * new Job is applied (reconciler.go:372-390), for requests
   * (controllers/dynamic_resource_request_controller.go:146) and Promises
   * (controllers/promise_controller.go:387). Jobs are found by the labels Kratix gives them
   * (api/v1alpha1/pipeline_types.go pipelineJobLabels: promise-name, work-type, resource-name).
   */
  const configureJobs = async (selector: string) =>
    (await real.list('jobs.batch', selector)).map(j => j.metadata.name);
  async function rerunsAfter(
    what: string,
    selector: string,
    act: () => Promise<request.Response>,
    labelsOf: () => Promise<Record<string, string> | undefined>,
  ) {
    const before = await configureJobs(selector);
    expect(before.length).toBeGreaterThan(0);
    const res = await act();
    expect({ status: res.status, body: res.body }).toEqual(
      expect.objectContaining({ status: 200 }),
    );
    const rerun = await eventually(
      `Kratix to run ${what}'s pipeline again and remove the label`,
      async () => {
        const added = (await configureJobs(selector)).filter(
          j => !before.includes(j),
        );
        const labels = await labelsOf();
        return added.length > 0 &&
          labels &&
          !('kratix.io/manual-reconciliation' in labels)
          ? added
          : undefined;
      },
      150_000,
      1000,
    );
    return rerun;
  }

  it('scenario: Reconcile now (kratix.io/manual-reconciliation) on a request: Kratix runs its pipeline again and removes the label, and the suite lists the new run', async () => {
    const created = await request(backend)
      .post(`${api()}/promises/appconfig/requests`)
      .set('Authorization', as(ALICE))
      .send({
        name: 'reconcile-now',
        namespace: TEAM,
        spec: { size: 'small' },
      });
    expect(created.status).toBe(201);
    await completed('appconfigs.test.kratix-backstage.io', 'reconcile-now');
    const [job] = await rerunsAfter(
      'reconcile-now',
      'kratix.io/promise-name=appconfig,kratix.io/resource-name=reconcile-now,kratix.io/work-type=resource',
      () =>
        request(backend)
          .post(
            `${api()}/promises/appconfig/requests/${TEAM}/reconcile-now/actions`,
          )
          .set('Authorization', as(ALICE))
          .send({ action: 'rerun' }),
      async () =>
        (
          await real.get(
            'appconfigs.test.kratix-backstage.io',
            'reconcile-now',
            TEAM,
          )
        )?.metadata.labels ?? {},
    );
    await requestView(
      'appconfig',
      'reconcile-now',
      v => v.pipelineRuns.some((r: any) => r.name === job),
      'the new run in the view',
    );
  });

  it("scenario: Reconcile now on a Promise, by a platform admin through the suite: Kratix runs the Promise's configure pipeline again and removes the label", async () => {
    const promise = await real.get('promises.platform.kratix.io', 'scheduled');
    expect(promise).toBeDefined();
    const [job] = await rerunsAfter(
      'the Promise scheduled',
      'kratix.io/promise-name=scheduled,kratix.io/work-type=promise,kratix.io/work-action=configure',
      () =>
        request(backend)
          .post(`${api()}/promises/scheduled/actions`)
          .set('Authorization', as(ADMIN))
          .send({ action: 'rerun' }),
      async () =>
        (
          await real.get('promises.platform.kratix.io', 'scheduled')
        )?.metadata.labels ?? {},
    );
    const runs = await eventually(
      'the new Promise run in the suite',
      async () => {
        const res = await request(backend)
          .get(`${api()}/promises/scheduled/pipelines`)
          .set('Authorization', as(ADMIN));
        return res.body.items?.some((r: any) => r.name === job)
          ? res.body.items
          : undefined;
      },
    );
    expect(runs.every((r: any) => r.type === 'promise')).toBe(true);
  });
  it('scenario: a dry run of a request answers supported: false on Kratix v0.125.0, whose API server serves no DryRun, after the spec is checked, creating nothing', async () => {
    const kratixResources = await real.kubectl([
      'api-resources',
      '--api-group=platform.kratix.io',
      '-o',
      'name',
    ]);
    expect(kratixResources.split('\n')).toContain(
      'promises.platform.kratix.io',
    );
    expect(kratixResources.split('\n')).not.toContain(
      'dryruns.platform.kratix.io',
    );
    const preview = (spec: object) =>
      request(backend)
        .post(`${api()}/promises/appconfig/dry-runs`)
        .set('Authorization', as(ALICE))
        .send({ namespace: TEAM, name: 'dry-run-preview', spec });
    const bad = await preview({ size: 'huge' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('spec.size');
    const answer = await preview({ size: 'small' });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      supported: false,
      reason: expect.stringContaining('dryruns.platform.kratix.io'),
    });
    expect(
      await real.get(
        'appconfigs.test.kratix-backstage.io',
        'dry-run-preview',
        TEAM,
      ),
    ).toBeUndefined();
  });
  it.skip('scenario: a Destination labelled kratix.io/dry-run: Kratix v0.125.0 has no dry runs and schedules to it like any other', () => {});
  it.skip("scenario: WorkPlacements in a Promise's pipeline namespace (workflows.config.pipelineNamespace) are joined to their request through its Work, in both modes: Kratix v0.125.0 has no pipelineNamespace and writes a request's Works in the request's namespace", () => {});
  it.skip('scenario: a Destination with initWorkloads.enabled false is Ready without canary files: Kratix v0.125.0 has no initWorkloads and writes canary files to every Destination', () => {});
  it.skip("scenario: a DryRun's ephemeral request is listed nowhere: Kratix v0.125.0 has no DryRun", () => {});
  it.skip('scenario: a required version is met by any version the required Promise has had (PromiseRevisions): Kratix v0.125.0 has no PromiseRevisions and compares the installed version only', () => {});
  it.skip("scenario: a request's ResourceBinding is found by Kratix's labels, its name hashed past 63 characters: Kratix v0.125.0 has no ResourceBindings", () => {});
});
