import { scrubSecrets } from '@kratix-backstage/plugin-kratix-common';

/**
 * An error from the platform's API server, with the HTTP status and the Kubernetes
 * `Status` reason, and a message that never carries credentials.
 * @public
 */
export class KubernetesApiError extends Error {
  readonly statusCode: number;
  readonly reason?: string;

  constructor(statusCode: number, message: string, reason?: string) {
    super(message);
    this.name = 'KubernetesApiError';
    this.statusCode = statusCode;
    this.reason = reason;
  }

  /**
   * Turns whatever client-node threw (ApiException, fetch error) into a KubernetesApiError.
   * `secrets` are the credentials the client holds (tokens, client keys): the message is
   * scrubbed of them in every form, whatever the server or the HTTP client put in it.
   */
  static from(
    error: unknown,
    what: string,
    secrets: string[] = [],
  ): KubernetesApiError {
    if (error instanceof KubernetesApiError) return error;
    const e = error as {
      code?: number;
      statusCode?: number;
      body?: unknown;
      message?: string;
    };
    const code = e?.code ?? e?.statusCode;
    if (typeof code === 'number' && code >= 400) {
      let body: { message?: string; reason?: string } | undefined;
      try {
        body =
          typeof e.body === 'string'
            ? JSON.parse(e.body)
            : (e.body as typeof body);
      } catch {
        body = undefined;
      }
      return new KubernetesApiError(
        code,
        scrubSecrets(`${what}: ${body?.message ?? `HTTP ${code}`}`, secrets),
        body?.reason,
      );
    }
    // Network failures: no status; 503 is how the suite reports an unreachable platform.
    const message = (e?.message ?? String(error)).replace(
      /Bearer\s+\S+/gi,
      'Bearer ***',
    );
    return new KubernetesApiError(
      503,
      scrubSecrets(`${what}: ${message}`, secrets),
      'ServiceUnavailable',
    );
  }
}
