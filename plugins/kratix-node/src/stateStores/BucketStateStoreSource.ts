import {
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  BucketStateStore,
  scrubSecrets,
} from '@kratix-backstage/plugin-kratix-common';
import {
  isUnder,
  KRATIX_DOT_FOLDERS,
  StateStoreHealth,
  StateStoreSource,
  StateStoreUnreadableError,
  storeFolder,
} from './StateStoreSource';

/** Credentials for a bucket, as Kratix reads them from the store's Secret. */
export interface BucketCredentials {
  /** Kratix's `accessKeyID` Secret key. */
  accessKeyId: string;
  /** Kratix's `secretAccessKey` Secret key. */
  secretAccessKey: string;
}

/** Options of a {@link BucketStateStoreSource}. */
export interface BucketStateStoreSourceOptions {
  store: BucketStateStore;
  /**
   * Static credentials (authMethod `accessKey`). Without them the AWS SDK's default chain is
   * used, which is what authMethod `IAM` means (Kratix: minio-go `credentials.NewIAM`).
   */
  credentials?: BucketCredentials;
  /** Where to reach the bucket instead of `spec.endpoint`: `host:port` or an http(s) URL. */
  endpoint?: string;
  /** The region requests are signed for. Default: from an Amazon S3 endpoint, else `us-east-1`. */
  region?: string;
  /** Keys asked for per listing page (S3's own maximum is 1000). */
  pageSize?: number;
  /** Milliseconds one request may take. Default 15000. */
  requestTimeoutMs?: number;
}

/**
 * The key prefix Kratix writes a BucketStateStore's objects under: `filepath.Join(spec.path,
 * <destination path>)` (Kratix lib/writers/s3.go NewS3Writer, with the Destination's path
 * joined in later by UpdateFiles). Go's Join cleans the path but keeps a leading slash, so
 * `spec.path: /kratix` puts objects under the key `/kratix/…`; an empty path, or `.`, is the
 * bucket's root.
 */
export function bucketKeyPrefix(specPath: string | undefined): string {
  const folder = storeFolder(specPath);
  if (!folder) return '';
  return `${(specPath ?? '').startsWith('/') ? '/' : ''}${folder}/`;
}

