import {
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  Watch,
} from '@kubernetes/client-node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import {
  FAKE_SERVICE_ACCOUNT_TOKEN,
  FAKE_SERVICE_ACCOUNT_USER,
  FakeKubernetesApi,
} from '.';
import { eventually, kubeConfigFor } from '../kubeConfigFor';
import { seedFakePlatform } from '../seedFakePlatform';

// Real HTTP through msw on a loaded 2-core CI machine: generous.
jest.setTimeout(30_000);

const fake = new FakeKubernetesApi(undefined, { bookmarkIntervalMs: 50 });
const server = setupServer(...fake.handlers());
registerMswTestHooks(server);

const promise = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'Promise',
  metadata: { name, labels },
  spec: {},
});
const promises = {
  group: 'platform.kratix.io',
  version: 'v1alpha1',
  plural: 'promises',
};
const jenkins = (name: string, namespace = 'team-checkout') => ({
  apiVersion: 'marketplace.kratix.io/v1alpha1',
  kind: 'jenkins',
  metadata: { name, namespace },
  spec: { env: 'dev' },
});
const jenkinsType = {
  group: 'marketplace.kratix.io',
  version: 'v1alpha1',
  plural: 'jenkins',
};

/** A raw request to the fake, as any HTTP client would send it. */
async function call(
  path: string,
  init: RequestInit & { token?: string | null } = {},
): Promise<{ status: number; body: any }> {
  const { token = FAKE_SERVICE_ACCOUNT_TOKEN, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  if (rest.body && !headers.has('content-type'))
    headers.set('content-type', 'application/json');
  const res = await fetch(`${fake.baseUrl}${path}`, { ...rest, headers });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // plain text (logs)
  }
  return { status: res.status, body };
}

interface Seen {
  type: string;
  name?: string;
  kind?: string;
  apiVersion?: string;
  rv?: string;
  code?: number;
  object: any;
}

/** Opens a watch through @kubernetes/client-node and records its events until it ends. */
async function watch(
  path: string,
  params: Record<string, string | number | boolean | undefined>,
  kubeConfig = kubeConfigFor(fake),
) {
  const events: Seen[] = [];
  let ended = false;
  let endError: unknown;
  let resolveEnd!: () => void;
  const done = new Promise<void>(r => {
    resolveEnd = r;
  });
  const controller = await new Watch(kubeConfig).watch(
    path,
    params,
    (type, obj) =>
      events.push({
        type,
        name: obj?.metadata?.name,
        kind: obj?.kind,
        apiVersion: obj?.apiVersion,
        rv: obj?.metadata?.resourceVersion,
        code: obj?.code,
        object: obj,
      }),
    err => {
      ended = true;
      endError = err;
      resolveEnd();
    },
  );
  return {
    events,
    done,
    ended: () => ended,
    endError: () => endError,
    names: (type?: string) =>
      events
        .filter(e => e.type !== 'BOOKMARK' && (!type || e.type === type))
        .map(e => `${e.type} ${e.name}`),
    abort: () => controller.abort(),
  };
}

