/*
 * The fake API server (FakeKubernetesApi, which the unit tests use) against the real one:
 * the requests the suite makes, sent to both, answers compared. Each difference is fixed in
 * the fake or in the suite; a test here fails when they drift apart again.
 */
import https from 'node:https';
import fs from 'node:fs';
import { FakeKubernetesApi } from '@kratix-backstage/plugin-kratix-node/testUtils';
import { setupServer } from 'msw/node';
import {
  describeWithPlatform,
  eventually,
  RealPlatform,
  realPlatformInfo,
} from './__testUtils__/realPlatform';

jest.setTimeout(120_000);

const GROUP = 'fake-check.kratix-backstage.io';
const NAMESPACE = 'fake-check';
const BASE = `/apis/${GROUP}/v1/namespaces/${NAMESPACE}/widgets`;

/** A CRD with a status subresource and a required field, the same on both servers. */
const widgetCrd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `widgets.${GROUP}` },
  spec: {
    group: GROUP,
    names: {
      kind: 'Widget',
      plural: 'widgets',
      singular: 'widget',
      listKind: 'WidgetList',
    },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                required: ['size'],
                properties: {
                  size: { type: 'string' },
                  note: { type: 'string' },
                },
              },
              status: {
                type: 'object',
                'x-kubernetes-preserve-unknown-fields': true,
              },
            },
          },
        },
      },
    ],
  },
};

interface Answer {
  status: number;
  body: any;
}

type Target = {
  name: 'fake' | 'real';
  call(
    method: string,
    path: string,
    token: string,
    body?: unknown,
    contentType?: string,
  ): Promise<Answer>;
  /** The first `count` events of a watch (or its error answer). */
  watch(
    path: string,
    token: string,
    count: number,
    during?: () => Promise<void>,
  ): Promise<any[]>;
};