/** The URL the client talks to: Kratix's endpoint is host[:port], https unless `insecure`. */
export function bucketEndpointUrl(endpoint: string, insecure: boolean): string {
  if (/^https?:\/\//i.test(endpoint)) return endpoint;
  return `${insecure ? 'http' : 'https'}://${endpoint}`;
}

/** Whether an endpoint is Amazon S3's own (virtual-hosted buckets, a region in the host). */
function amazonRegion(endpointUrl: string): string | undefined | null {
  let host: string;
  try {
    host = new URL(endpointUrl).hostname;
  } catch {
    return null;
  }
  if (!/(^|\.)amazonaws\.com(\.cn)?$/.test(host)) return null;
  return /^s3[.-](?:dualstack\.)?([a-z0-9-]+)\.amazonaws\.com/.exec(host)?.[1];
}

/**
 * A BucketStateStore read with an S3 client, laid out as Kratix's S3 writer lays it out: one
 * object per file, keyed `<spec.path>/<Destination path>/…` (see {@link bucketKeyPrefix}).
 * Every listing asks the bucket (no cache); any S3 failure (wrong keys, a missing bucket, an
 * endpoint that does not answer) makes the store unreadable with S3's reason, scrubbed of
 * the credentials.
 */
export class BucketStateStoreSource implements StateStoreSource {
  readonly store: { kind: 'BucketStateStore'; name: string };
  readonly bucket: string;
  /** The key prefix of `spec.path`, e.g. `destinations/`; '' for the bucket's root. */
  readonly prefix: string;
  readonly endpointUrl: string;
  private readonly client: S3Client;
  private readonly pageSize?: number;
  private readonly secrets: string[];
  /** The key of each file of the last listing, by its store path. */
  private keys = new Map<string, string>();
  private state: Omit<StateStoreHealth, 'store'> = { readable: false };

  constructor(options: BucketStateStoreSourceOptions) {
    const { store } = options;
    this.store = { kind: 'BucketStateStore', name: store.metadata.name };
    this.bucket = store.spec.bucketName;
    this.prefix = bucketKeyPrefix(store.spec.path);
    this.endpointUrl = bucketEndpointUrl(
      options.endpoint ?? store.spec.endpoint,
      !!store.spec.insecure,
    );
    this.pageSize = options.pageSize;
    this.secrets = options.credentials
      ? [options.credentials.accessKeyId, options.credentials.secretAccessKey]
      : [];
    const amazon = amazonRegion(this.endpointUrl);
    const timeout = options.requestTimeoutMs ?? 15_000;
    this.client = new S3Client({
      endpoint: this.endpointUrl,
      region: options.region ?? amazon ?? 'us-east-1',
      // Kratix's minio-go client addresses other S3-compatible servers by path.
      forcePathStyle: amazon === null,
      // A bucket in another region than the one signed for answers with a redirect; minio-go
      // (Kratix's client) finds the bucket's region itself, so follow it as it does.
      followRegionRedirects: true,
      credentials: options.credentials
        ? {
            accessKeyId: options.credentials.accessKeyId,
            secretAccessKey: options.credentials.secretAccessKey,
          }
        : undefined,
      // Checksums only where S3 requires them: S3-compatible servers do not all know them.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 2,
      requestHandler: {
        connectionTimeout: Math.min(timeout, 5000),
        requestTimeout: timeout,
      },
    });
  }

  async listFiles(): Promise<string[]> {
    const keys = new Map<string, string>();
    try {
      let token: string | undefined;
      do {
        const page = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: this.prefix || undefined,
            ContinuationToken: token,
            MaxKeys: this.pageSize,
          }),
        );
        for (const object of page.Contents ?? []) {
          const key = object.Key;
          if (!key || key.endsWith('/')) continue;
          const path = key.replace(/^\/+/, '');
          // Dot-folders other than .kratix are left out, as the repository's are.
          if (
            path
              .split('/')
              .some(s => s.startsWith('.') && !KRATIX_DOT_FOLDERS.has(s))
          )
            continue;
          keys.set(path, key);
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    } catch (error) {
      throw this.unreadable(error);
    }
    this.keys = keys;
    this.state = { readable: true, lastRead: new Date().toISOString() };
    return [...keys.keys()].sort();
  }

  async readFile(path: string): Promise<string | undefined> {
    const clean = path.replace(/^\/+/, '');
    const folder = this.prefix.replace(/^\/+|\/+$/g, '');
    if (!isUnder(clean, folder)) return undefined;
    const key =
      this.keys.get(clean) ??
      (this.prefix.startsWith('/') ? `/${clean}` : clean);
    try {
      const object = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key }),
      );
      return (await object.Body?.transformToString('utf8')) ?? '';
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === 'NoSuchKey' || name === 'NotFound') return undefined;
      throw this.unreadable(error);
    }
  }

  health(): StateStoreHealth {
    return { store: this.store, ...this.state };
  }

  /** Closes the client's connections. */
  destroy(): void {
    this.client.destroy();
  }

  /** The error for a failed S3 call: S3's code and message, scrubbed, with where it was asked. */
  private unreadable(error: unknown): StateStoreUnreadableError {
    const e = error as {
      name?: string;
      message?: string;
      code?: string;
      $metadata?: { httpStatusCode?: number };
    };
    const code = e?.code ?? e?.name ?? 'Error';
    const status = e?.$metadata?.httpStatusCode;
    const said = String(e?.message ?? error).split('\n')[0];
    const reason = scrubSecrets(
      `S3 ${code}${status ? ` (HTTP ${status})` : ''} for bucket ${
        this.bucket
      } at ${this.endpointUrl}: ${said}`,
      this.secrets,
    );
    this.state = { readable: false, lastRead: this.state.lastRead, reason };
    return new StateStoreUnreadableError(this.store, reason);
  }
}
