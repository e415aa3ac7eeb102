/*
 * State stores that do not live in the platform repository, read by a gitops platform as
 * Kratix writes them: a GitStateStore's own repository (lib/writers/git.go NewGitWriter
 * clones spec.url at spec.branch and writes under path.Join(spec.path, Destination path),
 * one commit per write, `Update from: <WorkPlacement>`), and a BucketStateStore's bucket
 * (lib/writers/s3.go NewS3Writer: objects keyed filepath.Join(spec.path, Destination path,
 * …)). Real git repositories in temporary folders and a local S3-compatible server
 * (tools/s3-server); no mocks.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ConfigReader } from '@backstage/config';
import { parse, stringify } from 'yaml';
import {
  readDestinationReadiness,
  readRequestStatus,
} from '@kratix-backstage/plugin-kratix-common';
import { createEmbeddedRepository } from '../embedded/createEmbeddedRepository';
import { git } from '../gitops/git';
import { StateStoreConfig } from '../config/readKratixConfig';
import { StateStoreSources } from '../stateStores';
import {
  S3Server,
  s3ServerAvailable,
  startS3Server,
} from '../testing/s3Server';
import { GitOpsKratixPlatform } from './GitOpsKratixPlatform';

// Real git repositories and a server process: generous on a loaded 2-core CI machine.
jest.setTimeout(60_000);

/** The orders-db request's documents on gke, as the seed has them under `state/`. */
const ORDERS_DB_DOCUMENT =
  'gke/resources/team-orders/postgresql/orders-db/instance-configure/5058f/postgresql-cluster.yaml';
/** Kratix writes these when a Destination is registered (destination_controller.go). */
const CANARIES = {
  'gke/dependencies/kratix-canary-namespace.yaml':
    'apiVersion: v1\nkind: Namespace\nmetadata: {name: kratix-worker-system}\n',
  'gke/resources/kratix-canary-configmap.yaml':
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: kratix-info, namespace: kratix-worker-system}\n',
};
const WORK_PLACEMENT =
  'postgresql-orders-db-instance-configure-1a2b3.gke-5058f';

