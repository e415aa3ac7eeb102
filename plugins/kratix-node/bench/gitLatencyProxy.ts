/*
 * A proxy in front of a git HTTP server that waits before forwarding each request, so every
 * round trip git makes (a fetch is two or three HTTP requests, a push two) costs what it
 * would over a network. It counts the requests it forwards.
 */
import {
  createServer,
  IncomingMessage,
  request as forward,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';

export interface GitLatencyProxy {
  readonly port: number;
  readonly baseUrl: string;
  url(repository: string): string;
  /** Requests forwarded, by git service (`git-upload-pack`, `git-receive-pack`). */
  readonly requests: Map<string, number>;
  close(): Promise<void>;
}

export async function startGitLatencyProxy(options: {
  /** Port of the git HTTP server on 127.0.0.1. */
  targetPort: number;
  delayMs: number;
}): Promise<GitLatencyProxy> {
  const requests = new Map<string, number>();
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const service =
      url.searchParams.get('service') ?? url.pathname.split('/').pop() ?? '';
    requests.set(service, (requests.get(service) ?? 0) + 1);
    setTimeout(() => {
      const out = forward(
        {
          host: '127.0.0.1',
          port: options.targetPort,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        answer => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      out.on('error', () => {
        if (!res.headersSent) res.writeHead(502).end();
        else res.destroy();
      });
      req.pipe(out);
    }, options.delayMs);
  };
  const server = createServer(handle);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    port,
    baseUrl,
    url: repository => `${baseUrl}/${repository.replace(/^\/+/, '')}`,
    requests,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
