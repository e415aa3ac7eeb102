/*
 * A BucketStateStore read through the AWS SDK's S3 client from a real S3-compatible server
 * on 127.0.0.1 (tools/s3-server: gofakes3 in memory, started by the test on a free port, one
 * access key accepted), with the objects laid out as Kratix's S3 writer lays them out.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { inspect } from 'node:util';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ConfigReader } from '@backstage/config';
import {
  BucketStateStore,
  placementsFromStoreFiles,
} from '@kratix-backstage/plugin-kratix-common';
import {
  bucketEndpointUrl,
  bucketKeyPrefix,
  BucketStateStoreSource,
} from './BucketStateStoreSource';
import {
  listStateStoreFiles,
  StateStoreUnreadableError,
} from './StateStoreSource';
import { StateStoreSources } from './StateStoreSources';
import {
  S3Server,
  s3ServerAvailable,
  startS3Server,
} from '../testing/s3Server';

// The first run builds the server (a few seconds with Go's module cache warm).
jest.setTimeout(30_000);

/** The keys the server accepts (it checks the access key only). */
const KEYS = {
  accessKeyId: 'AKIAKRATIXTEST',
  secretAccessKey: randomBytes(20).toString('hex'),
};
const BUCKET = 'kratix';

const bucketStore = (
  spec: Partial<BucketStateStore['spec']> = {},
): BucketStateStore => ({
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'BucketStateStore',
  metadata: { name: 'minio-store' },
  spec: {
    bucketName: BUCKET,
    endpoint: 'unset',
    insecure: true,
    path: 'destinations/',
    secretRef: { name: 'minio-credentials', namespace: 'default' },
    ...spec,
  },
});

/**
 * Keys as Kratix lib/writers/s3.go writes them: `filepath.Join(b.Path, subDir,
 * work.Filepath)` where b.Path is `filepath.Join(spec.path, "")` (NewS3Writer) and the
 * Destination's path and the workload group's folder make up the rest.
 */
const RESOURCE_KEY =
  'destinations/worker-1/resources/team-a/jenkins/ci/instance-configure/5058f/jenkins.yaml';
const DEPENDENCY_KEY =
  'destinations/worker-1/dependencies/jenkins/promise-configure/5058f/operator.yaml';
/** Kratix's record of a WorkPlacement's files, under `.kratix/` (read for mode none). */
const RECORD_KEY = 'destinations/worker-1/.kratix/jenkins-ci.yaml';
const CANARY_KEY =
  'destinations/worker-1/dependencies/kratix-canary-namespace.yaml';

// Skipped, and reported as skipped, only where the server can be neither found nor built.
const describeWithServer = s3ServerAvailable() ? describe : describe.skip;