describeWithPlatform('the fake API server against the real one', () => {
  const real = new RealPlatform(realPlatformInfo());
  const fake = new FakeKubernetesApi('https://fake-check.kratix.test', {
    bookmarkIntervalMs: 500,
  });
  const msw = setupServer(...fake.handlers());
  const tokens = {
    fake: { admin: 'fake-admin', reader: 'fake-reader' },
    real: { admin: '', reader: real.info.userTokens.reader },
  };

  function realRequest(
    method: string,
    path: string,
    token: string,
    body?: unknown,
    contentType = 'application/json',
  ) {
    const url = new URL(path, real.info.server);
    return https.request(url, {
      method,
      ca: fs.readFileSync(real.info.caFile),
      headers: {
        ...(token && { Authorization: `Bearer ${token}` }),
        ...(body !== undefined && { 'Content-Type': contentType }),
        Accept: 'application/json',
      },
    });
  }

  const targets: Target[] = [
    {
      name: 'fake',
      async call(method, path, token, body, contentType = 'application/json') {
        const res = await fetch(`${fake.baseUrl}${path}`, {
          method,
          headers: {
            ...(token && { Authorization: `Bearer ${token}` }),
            ...(body !== undefined && { 'Content-Type': contentType }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        return {
          status: res.status,
          body: text ? JSON.parse(text) : undefined,
        };
      },
      async watch(path, token, count, during) {
        const controller = new AbortController();
        const res = await fetch(`${fake.baseUrl}${path}`, {
          headers: { Authorization: `Bearer ${token}` },
          signal: controller.signal,
        });
        const events: any[] = [];
        if (res.status !== 200)
          return [{ status: res.status, body: await res.json() }];
        const reader = res.body!.getReader();
        let buffer = '';
        const done = (async () => {
          const decoder = new TextDecoder();
          while (events.length < count) {
            const { value, done: ended } = await reader.read();
            if (ended) break;
            buffer += decoder.decode(value);
            for (
              let newline = buffer.indexOf('\n');
              newline >= 0 && events.length < count;
              newline = buffer.indexOf('\n')
            ) {
              const line = buffer.slice(0, newline).trim();
              buffer = buffer.slice(newline + 1);
              if (line) events.push(JSON.parse(line));
            }
          }
        })();
        await new Promise(r => setTimeout(r, 300));
        await during?.();
        await Promise.race([done, new Promise(r => setTimeout(r, 20_000))]);
        controller.abort();
        return events;
      },
    },
    {
      name: 'real',
      call(method, path, token, body, contentType) {
        return new Promise((resolve, reject) => {
          const req = realRequest(method, path, token, body, contentType);
          req.on('response', res => {
            let text = '';
            res.on('data', chunk => (text += chunk));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                body: text ? JSON.parse(text) : undefined,
              }),
            );
          });
          req.on('error', reject);
          req.end(body === undefined ? undefined : JSON.stringify(body));
        });
      },
      watch(path, token, count, during) {
        return new Promise((resolve, reject) => {
          const events: any[] = [];
          const req = realRequest('GET', path, token);
          let finished = false;
          const finish = () => {
            if (finished) return;
            finished = true;
            req.destroy();
            resolve(events);
          };
          setTimeout(finish, 20_000);
          req.on('response', res => {
            let buffer = '';
            if (res.statusCode !== 200) {
              res.on('data', chunk => (buffer += chunk));
              res.on('end', () => {
                events.push({
                  status: res.statusCode,
                  body: JSON.parse(buffer),
                });
                finish();
              });
              return;
            }
            res.on('data', chunk => {
              buffer += chunk;
              for (
                let newline = buffer.indexOf('\n');
                newline >= 0;
                newline = buffer.indexOf('\n')
              ) {
                const line = buffer.slice(0, newline).trim();
                buffer = buffer.slice(newline + 1);
                if (line) events.push(JSON.parse(line));
                if (events.length >= count) finish();
              }
            });
            setTimeout(() => void during?.(), 300);
          });
          req.on('error', error => (finished ? undefined : reject(error)));
          req.end();
        });
      },
    },
  ];

  const widget = (
    name: string,
    labels: Record<string, string> = {},
    spec: object = { size: 's' },
  ) => ({
    apiVersion: `${GROUP}/v1`,
    kind: 'Widget',
    metadata: { name, namespace: NAMESPACE, labels },
    spec,
  });

  /** Runs the same steps against both servers and answers what each saw. */
  async function both<T>(
    steps: (
      target: Target,
      token: { admin: string; reader: string },
    ) => Promise<T>,
  ) {
    const fakeAnswer = await steps(targets[0], tokens.fake);
    const realAnswer = await steps(targets[1], tokens.real);
    return { fake: fakeAnswer, real: realAnswer };
  }

  beforeAll(async () => {
    msw.listen({ onUnhandledFrame: 'bypass' });
    fake.serviceAccount(tokens.fake.admin, 'admin');
    fake.grant(tokens.fake.reader, { user: 'reader', verbs: ['none'] });
    fake.put(widgetCrd);
    fake.ensureNamespace(NAMESPACE);
    await real.apply([
      widgetCrd,
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } },
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'fake-check', namespace: NAMESPACE },
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'fake-check-admin' },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: 'cluster-admin',
        },
        subjects: [
          { kind: 'ServiceAccount', name: 'fake-check', namespace: NAMESPACE },
        ],
      },
    ]);
    await real.kubectl([
      'wait',
      '--for=condition=Established',
      `crd/widgets.${GROUP}`,
      '--timeout=60s',
    ]);
    tokens.real.admin = await real.serviceAccountToken(NAMESPACE, 'fake-check');
    await eventually('the Widget API served', async () => {
      const res = await targets[1].call('GET', BASE, tokens.real.admin);
      return res.status === 200;
    });
  });

  afterAll(() => msw.close());

  it('fake equal: a create, a create of an existing name, a get of a missing one', async () => {
    const seen = await both(async (t, token) => {
      const created = await t.call('POST', BASE, token.admin, widget('first'));
      const again = await t.call('POST', BASE, token.admin, widget('first'));
      const missing = await t.call('GET', `${BASE}/nowhere`, token.admin);
      return {
        created: [
          created.status,
          created.body.metadata.generation,
          typeof created.body.metadata.resourceVersion,
        ],
        again: [
          again.status,
          again.body.reason,
          again.body.code,
          again.body.message,
        ],
        missing: [missing.status, missing.body.reason, missing.body.message],
      };
    });
    expect(seen.fake).toEqual(seen.real);
  });

  it('fake equal: a create that fails the schema is 422 naming the field', async () => {
    const seen = await both(async (t, token) => {
      const res = await t.call(
        'POST',
        BASE,
        token.admin,
        widget('no-size', {}, {}),
      );
      return [
        res.status,
        res.body.reason,
        res.body.details?.causes?.map((c: any) => c.field),
      ];
    });
    expect(seen.fake).toEqual(seen.real);
  });

  it("fake equal: no token is 401, a token without the right is 403 with RBAC's message", async () => {
    const seen = await both(async (t, token) => {
      const anonymous = await t.call('GET', BASE, 'not-a-token');
      const forbidden = await t.call('GET', BASE, token.reader);
      return {
        anonymous: [anonymous.status, anonymous.body.reason],
        forbidden: [
          forbidden.status,
          forbidden.body.reason,
          forbidden.body.message,
        ],
      };
    });
    expect(seen.fake).toEqual(seen.real);
  });

  it('fake equal: lists paged with limit and continue, and a continue token that is not one', async () => {
    const seen = await both(async (t, token) => {
      for (const name of ['page-a', 'page-b', 'page-c', 'page-d']) {
        await t.call('POST', BASE, token.admin, widget(name, { paged: 'yes' }));
      }
      const pages: Array<{
        names: string[];
        more: boolean;
        remaining?: number;
      }> = [];
      let next = '';
      do {
        const res = await t.call(
          'GET',
          `${BASE}?labelSelector=paged%3Dyes&limit=3${
            next ? `&continue=${encodeURIComponent(next)}` : ''
          }`,
          token.admin,
        );
        pages.push({
          names: res.body.items.map((i: any) => i.metadata.name),
          more: Boolean(res.body.metadata.continue),
          remaining: res.body.metadata.remainingItemCount,
        });
        next = res.body.metadata.continue;
      } while (next);
      const bad = await t.call(
        'GET',
        `${BASE}?limit=3&continue=not-a-token`,
        token.admin,
      );
      return { pages, bad: [bad.status, bad.body.reason] };
    });
    expect(seen.fake).toEqual(seen.real);
  });

  it('fake equal: a status update ignores the spec, an update of the object ignores the status', async () => {
    const seen = await both(async (t, token) => {
      await t.call('POST', BASE, token.admin, widget('statusy'));
      const statusPatch = await t.call(
        'PATCH',
        `${BASE}/statusy/status`,
        token.admin,
        { spec: { size: 'xl' }, status: { phase: 'Done' } },
        'application/merge-patch+json',
      );
      const mainPatch = await t.call(
        'PATCH',
        `${BASE}/statusy`,
        token.admin,
        { spec: { note: 'n' }, status: { phase: 'Changed' } },
        'application/merge-patch+json',
      );
      const labelPatch = await t.call(
        'PATCH',
        `${BASE}/statusy`,
        token.admin,
        { metadata: { labels: { touched: 'yes' } } },
        'application/merge-patch+json',
      );
      const pick = (a: Answer) => [
        a.status,
        a.body.spec,
        a.body.status,
        a.body.metadata.generation,
      ];
      return {
        status: pick(statusPatch),
        main: pick(mainPatch),
        labels: pick(labelPatch),
      };
    });
    expect(seen.fake).toEqual(seen.real);
  });

  it('fake equal: a watch from a compacted resourceVersion ends in 410 Gone', async () => {
    const seen = await both(async (t, token) => {
      if (t.name === 'fake') fake.compact();
      const events = await t.watch(
        `${BASE}?watch=true&resourceVersion=1`,
        token.admin,
        1,
      );
      const first = events[0];
      return first?.type
        ? [first.type, first.object?.code, first.object?.reason]
        : [first?.status, first?.body?.code, first?.body?.reason];
    });
    expect(seen.fake).toEqual(seen.real);
  });

  it('fake equal: a watch with a label selector sees an object stop and start matching', async () => {
    const seen = await both(async (t, token) => {
      const created = await t.call(
        'POST',
        BASE,
        token.admin,
        widget('mover', { colour: 'red' }),
      );
      const rv = created.body.metadata.resourceVersion;
      const events = await t.watch(
        `${BASE}?watch=true&labelSelector=colour%3Dred&resourceVersion=${rv}`,
        token.admin,
        2,
        async () => {
          await t.call(
            'PATCH',
            `${BASE}/mover`,
            token.admin,
            { metadata: { labels: { colour: 'blue' } } },
            'application/merge-patch+json',
          );
          await t.call(
            'PATCH',
            `${BASE}/mover`,
            token.admin,
            { metadata: { labels: { colour: 'red' } } },
            'application/merge-patch+json',
          );
        },
      );
      return events.map(e => [
        e.type,
        e.object?.metadata?.name,
        e.object?.metadata?.labels?.colour,
      ]);
    });
    expect(seen.fake).toEqual(seen.real);
  });
});
