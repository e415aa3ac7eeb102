import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import {
  toPromiseDetail,
  toPromiseReleaseView,
} from '@kratix-backstage/plugin-kratix-common';
import { git } from '../gitops/git';
import { MarketplaceClient } from '../marketplace/MarketplaceClient';
import { eventually } from '../testing/kubeConfigFor';
import { GitOpsKratixPlatform } from './GitOpsKratixPlatform';
import { redisHaPromise } from '../testing/redisHaPromise';

// Real git repositories: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

/** What the release's URL holds: a Promise named unlike the release. */
const REDIS_HA = redisHaPromise();

const REQUEST = {
  apiVersion: 'marketplace.kratix.io/v1alpha1',
  kind: 'RedisCluster',
  metadata: { name: 'sessions-ha', namespace: 'team-checkout' },
  spec: { replicas: 3 },
};

const release = (url: string, version = 'v2.0.0') => ({
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'PromiseRelease',
  metadata: { name: 'redis' },
  spec: { version, sourceRef: { type: 'http', url } },
});

/**
 * Kratix internal/controller/promiserelease_controller.go Reconcile: the release controller
 * fetches spec.sourceRef.url (lib/fetchers/url.go URLFetcher.FromURL), checks the document's
 * kratix.io/promise-version against spec.version (validateVersion) and installs the Promise
 * the document names, labelled with the release (installPromise). A repository that holds
 * only the PromiseRelease therefore has that Promise on its platform, and its requests.
 */