describeWithServer(
  'BucketStateStoreSource against a local S3-compatible server (gofakes3)',
  () => {
    let server: S3Server;
    let endpoint: string;

    beforeAll(async () => {
      server = await startS3Server({
        buckets: [BUCKET],
        accessKey: KEYS.accessKeyId,
      });
      // host:port, as a BucketStateStore's spec.endpoint names it for minio-go.
      endpoint = server.endpoint;
      const writer = new S3Client({
        endpoint: `http://${endpoint}`,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: KEYS,
        requestChecksumCalculation: 'WHEN_REQUIRED',
      });
      const objects: Record<string, string> = {
        [RESOURCE_KEY]: 'kind: Jenkins\n',
        [DEPENDENCY_KEY]: 'kind: Deployment\n',
        [CANARY_KEY]: 'kind: Namespace\n',
        [RECORD_KEY]: 'kind: WorkPlacement\n',
        'destinations/worker-1/.cache/hidden.yaml': 'hidden\n',
        'elsewhere/not-the-store.yaml': 'x\n',
        // spec.path `/rooted`: Kratix's filepath.Join keeps the slash in the key.
        '/rooted/worker-1/dependencies/kratix-canary-namespace.yaml':
          'rooted\n',
      };
      for (const [Key, Body] of Object.entries(objects))
        await writer.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body }));
      writer.destroy();
    });
    afterAll(() => server?.close());

    const source = (
      options: Partial<
        ConstructorParameters<typeof BucketStateStoreSource>[0]
      > = {},
    ) =>
      new BucketStateStoreSource({
        store: bucketStore({ endpoint }),
        credentials: KEYS,
        requestTimeoutMs: 5000,
        ...options,
      });

    it('lists every object under spec.path as store paths and reads them (Kratix lib/writers/s3.go NewS3Writer: Path = filepath.Join(spec.path, destinationPath))', async () => {
      const bucket = source();
      const files = await bucket.listFiles();
      expect(files).toEqual([
        RECORD_KEY,
        DEPENDENCY_KEY,
        CANARY_KEY,
        RESOURCE_KEY,
      ]);
      expect(await bucket.readFile(RESOURCE_KEY)).toBe('kind: Jenkins\n');
      expect(bucket.health()).toEqual({
        store: { kind: 'BucketStateStore', name: 'minio-store' },
        readable: true,
        lastRead: expect.any(String),
      });
      // Read back by the suite's placement reader with the store's spec.path.
      const placements = placementsFromStoreFiles(
        files,
        [bucketStore({ endpoint })],
        [
          {
            apiVersion: 'platform.kratix.io/v1alpha1',
            kind: 'Destination',
            metadata: { name: 'worker-1' },
            spec: {
              path: 'worker-1',
              stateStoreRef: { kind: 'BucketStateStore', name: 'minio-store' },
            },
          },
        ],
      );
      expect(
        placements.map(p => [p.type, p.promise, p.resource ?? null]).sort(),
      ).toEqual([
        ['dependency', 'jenkins', null],
        ['resource', 'jenkins', 'ci'],
      ]);
      bucket.destroy();
    });

    it('reads the whole bucket when spec.path is unset, page after page', async () => {
      const bucket = source({
        store: bucketStore({ endpoint, path: undefined }),
        pageSize: 2,
      });
      expect(await bucket.listFiles()).toEqual([
        RECORD_KEY,
        DEPENDENCY_KEY,
        CANARY_KEY,
        RESOURCE_KEY,
        'elsewhere/not-the-store.yaml',
        'rooted/worker-1/dependencies/kratix-canary-namespace.yaml',
      ]);
      bucket.destroy();
    });

    it('finds objects under a spec.path with a leading slash, keyed `/<path>/…` as Kratix writes them, and lists them as store paths', async () => {
      const bucket = source({
        store: bucketStore({ endpoint, path: '/rooted' }),
      });
      const files = await bucket.listFiles();
      expect(files).toEqual([
        'rooted/worker-1/dependencies/kratix-canary-namespace.yaml',
      ]);
      expect(await bucket.readFile(files[0])).toBe('rooted\n');
      bucket.destroy();
    });

    it('answers undefined for a file the bucket does not hold, or one outside spec.path', async () => {
      const bucket = source();
      expect(
        await bucket.readFile('destinations/worker-1/missing.yaml'),
      ).toBeUndefined();
      expect(
        await bucket.readFile('elsewhere/not-the-store.yaml'),
      ).toBeUndefined();
      bucket.destroy();
    });

    it.each([
      [
        'an access key the server does not know',
        {
          accessKeyId: `AKIA${randomBytes(8).toString('hex')}`,
          secretAccessKey: randomBytes(20).toString('hex'),
        },
        /S3 InvalidAccessKeyId \(HTTP 403\) for bucket kratix at http:\/\/127\.0\.0\.1:\d+: /,
      ],
    ])(
      'names the store unreadable with S3’s reason, and no key in it, for %s',
      async (_name, credentials, reason) => {
        const bucket = source({ credentials });
        const error = await bucket.listFiles().catch(e => e);
        expect(error).toBeInstanceOf(StateStoreUnreadableError);
        expect(error.message).toMatch(
          /^BucketStateStore minio-store cannot be read: /,
        );
        expect(error.reason).toMatch(reason);
        const shown = [
          inspect(error, { showHidden: true, depth: 5 }),
          String(bucket.health().reason),
        ].join('\n');
        expect(shown).not.toContain(credentials.secretAccessKey);
        expect(shown).not.toContain(credentials.accessKeyId);
        expect(bucket.health()).toEqual(
          expect.objectContaining({ readable: false }),
        );
        const { files, problems } = await listStateStoreFiles([bucket]);
        expect(files.size).toBe(0);
        expect(problems).toEqual([
          {
            store: { kind: 'BucketStateStore', name: 'minio-store' },
            reason: expect.stringMatching(reason),
          },
        ]);
        bucket.destroy();
      },
    );

    it('names a bucket that does not exist', async () => {
      const bucket = source({
        store: bucketStore({ endpoint, bucketName: 'no-such-bucket' }),
      });
      await expect(bucket.listFiles()).rejects.toThrow(
        /S3 NoSuchBucket \(HTTP 404\) for bucket no-such-bucket/,
      );
      bucket.destroy();
    });

    it('names an endpoint nothing answers on, without waiting for long', async () => {
      // A port that was free a moment ago: connections are refused.
      const closed = await new Promise<number>(resolve => {
        const probe = createServer().listen(0, '127.0.0.1', () => {
          const { port } = probe.address() as { port: number };
          probe.close(() => resolve(port));
        });
      });
      const bucket = source({
        store: bucketStore({ endpoint: `127.0.0.1:${closed}` }),
      });
      const started = Date.now();
      await expect(bucket.listFiles()).rejects.toThrow(
        /BucketStateStore minio-store cannot be read: S3 .*ECONNREFUSED/,
      );
      expect(Date.now() - started).toBeLessThan(10_000);
      bucket.destroy();
    });

    describe('made from a platform’s stateStores configuration', () => {
      const sources = (entries: object[]) =>
        new StateStoreSources({
          platform: 'prod',
          repository: { path: '/srv/platform', branch: 'main' },
          clonesPath: '/tmp/never-used',
          rootConfig: new ConfigReader({}),
          stateStores: entries as never,
        });

      it('reads the bucket with the configured keys, at the configured endpoint', async () => {
        const [bucket] = sources([
          {
            name: 'minio-store',
            endpoint: `http://${endpoint}`,
            ...KEYS,
          },
        ]).sourcesFor([
          bucketStore({
            endpoint: 'minio.kratix-platform-system.svc.cluster.local',
          }),
        ]);
        expect(await bucket.listFiles()).toHaveLength(4);
        (bucket as BucketStateStoreSource).destroy();
      });

      it('names a store with no configured keys as unreadable, saying where Kratix reads them and which key to set (Kratix lib/writers/s3.go NewS3Writer: accessKeyID, secretAccessKey)', async () => {
        const [bucket] = sources([]).sourcesFor([bucketStore({ endpoint })]);
        await expect(bucket.listFiles()).rejects.toThrow(
          'BucketStateStore minio-store cannot be read: no credentials configured: Kratix reads accessKeyID and secretAccessKey from the store\'s secretRef (Secret default/minio-credentials), which a gitops platform has no cluster to read; set accessKeyId and secretAccessKey in the stateStores entry named "minio-store" of platform prod',
        );
        await expect(bucket.readFile(RESOURCE_KEY)).rejects.toThrow(
          StateStoreUnreadableError,
        );
        expect(bucket.health()).toEqual({
          store: { kind: 'BucketStateStore', name: 'minio-store' },
          readable: false,
          reason: expect.stringContaining('no credentials configured'),
        });
      });

      it('names an authMethod Kratix does not know (Kratix lib/writers/s3.go NewS3Writer: unknown authMethod)', async () => {
        const [bucket] = sources([]).sourcesFor([
          bucketStore({ endpoint, authMethod: 'OIDC' as never }),
        ]);
        await expect(bucket.listFiles()).rejects.toThrow(
          'unknown authMethod OIDC',
        );
      });
    });
  },
);

describe('where Kratix puts a BucketStateStore’s objects', () => {
  it.each([
    [undefined, ''],
    ['', ''],
    ['.', ''],
    ['/', ''],
    ['destinations', 'destinations/'],
    ['destinations/', 'destinations/'],
    ['./a//b/', 'a/b/'],
    // Go's filepath.Join keeps a leading slash, so minio-go is given the key `/kratix/...`.
    ['/kratix', '/kratix/'],
  ])(
    'spec.path %p is the key prefix %p (Kratix lib/writers/s3.go: filepath.Join(spec.path, …))',
    (path, prefix) => {
      expect(bucketKeyPrefix(path)).toBe(prefix);
    },
  );

  it('talks https to spec.endpoint unless spec.insecure (Kratix lib/writers/s3.go: minio.Options{Secure: !Insecure})', () => {
    expect(bucketEndpointUrl('minio:9000', false)).toBe('https://minio:9000');
    expect(bucketEndpointUrl('minio:9000', true)).toBe('http://minio:9000');
    expect(bucketEndpointUrl('http://127.0.0.1:9000', false)).toBe(
      'http://127.0.0.1:9000',
    );
  });
});
