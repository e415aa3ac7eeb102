import { KubeConfig, RequestContext } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import https from 'node:https';

/** Keys of an auth provider's config that hold secrets (oidc, gcp, azure). */
const PROVIDER_SECRETS = [
  'access-token',
  'id-token',
  'refresh-token',
  'client-secret',
];

/** How many of the bearer tokens sent are kept (a rotated token is a new one). */
const SENT_TOKENS_KEPT = 32;

const readOrNothing = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/**
 * A copy of a KubeConfig that tells every bearer token it puts on a request: the token of a
 * file (the in-cluster service account's, which the kubelet rotates and the client reads
 * again every minute) or of an exec plugin (EKS, GKE) is known only once it is sent.
 * Every path of client-node's authentication goes through these two methods (a fetch's
 * options are built with applyToHTTPSOptions).
 */
class TokenRecordingKubeConfig extends KubeConfig {
  constructor(from: KubeConfig, private readonly onToken: (t: string) => void) {
    super();
    this.loadFromOptions({
      clusters: from.getClusters(),
      users: from.getUsers(),
      contexts: from.getContexts(),
      currentContext: from.getCurrentContext(),
    });
  }

  override async applyToHTTPSOptions(
    opts: Parameters<KubeConfig['applyToHTTPSOptions']>[0],
  ): Promise<void> {
    await super.applyToHTTPSOptions(opts);
    const headers = ((opts as https.RequestOptions).headers ?? {}) as Record<
      string,
      unknown
    >;
    this.record(headers.Authorization ?? headers.authorization);
  }

  override async applySecurityAuthentication(
    context: RequestContext,
  ): Promise<void> {
    await super.applySecurityAuthentication(context);
    const headers = context.getHeaders();
    this.record(headers.Authorization ?? headers.authorization);
  }

  private record(header: unknown): void {
    const token = /^Bearer\s+(.+)$/i.exec(String(header ?? ''))?.[1];
    if (token) this.onToken(token);
  }
}

/**
 * Everything secret a KubeConfig's users hold, for scrubbing error messages: tokens (a
 * kubeconfig's `token-file` is read into its user's token when loaded), passwords, client
 * keys inline or in a file, auth providers' tokens, the content of a `tokenFile` provider's
 * file (the in-cluster service account's; read again whenever the secrets are asked for, as
 * the kubelet rotates it) and every bearer token sent through {@link kubeConfig} (so an
 * exec plugin's token, or a rotated file's older one, is scrubbed too).
 * @internal
 */
export class ClusterCredentials {
  /** The KubeConfig to make every call with, so the tokens it sends are known. */
  readonly kubeConfig: KubeConfig;
  private readonly fixed: string[];
  private readonly tokenFiles: string[];
  private readonly seen = new Set<string>();

  constructor(kubeConfig: KubeConfig) {
    this.kubeConfig = new TokenRecordingKubeConfig(kubeConfig, token =>
      this.remember(token),
    );
    this.fixed = kubeConfig.getUsers().flatMap(user => {
      const provider = (user.authProvider?.config ?? {}) as Record<
        string,
        unknown
      >;
      // keyData is the base64 of a PEM key: both it and the PEM text are secret.
      const key = user.keyData
        ? [user.keyData, Buffer.from(user.keyData, 'base64').toString('utf8')]
        : [];
      const keyFile = user.keyFile ? readOrNothing(user.keyFile) : undefined;
      return [
        user.token,
        user.password,
        ...key,
        keyFile,
        ...PROVIDER_SECRETS.map(k => provider[k]),
      ].filter((v): v is string => typeof v === 'string' && v.length > 0);
    });
    this.tokenFiles = kubeConfig
      .getUsers()
      .map(
        user =>
          (user.authProvider?.config as { tokenFile?: unknown })?.tokenFile,
      )
      .filter((f): f is string => typeof f === 'string');
    this.current();
  }

  /** The secrets to scrub now. */
  current(): string[] {
    for (const file of this.tokenFiles) {
      const text = readOrNothing(file);
      // The client sends the file's content as it is; a trailing newline is not the token's.
      if (text) for (const t of [text, text.trim()]) this.remember(t);
    }
    return [...this.fixed, ...this.seen];
  }

  private remember(secret: string): void {
    if (!secret || this.seen.has(secret)) return;
    this.seen.add(secret);
    if (this.seen.size > SENT_TOKENS_KEPT)
      this.seen.delete(this.seen.values().next().value as string);
  }
}
