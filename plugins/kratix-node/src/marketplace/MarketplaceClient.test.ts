import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { MarketplaceClient } from './MarketplaceClient';

// Bytes the endless document has sent so far.
let sent = 0;
// Times the cache Promise document was fetched.
let cacheFetches = 0;

const server = setupServer(
  http.get('https://promises.corp.example/index.json', () =>
    HttpResponse.json([
      {
        name: 'cache',
        url: 'https://promises.corp.example/cache',
        promiseUrl: 'https://promises.corp.example/cache/promise.yaml',
        categories: ['Data'],
      },
    ]),
  ),
  http.get('https://promises.corp.example/versions.json', () =>
    HttpResponse.json([
      {
        name: 'cache',
        url: 'https://promises.corp.example/cache',
        promiseUrl: 'https://promises.corp.example/cache/promise.yaml',
        categories: ['Data'],
      },
      {
        name: 'queue',
        url: 'https://promises.corp.example/queue',
        promiseUrl: 'https://promises.corp.example/queue/promise.yaml',
        version: 'v0.4.0',
        categories: [],
      },
      {
        name: 'gone',
        url: 'https://promises.corp.example/gone',
        promiseUrl: 'https://promises.corp.example/missing.yaml',
        categories: [],
      },
      {
        name: 'elsewhere',
        url: 'https://evil.example/elsewhere',
        promiseUrl: 'https://evil.example/elsewhere/promise.yaml',
        categories: [],
      },
    ]),
  ),
  http.get('https://promises.corp.example/cache/promise.yaml', () => {
    cacheFetches++;
    return new HttpResponse(
      'apiVersion: platform.kratix.io/v1alpha1\nkind: Promise\nmetadata:\n  name: cache\n  labels:\n    kratix.io/promise-version: v2.0.0\nspec: {}\n',
    );
  }),
  http.get(
    'https://promises.corp.example/not-a-promise.yaml',
    () => new HttpResponse('kind: ConfigMap\n'),
  ),
  http.get(
    'https://promises.corp.example/missing.yaml',
    () => new HttpResponse('nope', { status: 404 }),
  ),
  http.get(
    'http://mirror.corp.example/cache/promise.yaml',
    () =>
      new HttpResponse(
        'apiVersion: platform.kratix.io/v1alpha1\nkind: Promise\nmetadata:\n  name: cache\nspec: {}\n',
      ),
  ),
  // A body that never ends unless the reader stops: counts the bytes actually sent.
  http.get('https://promises.corp.example/endless.yaml', () => {
    const chunk = new TextEncoder().encode(`# ${'x'.repeat(1022)}\n`);
    return new HttpResponse(
      new ReadableStream({
        pull(controller) {
          sent += chunk.byteLength;
          if (sent > 50_000_000) controller.close();
          else controller.enqueue(chunk);
        },
      }),
    );
  }),
);
registerMswTestHooks(server);

describe('MarketplaceClient', () => {
  it('reads the bundled catalogue and its Promises with no network', async () => {
    const client = new MarketplaceClient({ allowedHosts: [] });
    const entries = await client.list();
    expect(entries.map(e => e.name)).toEqual([
      'redis',
      'kafka',
      'vault',
      'namespace',
      'jenkins',
    ]);
    const redis = await client.fetchPromise(client.documentUrl(entries[0]));
    expect(redis.metadata.name).toBe('redis');
    await expect(client.fetchPromise('bundled:nothing')).rejects.toThrow(
      'No bundled Promise',
    );
  });

  it('lists the bundled catalogue with the version each Promise offers', async () => {
    const client = new MarketplaceClient({ allowedHosts: [] });
    const versions = Object.fromEntries(
      (await client.listWithVersions()).map(e => [e.name, e.version]),
    );
    expect(versions).toEqual({
      redis: 'v0.1.0',
      kafka: 'v0.1.0',
      vault: 'v0.2.0',
      namespace: 'v0.1.0',
      jenkins: 'v1.3.0',
    });
  });

  it('reads versions from the catalogue or the Promise documents, once, and lists what it cannot read without one', async () => {
    const client = new MarketplaceClient({
      indexUrl: 'https://promises.corp.example/versions.json',
      allowedHosts: ['promises.corp.example'],
    });
    cacheFetches = 0;
    const versions = async () =>
      Object.fromEntries(
        (await client.listWithVersions()).map(e => [e.name, e.version]),
      );
    const expected = {
      cache: 'v2.0.0',
      queue: 'v0.4.0',
      gone: undefined,
      elsewhere: undefined,
    };
    expect(await versions()).toEqual(expected);
    expect(await versions()).toEqual(expected);
    expect(cacheFetches).toBe(1);
  });

  it('fetches a configured catalogue and Promise from allowed hosts only', async () => {
    const client = new MarketplaceClient({
      indexUrl: 'https://promises.corp.example/index.json',
      allowedHosts: ['promises.corp.example'],
    });
    const [entry] = await client.list();
    expect(
      (await client.fetchPromise(client.documentUrl(entry))).metadata.labels?.[
        'kratix.io/promise-version'
      ],
    ).toBe('v2.0.0');
    await expect(
      client.fetchPromise('https://evil.example/promise.yaml'),
    ).rejects.toThrow('not on an allowed host');
    await expect(
      client.fetchPromise('https://promises.corp.example/not-a-promise.yaml'),
    ).rejects.toThrow('is not a Promise');
    await expect(
      client.fetchPromise('https://promises.corp.example/missing.yaml'),
    ).rejects.toThrow('HTTP 404');
    await expect(client.entry('ghost')).rejects.toThrow(
      'No Promise named "ghost"',
    );
  });

  it('refuses plain http unless the host is named insecure', async () => {
    const strict = new MarketplaceClient({
      allowedHosts: ['mirror.corp.example'],
    });
    await expect(
      strict.fetchPromise('http://mirror.corp.example/cache/promise.yaml'),
    ).rejects.toThrow(
      'uses plain http; use https, or name the host in kratix.marketplace.insecureHosts',
    );
    const mirror = new MarketplaceClient({
      allowedHosts: ['mirror.corp.example'],
      insecureHosts: ['mirror.corp.example'],
    });
    expect(
      (
        await mirror.fetchPromise(
          'http://mirror.corp.example/cache/promise.yaml',
        )
      ).metadata.name,
    ).toBe('cache');
  });

  it('stops reading a document at the size limit', async () => {
    const client = new MarketplaceClient({
      allowedHosts: ['promises.corp.example'],
      maxBytes: 100_000,
    });
    await expect(
      client.fetchPromise('https://promises.corp.example/endless.yaml'),
    ).rejects.toThrow('larger than 100 kB');
    // The stream was cancelled near the limit, not read to its 50 MB end.
    expect(sent).toBeLessThan(2_000_000);
  });
});
