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

  /** Turns whatever client-node threw (ApiException, fetch error) into a KubernetesApiError. */
  static from(error: unknown, what: string): KubernetesApiError {
    if (error instanceof KubernetesApiError) return error;
    const e = error as { code?: number; statusCode?: number; body?: unknown; message?: string };
    const code = e?.code ?? e?.statusCode;
    if (typeof code === 'number' && code >= 400) {
      let body: { message?: string; reason?: string } | undefined;
      try {
        body = typeof e.body === 'string' ? JSON.parse(e.body) : (e.body as typeof body);
      } catch {
        body = undefined;
      }
      return new KubernetesApiError(code, `${what}: ${body?.message ?? `HTTP ${code}`}`, body?.reason);
    }
    // Network failures: no status; 503 is how the suite reports an unreachable platform.
    const message = (e?.message ?? String(error)).replace(/Bearer\s+\S+/gi, 'Bearer ***');
    return new KubernetesApiError(503, `${what}: ${message}`, 'ServiceUnavailable');
  }
}
