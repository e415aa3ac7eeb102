import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { FakeKubernetesApi } from '../testing/fakeKubernetesApi';
import { eventually, kubeConfigFor } from '../testing/kubeConfigFor';
import { KubernetesApiClient } from '../kubernetes/KubernetesApiClient';
import { ResourceCache } from './ResourceCache';

// Real git repositories and test backends: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

const fake = new FakeKubernetesApi();
const server = setupServer(...fake.handlers());
registerMswTestHooks(server);

const promises = {
  group: 'platform.kratix.io',
  version: 'v1alpha1',
  plural: 'promises',
  namespaced: false,
};
const promise = (name: string) => ({
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'Promise',
  metadata: { name },
  spec: {},
});

describe('ResourceCache', () => {
  let cache: ResourceCache | undefined;
  const client = () => new KubernetesApiClient(kubeConfigFor(fake));
  const fast = { backoff: { initialMs: 20, maxMs: 100 } };

  afterEach(() => {
    cache?.stop();
    fake.dropWatches();
    fake.clearFaults();
    for (const p of fake.list('platform.kratix.io/v1alpha1', 'Promise')) {
      fake.remove(p.apiVersion, p.kind, p.metadata.name);
    }
  });

  it('lists once, then follows the watch, serving reads from memory', async () => {
    fake.put(promise('redis'));
    cache = new ResourceCache(client(), promises, fast);
    await cache.start();
    expect(cache.list().map(p => p.metadata.name)).toEqual(['redis']);
    expect(cache.state()).toEqual(
      expect.objectContaining({ synced: true, stale: false }),
    );

    fake.put(promise('kafka'));
    await eventually(() => cache!.size === 2);
    fake.remove('platform.kratix.io/v1alpha1', 'Promise', 'redis');
    await eventually(() => cache!.get('redis') === undefined);

    const calls = fake.totalCalls();
    for (let i = 0; i < 100; i++) cache.list();
    expect(fake.totalCalls()).toBe(calls);
  });

  it('lists again after 410 Gone and misses nothing', async () => {
    fake.put(promise('redis'));
    const logger = mockServices.logger.mock();
    cache = new ResourceCache(client(), promises, { ...fast, logger });
    await cache.start();
    const lists = fake.calls.get('LIST') ?? 0;
    fake.dropWatches();
    // Added while no watch is open, then the history is compacted: the watch resumed from
    // its resourceVersion gets 410 Gone, and 'vault' must come from a new list (counted).
    fake.put(promise('vault'));
    fake.compact();
    await eventually(() => cache!.get('vault') !== undefined);
    expect(fake.calls.get('LIST')).toBe(lists + 1);
    expect(logger.info).toHaveBeenCalledWith(
      'Watch of promises expired (410 Gone); listing again',
    );
    expect(cache.state().stale).toBe(false);
  });

  it('resumes a dropped watch from its resourceVersion', async () => {
    cache = new ResourceCache(client(), promises, fast);
    await cache.start();
    fake.dropWatches();
    fake.put(promise('late'));
    await eventually(() => cache!.get('late') !== undefined);
  });

  it('keeps serving stale data through errors and recovers without restart', async () => {
    fake.put(promise('redis'));
    cache = new ResourceCache(client(), promises, fast);
    await cache.start();
    fake.fail({ status: 500, times: 3, pathIncludes: 'watch=true' });
    fake.dropWatches();
    await eventually(() => cache!.state().stale);
    expect(cache.state().lastError).toContain('500');
    expect(cache.list().map(p => p.metadata.name)).toEqual(['redis']);
    fake.put(promise('after'));
    await eventually(
      () => cache!.get('after') !== undefined && !cache!.state().stale,
      5000,
    );
  });

  it('reports a failing first list and keeps retrying', async () => {
    fake.fail({ status: 403, times: 2, pathIncludes: '/promises' });
    fake.put(promise('redis'));
    cache = new ResourceCache(client(), promises, fast);
    await cache.start();
    expect(cache.state()).toEqual(
      expect.objectContaining({ synced: false, stale: true }),
    );
    expect(cache.state().lastError).toContain('403');
    await eventually(() => cache!.state().synced, 5000);
    expect(cache.list()).toHaveLength(1);
  });

  it('lists a large collection page by page, then watches from the list', async () => {
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f', 'g'])
      fake.put(promise(name));
    // An API server that pages (the fake answers everything at once): offsets as tokens.
    const asked: string[] = [];
    server.use(
      http.get(
        `${fake.baseUrl}/apis/platform.kratix.io/v1alpha1/promises`,
        ({ request }) => {
          const url = new URL(request.url);
          if (url.searchParams.get('watch') === 'true') return undefined;
          const limit = Number(url.searchParams.get('limit'));
          const from = Number(url.searchParams.get('continue') ?? 0);
          asked.push(`${limit}@${from}`);
          const all = fake
            .list('platform.kratix.io/v1alpha1', 'Promise')
            .sort((x, y) => x.metadata.name.localeCompare(y.metadata.name));
          const more = from + limit < all.length;
          return HttpResponse.json({
            apiVersion: 'platform.kratix.io/v1alpha1',
            kind: 'PromiseList',
            metadata: {
              resourceVersion: fake.resourceVersion,
              ...(more ? { continue: String(from + limit) } : {}),
            },
            items: all.slice(from, from + limit),
          });
        },
      ),
    );
    cache = new ResourceCache(client(), promises, { ...fast, pageSize: 3 });
    await cache.start();
    expect(asked).toEqual(['3@0', '3@3', '3@6']);
    expect(cache.size).toBe(7);
    fake.put(promise('h'));
    await eventually(() => cache!.get('h') !== undefined);
    expect(cache.size).toBe(8);
  });

  it('keeps what the transform returns, from the list and from the watch', async () => {
    fake.put({ ...promise('listed'), spec: { big: 'x'.repeat(1000) } });
    cache = new ResourceCache(client(), promises, {
      ...fast,
      transform: p => ({ ...p, spec: { kept: true } }),
    });
    await cache.start();
    expect(cache.get('listed')?.spec).toEqual({ kept: true });
    const seen: unknown[] = [];
    cache.subscribe(change => seen.push(change.object?.spec));
    fake.put({ ...promise('watched'), spec: { big: 'y'.repeat(1000) } });
    await eventually(() => cache!.get('watched') !== undefined);
    expect(cache.get('watched')?.spec).toEqual({ kept: true });
    expect(seen).toEqual([{ kept: true }]);
  });

  it('keeps its indexes up to date through the watch and a new list after 410 Gone', async () => {
    const owned = (name: string, owner: string, v = 1) => ({
      ...promise(name),
      spec: { owner, v },
    });
    const ownerOf = (p: { spec?: { owner?: string } }) => p.spec?.owner;
    const byOwner = (owner: string) =>
      cache!.withKey('owner', owner).map(p => p.metadata.name);
    // The index's answer is the whole cache filtered, in the cache's order.
    const scan = (owner: string) =>
      cache!
        .list()
        .filter(p => ownerOf(p as any) === owner)
        .map(p => p.metadata.name);
    fake.put(owned('a', 'team-a'));
    fake.put(owned('b', 'team-b'));
    cache = new ResourceCache(client(), promises, {
      ...fast,
      indexes: { owner: p => ownerOf(p as any) },
    });
    expect(byOwner('team-a')).toEqual([]);
    await cache.start();
    expect(byOwner('team-a')).toEqual(['a']);

    fake.put(owned('c', 'team-a'));
    await eventually(() => cache!.get('c') !== undefined);
    expect(byOwner('team-a')).toEqual(['a', 'c']);
    // Changed in place, then moved to another owner, then deleted.
    fake.put(owned('a', 'team-a', 2));
    await eventually(() => (cache!.get('a')?.spec as any)?.v === 2);
    expect(cache.withKey('owner', 'team-a')[0]).toBe(cache.get('a'));
    fake.put(owned('c', 'team-b'));
    await eventually(() => ownerOf(cache!.get('c') as any) === 'team-b');
    expect(byOwner('team-a')).toEqual(['a']);
    expect(byOwner('team-b')).toEqual(scan('team-b'));
    expect(byOwner('team-b').sort()).toEqual(['b', 'c']);
    fake.remove('platform.kratix.io/v1alpha1', 'Promise', 'b');
    await eventually(() => cache!.get('b') === undefined);
    expect(byOwner('team-b')).toEqual(['c']);

    // Changed while no watch is open and then compacted away: the new list rebuilds them.
    fake.dropWatches();
    fake.put(owned('a', 'team-c'));
    fake.put(owned('d', 'team-a'));
    fake.compact();
    await eventually(() => cache!.get('d') !== undefined);
    expect(byOwner('team-a')).toEqual(['d']);
    expect(byOwner('team-c')).toEqual(['a']);
    for (const owner of ['team-a', 'team-b', 'team-c'])
      expect(byOwner(owner)).toEqual(scan(owner));
    expect(() => cache!.withKey('name', 'a')).toThrow(
      'No index name on promises',
    );
  });

  it('treats a missing optional kind as empty, not an error', async () => {
    fake.unregister('platform.kratix.io', 'v1alpha1', 'healthrecords');
    cache = new ResourceCache(
      client(),
      {
        group: 'platform.kratix.io',
        version: 'v1alpha1',
        plural: 'healthrecords',
        namespaced: true,
      },
      { ...fast, optional: true },
    );
    await cache.start();
    expect(cache.state()).toEqual(
      expect.objectContaining({ synced: true, missing: true }),
    );
    expect(cache.state().lastError).toBeUndefined();
  });
});

describe('ResourceCache with a slow API server', () => {
  it('times out a list that gets no answer, reports it, and recovers', async () => {
    const slow = new FakeKubernetesApi('https://slow.kratix.test');
    const slowServer = setupServer(...slow.handlers());
    slowServer.listen();
    slow.put(promise('redis'));
    slow.fail({ status: 0, delayMs: 300, times: 1, pathIncludes: '/promises' });
    const cache = new ResourceCache(
      new KubernetesApiClient(kubeConfigFor(slow), { timeoutMs: 50 }),
      promises,
      {
        backoff: { initialMs: 20, maxMs: 50 },
      },
    );
    await cache.start();
    expect(cache.state()).toEqual(
      expect.objectContaining({
        synced: false,
        lastError: expect.stringContaining('no answer'),
      }),
    );
    await eventually(() => cache.state().synced, 3000);
    expect(cache.list()).toHaveLength(1);
    cache.stop();
    slow.dropWatches();
    slowServer.close();
  });
});
