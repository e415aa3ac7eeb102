import { Watch } from '@kubernetes/client-node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import { FAKE_SERVICE_ACCOUNT_TOKEN, FakeKubernetesApi } from '.';
import { kubeConfigFor } from '../kubeConfigFor';
import { seedFakePlatform } from '../seedFakePlatform';

// What the tests of the fake API server share: a few objects, and a seeded fake behind msw
// with raw calls and watches against it.

export const promise = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'Promise',
  metadata: { name, labels },
  spec: {},
});
export const promises = {
  group: 'platform.kratix.io',
  version: 'v1alpha1',
  plural: 'promises',
};
export const jenkins = (name: string, namespace = 'team-checkout') => ({
  apiVersion: 'marketplace.kratix.io/v1alpha1',
  kind: 'jenkins',
  metadata: { name, namespace },
  spec: { env: 'dev' },
});
export const jenkinsType = {
  group: 'marketplace.kratix.io',
  version: 'v1alpha1',
  plural: 'jenkins',
};

interface Seen {
  type: string;
  name?: string;
  kind?: string;
  apiVersion?: string;
  rv?: string;
  code?: number;
  object: any;
}

/**
 * A fake API server for one test file: answered through msw, seeded with the platform's
 * objects before its tests, its watches and faults cleared after each; `call` sends a raw
 * request, `watch` opens a watch through @kubernetes/client-node.
 */
export function fakeUnderTest() {
  // Real HTTP through msw on a loaded 2-core CI machine: generous.
  jest.setTimeout(30_000);
  const fake = new FakeKubernetesApi(undefined, { bookmarkIntervalMs: 50 });
  registerMswTestHooks(setupServer(...fake.handlers()));
  beforeAll(() => seedFakePlatform(fake));
  afterEach(() => {
    fake.dropWatches();
    fake.clearFaults();
  });
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

  return { fake, call, watch };
}