describe('GitOpsKratixPlatform PromiseReleases', () => {
  let dataDir: string;
  let directory: string;
  let server: Server;
  let baseUrl: string;
  /** What the server answers, by path; a function may hold the answer back. */
  let routes: Record<string, () => Promise<{ status: number; body: string }>>;
  const platforms: GitOpsKratixPlatform[] = [];

  const commit = async (files: Record<string, unknown>) => {
    for (const [path, doc] of Object.entries(files)) {
      await mkdir(dirname(join(directory, path)), { recursive: true });
      await writeFile(join(directory, path), stringify(doc));
    }
    await git(directory, ['add', '--all']);
    await git(directory, ['commit', '--quiet', '-m', 'Declare the platform']);
  };

  const platformFor = () => {
    const platform = new GitOpsKratixPlatform({
      name: 'easyeaty',
      directory,
      maxAgeMs: 0,
      promiseFetcher: new MarketplaceClient({
        allowedHosts: ['127.0.0.1'],
        insecureHosts: ['127.0.0.1'],
      }),
    });
    platforms.push(platform);
    return platform;
  };

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-gitops-releases-'));
    directory = join(dataDir, 'platform');
    await mkdir(directory);
    await git(directory, ['init', '--quiet', '--initial-branch=main']);
    routes = {
      '/redis-ha/promise.yaml': async () => ({
        status: 200,
        body: stringify(REDIS_HA),
      }),
    };
    server = createServer((req, res) => {
      const route = routes[req.url ?? ''];
      void (route ? route() : Promise.resolve({ status: 404, body: '' })).then(
        ({ status, body }) => {
          res.writeHead(status, { 'content-type': 'application/yaml' });
          res.end(body);
        },
      );
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    for (const platform of platforms.splice(0)) platform.stop();
    server.closeAllConnections();
    await new Promise(r => server.close(r));
    await rm(dataDir, { recursive: true, force: true });
  });

  it('shows the Promise the release URL holds, named unlike the release, and its requests (promiserelease_controller.go installPromise)', async () => {
    const url = `${baseUrl}/redis-ha/promise.yaml`;
    await commit({
      'platform/redis-release.yaml': release(url),
      'requests/team-checkout/sessions-ha.yaml': REQUEST,
    });
    const platform = platformFor();
    await eventually(async () => !!(await platform.getPromise('redis-ha')));
    const promise = (await platform.getPromise('redis-ha'))!;
    expect(promise.metadata.labels).toEqual({
      'kratix.io/promise-version': 'v2.0.0',
      'kratix.io/promise-release-name': 'redis',
    });
    expect(await platform.getPromise('redis')).toBeUndefined();
    expect(
      (await platform.listRequests({ promise: 'redis-ha' })).map(
        r => r.metadata.name,
      ),
    ).toEqual(['sessions-ha']);
    const releases = await platform.listPromiseReleases();
    expect(
      toPromiseReleaseView(
        'easyeaty',
        releases[0],
        await platform.listPromises(),
      ).promise,
    ).toBe('redis-ha');
    expect(
      toPromiseDetail('easyeaty', promise, {
        requestCount: 1,
        destinations: [],
        placements: [],
        releases,
      }).release,
    ).toEqual(
      expect.objectContaining({
        name: 'redis',
        promise: 'redis-ha',
        sourceUrl: url,
      }),
    );
    expect(platform.health().problems).toEqual([]);
  });

  it('never makes a read wait for the fetch, and tells subscribers when the Promise arrives', async () => {
    let answer!: () => void;
    const held = new Promise<void>(r => {
      answer = r;
    });
    routes['/slow/promise.yaml'] = async () => {
      await held;
      return { status: 200, body: stringify(REDIS_HA) };
    };
    await commit({
      'platform/redis-release.yaml': release(`${baseUrl}/slow/promise.yaml`),
    });
    const platform = platformFor();
    const changes: string[] = [];
    platform.subscribe(change => changes.push(change.kind));
    // The read answers while the URL has not: the release is there, its Promise not yet.
    expect(await platform.listPromiseReleases()).toHaveLength(1);
    expect(await platform.getPromise('redis-ha')).toBeUndefined();
    answer();
    await eventually(async () => !!(await platform.getPromise('redis-ha')));
    expect(changes.length).toBeGreaterThan(0);
  });

  it('reports a URL that cannot be fetched as a platform problem and keeps serving the rest', async () => {
    const url = `${baseUrl}/gone/promise.yaml`;
    await commit({
      'platform/redis-release.yaml': release(url),
      'requests/team-checkout/sessions-ha.yaml': REQUEST,
    });
    const platform = platformFor();
    await eventually(async () => {
      await platform.listPromises();
      return (platform.health().problems ?? []).length > 0;
    }, 5_000);
    expect(platform.health()).toEqual(
      expect.objectContaining({ connected: true, synced: true }),
    );
    expect(platform.health().problems).toEqual([
      {
        kind: 'promise-release',
        message: expect.stringContaining(
          `PromiseRelease "redis" (platform/redis-release.yaml): could not fetch the Promise at ${url}`,
        ),
        paths: ['platform/redis-release.yaml'],
      },
    ]);
    expect(platform.health().problems![0].message).toContain('HTTP 404');
    expect(await platform.listPromises()).toEqual([]);
    expect(await platform.listPromiseReleases()).toHaveLength(1);
  });

  // promiserelease_controller.go validateVersion: Kratix refuses to install a document whose
  // kratix.io/promise-version is not the release's spec.version.
  it('reports a release whose document is at another version, as Kratix refuses to install it (promiserelease_controller.go validateVersion)', async () => {
    await commit({
      'platform/redis-release.yaml': release(
        `${baseUrl}/redis-ha/promise.yaml`,
        'v3.0.0',
      ),
    });
    const platform = platformFor();
    await eventually(async () => {
      await platform.listPromises();
      return (platform.health().problems ?? []).length > 0;
    }, 5_000);
    expect(platform.health().problems).toEqual([
      expect.objectContaining({
        kind: 'promise-release',
        message: expect.stringContaining(
          'Version labels do not match, found: v2.0.0, expected: v3.0.0',
        ),
      }),
    ]);
    expect(await platform.getPromise('redis-ha')).toBeUndefined();
  });
});
