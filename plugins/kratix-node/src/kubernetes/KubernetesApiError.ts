import { scrubSecrets } from '@kratix-backstage/plugin-kratix-common';

/**
 * Scrubbed of the client's secrets, and of any bearer token quoted with its scheme: a
 * token the client got elsewhere (an exec plugin's, a rotated file's) is not in `secrets`.
 */
const scrub = (text: string, secrets: string[]) =>
  scrubSecrets(text, secrets).replace(/Bearer\s+[^\s"',;]+/gi, 'Bearer ***');

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
        scrub(`${what}: ${body?.message ?? `HTTP ${code}`}`, secrets),
        body?.reason,
      );
    }
    // Network failures: no status; 503 is how the suite reports an unreachable platform.
    return new KubernetesApiError(
      503,
      scrub(`${what}: ${e?.message ?? String(error)}`, secrets),
      'ServiceUnavailable',
    );
  }
}