describe('FakeKubernetesApi', () => {
  beforeAll(() => seedFakePlatform(fake));
  afterEach(() => {
    fake.dropWatches();
    fake.clearFaults();
  });

  describe('through @kubernetes/client-node', () => {
    it('lists with label selectors and a resourceVersion, sorted by name', async () => {
      fake.put(promise('zz-gold', { tier: 'gold' }));
      fake.put(promise('aa-gold', { tier: 'gold' }));
      const api = kubeConfigFor(fake).makeApiClient(CustomObjectsApi);
      const list: any = await api.listClusterCustomObject({
        ...promises,
        labelSelector: 'tier=gold',
      });
      expect(list.kind).toBe('PromiseList');
      expect(list.items.map((p: any) => p.metadata.name)).toEqual([
        'aa-gold',
        'zz-gold',
      ]);
      expect(list.items[0].kind).toBe('Promise');
      expect(Number(list.metadata.resourceVersion)).toBeGreaterThan(1000);
    });

    it('answers a missing object with a Kubernetes Status 404', async () => {
      const api = kubeConfigFor(fake).makeApiClient(CustomObjectsApi);
      await expect(
        api.getClusterCustomObject({ ...promises, name: 'nope' }),
      ).rejects.toMatchObject({ code: 404 });
      const raw = await call('/apis/platform.kratix.io/v1alpha1/promises/nope');
      expect(raw.body).toEqual(
        expect.objectContaining({
          kind: 'Status',
          reason: 'NotFound',
          message: 'promises.platform.kratix.io "nope" not found',
        }),
      );
      expect(
        (await call('/api/v1/namespaces/default/pods/nope')).body.message,
      ).toBe('pods "nope" not found');
    });

    it('lists built-in kinds with items that carry no apiVersion and kind', async () => {
      const core = kubeConfigFor(fake).makeApiClient(CoreV1Api);
      const namespaces = await core.listNamespace();
      expect(namespaces.items.map(n => n.metadata?.name)).toEqual(
        expect.arrayContaining(['default', 'kube-system', 'team-checkout']),
      );
      const raw = await call('/api/v1/namespaces');
      expect(raw.body.kind).toBe('NamespaceList');
      expect(raw.body.items[0].kind).toBeUndefined();
      expect(raw.body.items[0].apiVersion).toBeUndefined();
    });

    it('injects faults and counts calls', async () => {
      const api = kubeConfigFor(fake).makeApiClient(CustomObjectsApi);
      fake.fail({ status: 403, times: 1, pathIncludes: '/promises' });
      await expect(api.listClusterCustomObject(promises)).rejects.toMatchObject(
        {
          code: 403,
        },
      );
      const before = fake.totalCalls();
      await api.listClusterCustomObject(promises);
      expect(fake.totalCalls()).toBe(before + 1);
    });
  });

  describe('authentication and authorization, per request', () => {
    it('answers 401 without a bearer token and for a token it does not know', async () => {
      for (const token of [null, 'nobody-knows-me']) {
        const res = await call('/apis/platform.kratix.io/v1alpha1/promises', {
          token,
        });
        expect(res).toEqual({
          status: 401,
          body: expect.objectContaining({
            kind: 'Status',
            reason: 'Unauthorized',
            code: 401,
          }),
        });
      }
      const basic = await fetch(`${fake.baseUrl}/api/v1/namespaces`, {
        headers: { authorization: 'Basic dXNlcjpwYXNz' },
      });
      expect(basic.status).toBe(401);
      // The client sees the 401 too, through the same kubeconfig a user token would use.
      const stranger = new KubeConfig();
      stranger.loadFromOptions({
        clusters: [{ name: 'c', server: fake.baseUrl }],
        users: [{ name: 'u', token: 'not-granted' }],
        contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
        currentContext: 'x',
      });
      await expect(
        stranger
          .makeApiClient(CustomObjectsApi)
          .listClusterCustomObject(promises),
      ).rejects.toMatchObject({ code: 401 });
      expect(fake.knowsToken('not-granted')).toBe(false);
    });

    it('gives the default service-account token every right', async () => {
      expect(fake.knowsToken(FAKE_SERVICE_ACCOUNT_TOKEN)).toBe(true);
      const res = await call('/api/v1/namespaces/team-checkout/pods');
      expect(res.status).toBe(200);
      expect(fake.audit.at(-1)).toEqual(
        expect.objectContaining({
          user: FAKE_SERVICE_ACCOUNT_USER,
          verb: 'list',
          resource: 'pods',
          namespace: 'team-checkout',
          code: 200,
        }),
      );
    });

    it('answers 403 in Kubernetes wording for a token without the right', async () => {
      fake.grant('alice-token', {
        user: 'alice',
        verbs: ['create', 'get'],
        resources: ['jenkins.marketplace.kratix.io'],
        namespaces: ['team-checkout'],
      });
      const created = await call(
        '/apis/marketplace.kratix.io/v1alpha1/namespaces/team-checkout/jenkins',
        {
          method: 'POST',
          token: 'alice-token',
          body: JSON.stringify(jenkins('alices')),
        },
      );
      expect(created.status).toBe(201);
      expect(fake.audit.at(-1)).toEqual(
        expect.objectContaining({ user: 'alice', verb: 'create', code: 201 }),
      );

      const listPromises = await call(
        '/apis/platform.kratix.io/v1alpha1/promises',
        { token: 'alice-token' },
      );
      expect(listPromises).toEqual({
        status: 403,
        body: expect.objectContaining({
          kind: 'Status',
          reason: 'Forbidden',
          code: 403,
          message:
            'promises.platform.kratix.io is forbidden: User "alice" cannot list resource "promises" in API group "platform.kratix.io" at the cluster scope',
        }),
      });
      const elsewhere = await call(
        '/apis/marketplace.kratix.io/v1alpha1/namespaces/team-orders/jenkins',
        {
          method: 'POST',
          token: 'alice-token',
          body: JSON.stringify(jenkins('x', 'team-orders')),
        },
      );
      expect(elsewhere.body.message).toBe(
        'jenkins.marketplace.kratix.io is forbidden: User "alice" cannot create resource "jenkins" in API group "marketplace.kratix.io" in the namespace "team-orders"',
      );
      const patch = await call(
        '/apis/marketplace.kratix.io/v1alpha1/namespaces/team-checkout/jenkins/alices',
        {
          method: 'PATCH',
          token: 'alice-token',
          headers: { 'content-type': 'application/merge-patch+json' },
          body: JSON.stringify({ spec: { env: 'prod' } }),
        },
      );
      expect(patch.body.message).toBe(
        'jenkins.marketplace.kratix.io "alices" is forbidden: User "alice" cannot patch resource "jenkins" in API group "marketplace.kratix.io" in the namespace "team-checkout"',
      );
      // A subresource needs its own right; the core group is "".
      fake.grant('bob-token', {
        user: 'bob',
        verbs: ['get', 'list'],
        resources: ['pods'],
      });
      const log = await call(
        '/api/v1/namespaces/team-checkout/pods/anything/log',
        { token: 'bob-token' },
      );
      expect(log.body.message).toBe(
        'pods "anything" is forbidden: User "bob" cannot get resource "pods/log" in API group "" in the namespace "team-checkout"',
      );
      // Whatever the fake knows, it says nothing of the token itself.
      expect(JSON.stringify(fake.audit)).not.toContain('alice-token');
    });

    it('checks every request on its own, so one client can carry two identities', async () => {
      fake.grant(
        'carol-token',
        request => request.verb === 'create' && request.resource === 'jenkins',
      );
      const carol = kubeConfigFor(fake, 'carol-token').makeApiClient(
        CustomObjectsApi,
      );
      await carol.createNamespacedCustomObject({
        ...jenkinsType,
        namespace: 'team-checkout',
        body: jenkins('carols'),
      });
      await expect(
        carol.getNamespacedCustomObject({
          ...jenkinsType,
          namespace: 'team-checkout',
          name: 'carols',
        }),
      ).rejects.toMatchObject({ code: 403 });
      const sa = kubeConfigFor(fake).makeApiClient(CustomObjectsApi);
      await expect(
        sa.getNamespacedCustomObject({
          ...jenkinsType,
          namespace: 'team-checkout',
          name: 'carols',
        }),
      ).resolves.toMatchObject({ metadata: { name: 'carols' } });
      fake.revoke('carol-token');
      await expect(
        carol.createNamespacedCustomObject({
          ...jenkinsType,
          namespace: 'team-checkout',
          body: jenkins('carols-2'),
        }),
      ).rejects.toMatchObject({ code: 401 });
    });

    it('makes a token kubeConfigFor does not know a full-rights service account', async () => {
      const api = kubeConfigFor(fake, 'another-sa').makeApiClient(
        CustomObjectsApi,
      );
      await expect(api.listClusterCustomObject(promises)).resolves.toEqual(
        expect.objectContaining({ kind: 'PromiseList' }),
      );
    });
  });

  describe('create', () => {
    const path = (ns = 'team-checkout') =>
      `/apis/marketplace.kratix.io/v1alpha1/namespaces/${ns}/jenkins`;
    const post = (body: unknown, ns?: string, query = '') =>
      call(`${path(ns)}${query}`, {
        method: 'POST',
        body: JSON.stringify(body),
      });

    it('sets uid, resourceVersion, generation and a real creationTimestamp', async () => {
      const before = Date.now();
      const res = await post({
        ...jenkins('stamped'),
        metadata: {
          name: 'stamped',
          uid: 'mine',
          creationTimestamp: '1970-01-01T00:00:00Z',
        },
        status: { message: 'ignored' },
      });
      expect(res.status).toBe(201);
      const meta = res.body.metadata;
      expect(meta.uid).toMatch(/^[0-9a-f-]{36}$/);
      expect(meta.namespace).toBe('team-checkout');
      expect(meta.generation).toBe(1);
      expect(meta.creationTimestamp).toMatch(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
      );
      expect(Date.parse(meta.creationTimestamp)).toBeGreaterThanOrEqual(
        Math.floor(before / 1000) * 1000,
      );
      expect(res.body.status).toBeUndefined();
      const generated = await post({
        ...jenkins(''),
        metadata: { generateName: 'gen-' },
      });
      expect(generated.body.metadata.name).toMatch(/^gen-[a-z0-9]{5}$/);
    });

    it('answers 400 when apiVersion or kind do not match the URL', async () => {
      const wrongVersion = await post({
        ...jenkins('v'),
        apiVersion: 'marketplace.kratix.io/v1',
      });
      expect(wrongVersion.status).toBe(400);
      expect(wrongVersion.body).toEqual(
        expect.objectContaining({
          reason: 'BadRequest',
          message:
            'the API version in the data (marketplace.kratix.io/v1) does not match the expected API version (marketplace.kratix.io/v1alpha1)',
        }),
      );
      const wrongKind = await post({ ...jenkins('k'), kind: 'Jenkins' });
      expect(wrongKind.status).toBe(400);
      expect(wrongKind.body.message).toContain('must be of type jenkins');
      const noKind = await post({ ...jenkins('n'), kind: undefined });
      expect(noKind.status).toBe(400);
      expect(noKind.body.message).toContain("Object 'Kind' is missing");
      const otherNamespace = await post(jenkins('o', 'team-orders'));
      expect(otherNamespace.status).toBe(400);
    });

    it('answers 404 for a namespace that does not exist', async () => {
      const res = await post(jenkins('lost', 'team-nowhere'), 'team-nowhere');
      expect(res).toEqual({
        status: 404,
        body: expect.objectContaining({
          reason: 'NotFound',
          message: 'namespaces "team-nowhere" not found',
        }),
      });
      fake.ensureNamespace('team-nowhere');
      expect(
        (await post(jenkins('found', 'team-nowhere'), 'team-nowhere')).status,
      ).toBe(201);
    });

    it('answers 422 for invalid labels, names and annotations, in Kubernetes wording', async () => {
      const res = await post({
        ...jenkins('labelled'),
        metadata: {
          name: 'labelled',
          labels: { 'backstage.io/owner': 'group:default/team a' },
        },
      });
      expect(res.status).toBe(422);
      expect(res.body).toEqual(
        expect.objectContaining({
          reason: 'Invalid',
          message:
            "jenkins.marketplace.kratix.io \"labelled\" is invalid: metadata.labels: Invalid value: \"group:default/team a\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
          details: expect.objectContaining({
            name: 'labelled',
            group: 'marketplace.kratix.io',
            kind: 'jenkins',
            causes: [
              expect.objectContaining({
                reason: 'FieldValueInvalid',
                field: 'metadata.labels',
              }),
            ],
          }),
        }),
      );
      const badKey = await post({
        ...jenkins('k'),
        metadata: { name: 'k', labels: { 'bad key': 'x' } },
      });
      expect(badKey.body.message).toContain(
        'metadata.labels: Invalid value: "bad key": name part must consist of alphanumeric characters',
      );
      const tooLong = await post({
        ...jenkins('l'),
        metadata: { name: 'l', labels: { a: 'x'.repeat(64) } },
      });
      expect(tooLong.body.message).toContain(
        'must be no more than 63 characters',
      );
      const badName = await post(jenkins('Not_A_Name'));
      expect(badName.status).toBe(422);
      expect(badName.body.message).toContain(
        'metadata.name: Invalid value: "Not_A_Name": a lowercase RFC 1123 subdomain',
      );
      const noName = await post({ ...jenkins(''), metadata: {} });
      expect(noName.body.message).toContain(
        'metadata.name: Required value: name or generateName is required',
      );
      // Patches are checked the same way.
      const patched = await call(`${path()}/ci`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/merge-patch+json' },
        body: JSON.stringify({ metadata: { labels: { 'a/b/c': 'x' } } }),
      });
      expect(patched.status).toBe(422);
    });

    it('answers 409 for an object that exists, and writes nothing on a dry run', async () => {
      expect((await post(jenkins('ci'))).body.reason).toBe('AlreadyExists');
      const dry = await post(jenkins('dry'), undefined, '?dryRun=All');
      expect(dry.status).toBe(201);
      expect((await call(`${path()}/dry`)).status).toBe(404);
    });
  });

  describe('updates', () => {
    const ci =
      '/apis/marketplace.kratix.io/v1alpha1/namespaces/team-checkout/jenkins/ci';
    const merge = (body: unknown, p = ci) =>
      call(p, {
        method: 'PATCH',
        headers: { 'content-type': 'application/merge-patch+json' },
        body: JSON.stringify(body),
      });

    it('bumps generation on spec changes only, and stores no-op writes not at all', async () => {
      const before = (await call(ci)).body;
      const labelled = (await merge({ metadata: { labels: { x: 'y' } } })).body;
      expect(labelled.metadata.generation).toBe(before.metadata.generation);
      expect(Number(labelled.metadata.resourceVersion)).toBeGreaterThan(
        Number(before.metadata.resourceVersion),
      );
      const respec = (await merge({ spec: { agents: 7 } })).body;
      expect(respec.metadata.generation).toBe(before.metadata.generation + 1);
      const same = (await merge({ spec: { agents: 7 } })).body;
      expect(same.metadata.resourceVersion).toBe(
        respec.metadata.resourceVersion,
      );
      expect(same.metadata.creationTimestamp).toBe(
        before.metadata.creationTimestamp,
      );
    });

    it('refuses a stale resourceVersion with 409 and an unknown patch type with 415', async () => {
      const stale = await merge({
        metadata: { resourceVersion: '1' },
        spec: { agents: 1 },
      });
      expect(stale.status).toBe(409);
      expect(stale.body.message).toContain('the object has been modified');
      const strategic = await call(ci, {
        method: 'PATCH',
        headers: {
          'content-type': 'application/strategic-merge-patch+json',
        },
        body: JSON.stringify({ spec: {} }),
      });
      expect(strategic.status).toBe(415);
      const current = (await call(ci)).body;
      const { resourceVersion: _rv, ...metadata } = current.metadata;
      const unconditional = await call(ci, {
        method: 'PUT',
        body: JSON.stringify({ ...current, metadata }),
      });
      expect(unconditional.status).toBe(422);
      expect(unconditional.body.message).toContain(
        'metadata.resourceVersion: Invalid value: 0: must be specified for an update',
      );
    });

    it('changes status only through /status, where the kind has that subresource', async () => {
      const ignored = (await merge({ status: { message: 'from main' } })).body;
      expect(ignored.status?.message).not.toBe('from main');
      const viaStatus = await merge(
        { status: { message: 'from status' }, spec: { env: 'ignored' } },
        `${ci}/status`,
      );
      expect(viaStatus.status).toBe(200);
      expect(viaStatus.body.status.message).toBe('from status');
      expect(viaStatus.body.spec.env).not.toBe('ignored');
      // ConfigMaps have no status subresource; Kratix's HealthRecords neither.
      fake.put({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'kratix', namespace: 'kratix-platform-system' },
        data: { a: 'b' },
      });
      expect(
        (
          await call(
            '/api/v1/namespaces/kratix-platform-system/configmaps/kratix/status',
          )
        ).status,
      ).toBe(404);
      expect(
        (
          await call(
            '/apis/platform.kratix.io/v1alpha1/namespaces/team-checkout/healthrecords/x/status',
          )
        ).status,
      ).toBe(404);
      // Jobs of another kind than pods have no log.
      expect(
        (await call('/apis/batch/v1/namespaces/team-checkout/jobs/x/log'))
          .status,
      ).toBe(404);
    });

    it('deletes in two steps when the object has finalizers', async () => {
      fake.put({
        ...jenkins('finalized'),
        metadata: {
          name: 'finalized',
          namespace: 'team-checkout',
          finalizers: ['kratix.io/resource-request-cleanup'],
        },
      });
      const p =
        '/apis/marketplace.kratix.io/v1alpha1/namespaces/team-checkout/jenkins/finalized';
      const marked = await call(p, { method: 'DELETE' });
      expect(marked.status).toBe(200);
      expect(marked.body.metadata.deletionTimestamp).toBeDefined();
      const more = await merge(
        {
          metadata: {
            finalizers: ['a.io/x', 'kratix.io/resource-request-cleanup'],
          },
        },
        p,
      );
      expect(more.status).toBe(422);
      expect((await merge({ metadata: { finalizers: null } }, p)).status).toBe(
        200,
      );
      expect((await call(p)).status).toBe(404);
    });
  });

  describe('namespaces', () => {
    it('terminates a namespace: its objects go, new ones are refused, it goes once empty', async () => {
      const created = await call('/api/v1/namespaces', {
        method: 'POST',
        body: JSON.stringify({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: 'team-doomed' },
        }),
      });
      expect(created.body.status.phase).toBe('Active');
      fake.put(jenkins('plain', 'team-doomed'));
      fake.put({
        ...jenkins('held', 'team-doomed'),
        metadata: {
          name: 'held',
          namespace: 'team-doomed',
          finalizers: ['kratix.io/resource-request-cleanup'],
        },
      });
      const deleted = await call('/api/v1/namespaces/team-doomed', {
        method: 'DELETE',
      });
      expect(deleted.body.status.phase).toBe('Terminating');
      const left = fake
        .list('marketplace.kratix.io/v1alpha1', 'jenkins')
        .filter(o => o.metadata.namespace === 'team-doomed');
      expect(left.map(o => o.metadata.name)).toEqual(['held']);
      expect(left[0].metadata.deletionTimestamp).toBeDefined();
      const refused = await call(
        '/apis/marketplace.kratix.io/v1alpha1/namespaces/team-doomed/jenkins',
        {
          method: 'POST',
          body: JSON.stringify(jenkins('late', 'team-doomed')),
        },
      );
      expect(refused.status).toBe(403);
      expect(refused.body.message).toContain(
        'unable to create new content in namespace team-doomed because it is being terminated',
      );
      await call(
        '/apis/marketplace.kratix.io/v1alpha1/namespaces/team-doomed/jenkins/held',
        {
          method: 'PATCH',
          headers: { 'content-type': 'application/json-patch+json' },
          body: JSON.stringify([
            { op: 'remove', path: '/metadata/finalizers' },
          ]),
        },
      );
      expect((await call('/api/v1/namespaces/team-doomed')).status).toBe(404);
    });
  });

  describe('pod logs', () => {
    beforeAll(() => {
      fake.put({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'runner', namespace: 'team-checkout' },
        spec: {
          initContainers: [{ name: 'reader' }],
          containers: [{ name: 'main' }],
        },
      });
      fake.setLog('team-checkout', 'runner', 'main', 'one\ntwo\nthree\n');
    });
    const logOf = (query: string, pod = 'runner') =>
      call(`/api/v1/namespaces/team-checkout/pods/${pod}/log${query}`);

    it('serves a container log, its tail, and the errors a kubelet gives', async () => {
      const core = kubeConfigFor(fake).makeApiClient(CoreV1Api);
      expect(
        await core.readNamespacedPodLog({
          namespace: 'team-checkout',
          name: 'runner',
          container: 'main',
          tailLines: 2,
        }),
      ).toBe('two\nthree\n');
      expect((await logOf('')).body).toBe('one\ntwo\nthree\n');
      expect((await logOf('?container=reader')).body.message).toBe(
        'container "reader" in pod "runner" is waiting to start: ContainerCreating',
      );
      expect((await logOf('?container=nope')).body.message).toBe(
        'container nope is not valid for pod runner',
      );
      expect((await logOf('', 'ghost')).status).toBe(404);
    });
  });

  describe('watches', () => {
    const path = '/apis/platform.kratix.io/v1alpha1/promises';

    it('streams changes after a resourceVersion and 410 after compaction', async () => {
      const start = fake.resourceVersion;
      const w = await watch(path, { resourceVersion: start });
      fake.put(promise('vault'));
      fake.remove('platform.kratix.io/v1alpha1', 'Promise', 'vault');
      await eventually(() => w.names().length === 2);
      expect(w.names()).toEqual(['ADDED vault', 'DELETED vault']);
      fake.dropWatches();
      await w.done;

      fake.compact();
      const expired = await watch(path, { resourceVersion: start });
      await expired.done;
      expect(expired.events.map(e => `${e.type} ${e.code}`)).toEqual([
        'ERROR 410',
      ]);
    });

    it('sends ADDED for every existing object first without a resourceVersion', async () => {
      const existing = fake
        .list('platform.kratix.io/v1alpha1', 'Promise')
        .map(p => `ADDED ${p.metadata.name}`);
      for (const params of [{}, { resourceVersion: '0' }]) {
        const w = await watch(path, params);
        await eventually(() => w.names().length === existing.length);
        expect(w.names()).toEqual(existing);
        fake.put(promise('later'));
        await eventually(() => w.names().includes('ADDED later'));
        fake.remove('platform.kratix.io/v1alpha1', 'Promise', 'later');
        w.abort();
      }
    });

    it('turns changes across the label selector into ADDED and DELETED', async () => {
      fake.put(promise('moving', { tier: 'bronze' }));
      const w = await watch(path, {
        resourceVersion: fake.resourceVersion,
        labelSelector: 'tier=gold',
      });
      const moving = (labels: Record<string, string>) =>
        fake.put({ ...promise('moving', labels) });
      moving({ tier: 'gold' });
      moving({ tier: 'gold', extra: 'x' });
      moving({ tier: 'silver' });
      moving({ tier: 'bronze', extra: 'y' });
      await eventually(() => w.names().length === 3);
      expect(w.names()).toEqual([
        'ADDED moving',
        'MODIFIED moving',
        'DELETED moving',
      ]);
      // DELETED carries the last matching content, at the new resourceVersion.
      const deleted = w.events.find(e => e.type === 'DELETED')!;
      expect(deleted.object.metadata.labels).toEqual({
        tier: 'gold',
        extra: 'x',
      });
      expect(Number(deleted.rv)).toBeGreaterThan(
        Number(w.events.find(e => e.type === 'MODIFIED')!.rv),
      );
    });

    it('sends periodic bookmarks of the resource’s own kind when asked to', async () => {
      const w = await watch(path, {
        resourceVersion: fake.resourceVersion,
        allowWatchBookmarks: true,
      });
      await eventually(() => w.events.some(e => e.type === 'BOOKMARK'));
      const bookmark = w.events.find(e => e.type === 'BOOKMARK')!;
      expect(bookmark.object).toEqual({
        kind: 'Promise',
        apiVersion: 'platform.kratix.io/v1alpha1',
        metadata: { resourceVersion: fake.resourceVersion },
      });
      await eventually(
        () => w.events.filter(e => e.type === 'BOOKMARK').length >= 2,
      );
      const quiet = await watch(path, {
        resourceVersion: fake.resourceVersion,
      });
      await new Promise(r => setTimeout(r, 200));
      expect(quiet.events).toEqual([]);
    });

    it('closes a watch after timeoutSeconds', async () => {
      const started = Date.now();
      const w = await watch(path, {
        resourceVersion: fake.resourceVersion,
        timeoutSeconds: 1,
      });
      await w.done;
      expect(w.endError()).toBeFalsy();
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    });

    it('watches one namespace, and answers 401 and 403 to watches too', async () => {
      const w = await watch(
        '/apis/marketplace.kratix.io/v1alpha1/namespaces/team-search/redis',
        {},
      );
      await eventually(() => w.names().length === 2);
      expect(w.names()).toEqual(['ADDED cache', 'ADDED old-cache']);
      fake.grant('lister-only', { verbs: ['list'] });
      const denied = await watch(path, {}, kubeConfigFor(fake, 'lister-only'));
      await denied.done;
      expect(denied.endError()).toMatchObject({ statusCode: 403 });
    });

    it('lists and watches core/v1 Events in every namespace and in one', async () => {
      const event = (name: string, namespace: string) => ({
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace },
        involvedObject: { kind: 'Promise', name: 'jenkins' },
        reason: 'PipelineStarted',
        type: 'Normal',
      });
      fake.put(event('jenkins.1', 'default'));
      const all = await call('/api/v1/events');
      expect(all.status).toBe(200);
      expect(all.body.items.map((e: any) => e.metadata.name)).toEqual([
        'jenkins.1',
      ]);
      const w = await watch('/api/v1/events', {
        resourceVersion: all.body.metadata.resourceVersion,
      });
      fake.put(event('jenkins.2', 'team-search'));
      await eventually(() => w.names().length === 1);
      expect(w.names()).toEqual(['ADDED jenkins.2']);
      expect(
        (await call('/api/v1/namespaces/team-search/events')).body.items.map(
          (e: any) => e.reason,
        ),
      ).toEqual(['PipelineStarted']);
      w.abort();
    });
  });

  describe('discovery and CRDs', () => {
    it('serves /api, /apis and resource lists of the resources it serves', async () => {
      expect((await call('/api')).body).toEqual(
        expect.objectContaining({ kind: 'APIVersions', versions: ['v1'] }),
      );
      const core = (await call('/api/v1')).body;
      expect(core.resources.map((r: any) => r.name)).toEqual(
        expect.arrayContaining([
          'pods',
          'pods/log',
          'pods/status',
          'namespaces',
          'events',
        ]),
      );
      expect(core.resources.map((r: any) => r.name)).not.toContain(
        'configmaps/status',
      );
      const groups = (await call('/apis')).body;
      expect(groups.kind).toBe('APIGroupList');
      expect(groups.groups.map((g: any) => g.name)).toEqual(
        expect.arrayContaining([
          'platform.kratix.io',
          'marketplace.kratix.io',
          'batch',
          'apiextensions.k8s.io',
        ]),
      );
      const postgres = groups.groups.find(
        (g: any) => g.name === 'marketplace.kratix.io',
      );
      expect(postgres.preferredVersion.version).toBe('v1alpha2');
      const kratix = (await call('/apis/platform.kratix.io/v1alpha1')).body;
      expect(kratix.resources).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            name: 'promises',
            kind: 'Promise',
            namespaced: false,
          }),
          expect.objectContaining({ name: 'promises/status' }),
          expect.objectContaining({ name: 'works', namespaced: true }),
        ]),
      );
      expect(kratix.resources.map((r: any) => r.name)).not.toContain(
        'healthrecords/status',
      );
      expect((await call('/apis/nope.example.com/v1')).status).toBe(404);
      expect((await call('/apis', { token: null })).status).toBe(401);
      expect((await call('/version', { token: null })).status).toBe(200);
    });

    it('starts serving a created CRD, and stops when it is deleted', async () => {
      const crd = {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'vaults.marketplace.kratix.io' },
        spec: {
          group: 'marketplace.kratix.io',
          names: { kind: 'Vault', plural: 'vaults', singular: 'vault' },
          scope: 'Namespaced',
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: { openAPIV3Schema: { type: 'object' } },
              subresources: { status: {} },
            },
          ],
        },
      };
      const vaults =
        '/apis/marketplace.kratix.io/v1/namespaces/team-checkout/vaults';
      expect((await call(vaults)).status).toBe(404);
      const badName = await call(
        '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
        {
          method: 'POST',
          body: JSON.stringify({
            ...crd,
            metadata: { name: 'vaults.example.com' },
          }),
        },
      );
      expect(badName.status).toBe(422);
      expect(badName.body.message).toContain(
        'must be spec.names.plural+"."+spec.group',
      );
      const created = await call(
        '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
        { method: 'POST', body: JSON.stringify(crd) },
      );
      expect(created.status).toBe(201);
      expect(created.body.status.conditions).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ type: 'Established', status: 'True' }),
        ]),
      );
      expect((await call(vaults)).body.kind).toBe('VaultList');
      expect(
        (await call('/apis/marketplace.kratix.io/v1')).body.resources.map(
          (r: any) => r.name,
        ),
      ).toEqual(['vaults', 'vaults/status']);
      const vault = await call(vaults, {
        method: 'POST',
        body: JSON.stringify({
          apiVersion: 'marketplace.kratix.io/v1',
          kind: 'Vault',
          metadata: { name: 'secrets' },
          spec: {},
        }),
      });
      expect(vault.status).toBe(201);

      const w = await watch(vaults, {});
      await eventually(() => w.names().length === 1);
      const deleted = await call(
        '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/vaults.marketplace.kratix.io',
        { method: 'DELETE' },
      );
      expect(deleted.status).toBe(200);
      await w.done;
      expect(w.names()).toEqual(['ADDED secrets', 'DELETED secrets']);
      expect((await call(vaults)).status).toBe(404);
      expect((await call('/apis/marketplace.kratix.io/v1')).status).toBe(404);
    });
  });
});