/** Committer and author time `seconds` from now: orders of commits that git can tell apart. */
const at = (seconds: number) => {
  const date = new Date(
    Math.floor(Date.now() / 1000) * 1000 + seconds * 1000,
  ).toISOString();
  return { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
};

describe('GitOpsKratixPlatform with state stores outside the platform repository', () => {
  let dataDir: string;
  let directory: string;
  let seedDocument: string;

  /** Writes files into a working tree (objects as YAML) and commits them. */
  const commitTo = async (
    tree: string,
    files: Record<string, unknown>,
    message: string,
    env: Record<string, string> = {},
  ) => {
    for (const [path, doc] of Object.entries(files)) {
      await mkdir(dirname(join(tree, path)), { recursive: true });
      await writeFile(
        join(tree, path),
        typeof doc === 'string' ? doc : stringify(doc),
      );
    }
    await git(tree, ['add', '--all']);
    await git(tree, ['commit', '--quiet', '-m', message], { env });
  };
  /** Points gke at another state store, and declares that store, in the platform repository. */
  const moveGke = async (store: {
    kind: string;
    metadata: object;
    spec: object;
  }) => {
    const path = 'platform/destinations/gke.yaml';
    const gke = parse(await readFile(join(directory, path), 'utf8'));
    await commitTo(
      directory,
      {
        [`platform/statestores/${
          (store.metadata as { name: string }).name
        }.yaml`]: {
          apiVersion: 'platform.kratix.io/v1alpha1',
          ...store,
        },
        [path]: {
          ...gke,
          spec: {
            ...gke.spec,
            stateStoreRef: {
              kind: store.kind,
              name: (store.metadata as { name: string }).name,
            },
          },
        },
      },
      `Destination gke writes to ${store.kind}`,
    );
  };
  const platformWith = (
    stateStores: StateStoreConfig[] = [],
    options: { pollIntervalMs?: number } = {},
  ) =>
    new GitOpsKratixPlatform({
      name: 'easyeaty',
      directory,
      stateStorePaths: ['state'],
      maxAgeMs: 0,
      ...options,
      stateStoreSources: new StateStoreSources({
        platform: 'easyeaty',
        repository: { path: directory, branch: 'main' },
        clonesPath: join(dataDir, 'clones'),
        stateStores,
        rootConfig: new ConfigReader({}),
        minimumFetchIntervalMs: 0,
      }),
    });
  const phaseOf = async (
    platform: GitOpsKratixPlatform,
    promise: string,
    name: string,
  ) =>
    readRequestStatus(
      (await platform.listRequests({ promise })).find(
        r => r.metadata.name === name,
      )!,
    ).phase;
  const gkeReady = async (platform: GitOpsKratixPlatform) =>
    readDestinationReadiness(
      (await platform.listDestinations()).find(d => d.metadata.name === 'gke')!,
    ).ready;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-outside-stores-'));
    directory = await createEmbeddedRepository({ dataDir, name: 'easyeaty' });
    seedDocument = await readFile(
      join(directory, 'state', ORDERS_DB_DOCUMENT),
      'utf8',
    );
  });
  // A store's poll may still be fetching into its clone when a test ends: retry the removal.
  afterEach(() =>
    rm(dataDir, {
      recursive: true,
      force: true,
      maxRetries: 10,
      retryDelay: 100,
    }),
  );

  describe('a GitStateStore with a repository of its own (lib/writers/git.go NewGitWriter)', () => {
    let bare: string;
    let kratix: string;

    beforeEach(async () => {
      bare = join(dataDir, 'state.git');
      await git(dataDir, [
        'init',
        '--quiet',
        '--bare',
        '--initial-branch=main',
        bare,
      ]);
      // Kratix's clone of the store: it writes under spec.path `clusters/` and pushes.
      kratix = join(dataDir, 'kratix');
      await git(dataDir, ['init', '--quiet', '--initial-branch=main', kratix]);
      await git(kratix, ['remote', 'add', 'origin', bare]);
      await commitTo(
        kratix,
        Object.fromEntries(
          Object.entries(CANARIES).map(([p, text]) => [`clusters/${p}`, text]),
        ),
        'Update from: kratix-canary',
        at(100),
      );
      await git(kratix, ['push', '--quiet', 'origin', 'HEAD:main']);
      await moveGke({
        kind: 'GitStateStore',
        metadata: { name: 'elsewhere' },
        spec: { url: `file://${bare}`, branch: 'main', path: 'clusters/' },
      });
    });

    const deliver = async (content: string, seconds: number) => {
      await commitTo(
        kratix,
        { [`clusters/${ORDERS_DB_DOCUMENT}`]: content },
        `Update from: ${WORK_PLACEMENT}`,
        at(seconds),
      );
      await git(kratix, ['push', '--quiet', 'origin', 'HEAD:main']);
      return (await git(kratix, ['rev-parse', 'HEAD'])).trim();
    };

    it("shows a request Ready once its documents land in the store's own repository, with the store's commit", async () => {
      const platform = platformWith();
      // The Destination is Ready by the canary files in that repository; orders-db awaits.
      expect(await gkeReady(platform)).toBe(true);
      expect(await phaseOf(platform, 'postgresql', 'orders-db')).not.toBe(
        'Ready',
      );
      expect(platform.health().problems).toEqual([]);

      const sha = await deliver(seedDocument, 200);
      expect(await phaseOf(platform, 'postgresql', 'orders-db')).toBe('Ready');
      const [placement] = await platform.listPlacements({
        promise: 'postgresql',
        resource: 'orders-db',
      });
      expect(placement).toMatchObject({
        destination: 'gke',
        externalStore: { kind: 'GitStateStore', name: 'elsewhere' },
        commit: sha,
        committedAt: expect.any(String),
        files: [`clusters/${ORDERS_DB_DOCUMENT}`],
      });
      // Its file is read from the store, not from the platform repository.
      expect(
        await platform.readStoreFile(`clusters/${ORDERS_DB_DOCUMENT}`),
      ).toBe(seedDocument);
      // The other requests, on the platform repository's own store, are served as before.
      expect(await phaseOf(platform, 'jenkins', 'ci')).toBe('Ready');
    });

    it("tells documents older than the request's last change by the store's own commit times", async () => {
      const platform = platformWith();
      await deliver(seedDocument, 200);
      expect(await phaseOf(platform, 'postgresql', 'orders-db')).toBe('Ready');
      // The request's spec changes after the store's commit: its documents are outdated.
      const path = 'requests/postgresql/team-orders/orders-db.yaml';
      const request = parse(await readFile(join(directory, path), 'utf8'));
      await commitTo(
        directory,
        { [path]: { ...request, spec: { ...request.spec, instances: 3 } } },
        'Scale orders-db',
        at(300),
      );
      expect(await phaseOf(platform, 'postgresql', 'orders-db')).not.toBe(
        'Ready',
      );
      // Kratix writes the documents for the new spec: Ready again.
      await deliver(`${seedDocument}# for instances: 3\n`, 400);
      expect(await phaseOf(platform, 'postgresql', 'orders-db')).toBe('Ready');
    });

    it("tells subscribers when Kratix commits to the store's own repository", async () => {
      const platform = platformWith([], { pollIntervalMs: 50 });
      await platform.listRequests();
      const changes: string[] = [];
      const unsubscribe = platform.subscribe(change =>
        changes.push(change.kind),
      );
      try {
        // The first checks record where the store is now.
        await new Promise(resolve => setTimeout(resolve, 300));
        changes.length = 0;
        await deliver(seedDocument, 200);
        for (let i = 0; i < 100 && changes.length === 0; i++)
          await new Promise(resolve => setTimeout(resolve, 50));
        expect(changes).toContain('commit');
      } finally {
        unsubscribe();
        platform.stop();
      }
    });

    it('names the store in the health when its repository cannot be fetched, and serves the rest', async () => {
      await rm(bare, { recursive: true, force: true });
      const platform = platformWith();
      expect(await phaseOf(platform, 'jenkins', 'ci')).toBe('Ready');
      expect(await phaseOf(platform, 'postgresql', 'orders-db')).not.toBe(
        'Ready',
      );
      expect(platform.health().problems).toEqual([
        expect.objectContaining({
          kind: 'state-store-unreadable',
          stateStore: { kind: 'GitStateStore', name: 'elsewhere' },
          reason: expect.stringContaining('could not fetch branch main'),
        }),
      ]);
    });
  });

  it("keeps reading a GitStateStore from the platform repository's state folder when its files are there, whatever remote its spec.url names", async () => {
    const path = 'platform/statestores/default.yaml';
    const store = parse(await readFile(join(directory, path), 'utf8'));
    await commitTo(
      directory,
      {
        [path]: {
          ...store,
          spec: { ...store.spec, url: 'https://git.example.invalid/state.git' },
        },
      },
      'The store Kratix writes is a remote',
    );
    const platform = platformWith();
    expect(await phaseOf(platform, 'postgresql', 'orders-db')).toBe('Ready');
    expect(await gkeReady(platform)).toBe(true);
    expect(platform.health().problems).toEqual([]);
    expect((await platform.listPlacements()).some(p => p.externalStore)).toBe(
      false,
    );
  });

  it('names a BucketStateStore with no credentials configured in the health, and serves the rest', async () => {
    await moveGke({
      kind: 'BucketStateStore',
      metadata: { name: 'minio-store' },
      spec: {
        bucketName: 'kratix',
        endpoint: '127.0.0.1:9',
        insecure: true,
        path: 'destinations/',
        secretRef: { name: 'minio-credentials', namespace: 'default' },
      },
    });
    const platform = platformWith();
    expect(await phaseOf(platform, 'jenkins', 'ci')).toBe('Ready');
    expect(await phaseOf(platform, 'postgresql', 'orders-db')).not.toBe(
      'Ready',
    );
    expect(await gkeReady(platform)).not.toBe(true);
    expect(platform.health()).toMatchObject({
      connected: true,
      problems: [
        {
          kind: 'state-store-unreadable',
          stateStore: { kind: 'BucketStateStore', name: 'minio-store' },
          reason: expect.stringContaining('no credentials configured'),
          message: expect.stringContaining('BucketStateStore minio-store'),
        },
      ],
    });
  });

  const describeWithServer = s3ServerAvailable() ? describe : describe.skip;

  describeWithServer(
    'a BucketStateStore (lib/writers/s3.go NewS3Writer)',
    () => {
      const KEYS = {
        accessKeyId: 'AKIAKRATIXTEST',
        secretAccessKey: randomBytes(20).toString('hex'),
      };
      let server: S3Server;
      let writer: S3Client;
      let bucket: string;
      let counter = 0;

      beforeAll(async () => {
        server = await startS3Server({
          buckets: ['kratix-1', 'kratix-2', 'kratix-3'],
          accessKey: KEYS.accessKeyId,
        });
        writer = new S3Client({
          endpoint: `http://${server.endpoint}`,
          region: 'us-east-1',
          forcePathStyle: true,
          credentials: KEYS,
          requestChecksumCalculation: 'WHEN_REQUIRED',
        });
      });
      afterAll(async () => {
        writer?.destroy();
        await server?.close();
      });
      beforeEach(async () => {
        bucket = `kratix-${++counter}`;
        await moveGke({
          kind: 'BucketStateStore',
          metadata: { name: 'minio-store' },
          spec: {
            bucketName: bucket,
            endpoint: server.endpoint,
            insecure: true,
            path: 'destinations/',
            secretRef: { name: 'minio-credentials', namespace: 'default' },
          },
        });
      });
      /** Puts objects keyed as Kratix's S3 writer keys them: filepath.Join(spec.path, …). */
      const put = async (objects: Record<string, string>) => {
        for (const [path, Body] of Object.entries(objects))
          await writer.send(
            new PutObjectCommand({
              Bucket: bucket,
              Key: `destinations/${path}`,
              Body,
            }),
          );
      };

      it('shows a request Ready from the objects Kratix put in the bucket, with the configured credentials', async () => {
        await put(CANARIES);
        const platform = platformWith([
          { name: 'minio-store', kind: 'BucketStateStore', ...KEYS },
        ]);
        expect(await gkeReady(platform)).toBe(true);
        expect(await phaseOf(platform, 'postgresql', 'orders-db')).not.toBe(
          'Ready',
        );

        await put({ [ORDERS_DB_DOCUMENT]: seedDocument });
        // A bucket keeps no history: the documents being there is all there is to tell.
        expect(await phaseOf(platform, 'postgresql', 'orders-db')).toBe(
          'Ready',
        );
        const [placement] = await platform.listPlacements({
          promise: 'postgresql',
          resource: 'orders-db',
        });
        expect(placement).toMatchObject({
          destination: 'gke',
          externalStore: { kind: 'BucketStateStore', name: 'minio-store' },
          files: [`destinations/${ORDERS_DB_DOCUMENT}`],
        });
        expect(placement.commit).toBeUndefined();
        expect(
          await platform.readStoreFile(`destinations/${ORDERS_DB_DOCUMENT}`),
        ).toBe(seedDocument);
        expect(platform.health().problems).toEqual([]);
      });

      it('names the bucket in the health when its endpoint does not answer, and serves the rest', async () => {
        const closed = await new Promise<number>(resolve => {
          const probe = createServer();
          probe.listen(0, '127.0.0.1', () => {
            const port = (probe.address() as { port: number }).port;
            probe.close(() => resolve(port));
          });
        });
        const platform = platformWith([
          {
            name: 'minio-store',
            endpoint: `127.0.0.1:${closed}`,
            ...KEYS,
          },
        ]);
        expect(await phaseOf(platform, 'jenkins', 'ci')).toBe('Ready');
        const problems = platform.health().problems ?? [];
        expect(problems).toEqual([
          expect.objectContaining({
            kind: 'state-store-unreadable',
            stateStore: { kind: 'BucketStateStore', name: 'minio-store' },
          }),
        ]);
        expect(JSON.stringify(problems)).not.toContain(KEYS.secretAccessKey);
      });
    },
  );
});
