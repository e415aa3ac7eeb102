/*
 * A git remote over HTTP on 127.0.0.1 for credential tests: `git http-backend` as a CGI
 * behind Basic auth that demands one token, with faults to inject (an HTTP status per git
 * service, or a 500 that quotes the request's Authorization header back), and every
 * response it sends kept for a scan. Plus the forms a token can leak in and a counter of them.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { git } from '../gitops/git';

/** The user name git sends with an integration's token (as createRequestWriter does). @internal */
export const GIT_HTTP_USER = 'x-access-token';

/** The base64 of the Basic pair `x-access-token:<token>` git sends in its Authorization header. @internal */
export function basicCredentials(token: string, user = GIT_HTTP_USER): string {
  return Buffer.from(`${user}:${token}`).toString('base64');
}

/**
 * Every form of a token that must never be found in a log, an error, a response or an
 * argument list: the token itself, the Basic pair git sends (base64 and base64url) and the
 * token's own base64 forms.
 * @internal
 */
export function secretForms(token: string, user = GIT_HTTP_USER): string[] {
  const pair = `${user}:${token}`;
  return [
    ...new Set([
      token,
      Buffer.from(pair).toString('base64'),
      Buffer.from(pair).toString('base64url'),
      Buffer.from(token).toString('base64'),
      Buffer.from(token).toString('base64url'),
    ]),
  ];
}

/** How many times any form of the token occurs in the texts (a form per occurrence). @internal */
export function countSecrets(
  texts: string | Iterable<string>,
  token: string,
  user = GIT_HTTP_USER,
): number {
  const forms = secretForms(token, user);
  let found = 0;
  for (const text of typeof texts === 'string' ? [texts] : texts) {
    for (const form of forms) found += text.split(form).length - 1;
  }
  return found;
}

/** The git services the server can be told to refuse. @internal */
export type GitHttpService = 'git-upload-pack' | 'git-receive-pack';

/**
 * A fault for one git service: an HTTP status to answer with, or `echo` for a remote that
 * quotes the request's Authorization header in its 500 (git prints such a body to stderr).
 * An `echo` response leaks on purpose and is not kept in `responses`.
 * @internal
 */
export type GitHttpFault = number | 'echo';

/** One request the server received. @internal */
export interface GitHttpRequestRecord {
  method: string;
  url: string;
  /** It carried the expected Basic credentials. */
  authorized: boolean;
  /** It carried an Authorization header at all. */
  withAuthorization: boolean;
}

/** A running test git server. @internal */
export interface GitHttpServer {
  readonly port: number;
  /** `http://127.0.0.1:<port>`. */
  readonly baseUrl: string;
  /** Folder the repositories are served from (GIT_PROJECT_ROOT); may be changed between tests. */
  root: string;
  /** Faults to inject, by git service. */
  refuse: Partial<Record<GitHttpService, GitHttpFault>>;
  /** Every request received since the last reset. */
  readonly requests: GitHttpRequestRecord[];
  /** Every response sent (status, headers and body as latin1 text), never cleared by reset. */
  readonly responses: string[];
  /** The URL of a repository under the root, e.g. `url('platform.git')`. */
  url(repository: string): string;
  /** Clears the faults and the request records. */
  reset(): void;
  close(): Promise<void>;
}

/** Starts `git http-backend` behind Basic auth for `x-access-token:<token>` on 127.0.0.1. @internal */
export async function startGitHttpServer(options: {
  token: string;
  root?: string;
  user?: string;
}): Promise<GitHttpServer> {
  const user = options.user ?? GIT_HTTP_USER;
  const expected = `Basic ${basicCredentials(options.token, user)}`;
  let server: Server | undefined = undefined;
  const state: GitHttpServer = {
    port: 0,
    baseUrl: '',
    root: options.root ?? '',
    refuse: {},
    requests: [],
    responses: [],
    url: repository => `${state.baseUrl}/${repository.replace(/^\/+/, '')}`,
    reset: () => {
      state.refuse = {};
      state.requests.length = 0;
    },
    close: () =>
      new Promise<void>(resolve =>
        server ? server.close(() => resolve()) : resolve(),
      ),
  };

  function handle(req: IncomingMessage, res: ServerResponse) {
    const send = (
      status: number,
      headers: Record<string, string>,
      body: Buffer,
      leaksOnPurpose = false,
    ) => {
      if (!leaksOnPurpose)
        state.responses.push(
          `${status} ${JSON.stringify(headers)}\n${body.toString('latin1')}`,
        );
      res.writeHead(status, headers).end(body);
    };
    const authorized = req.headers.authorization === expected;
    state.requests.push({
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      authorized,
      withAuthorization: req.headers.authorization !== undefined,
    });
    if (!authorized) {
      req.resume();
      send(
        401,
        {
          'WWW-Authenticate': 'Basic realm="kratix-test"',
          'Content-Type': 'text/plain',
        },
        Buffer.from('credentials required\n'),
      );
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const service = (url.searchParams.get('service') ??
      url.pathname.split('/').pop()) as GitHttpService;
    const refused = state.refuse[service];
    if (refused === 'echo') {
      req.resume();
      send(
        500,
        { 'Content-Type': 'text/plain' },
        Buffer.from(`cannot serve ${req.headers.authorization}\n`),
        true,
      );
      return;
    }
    if (refused) {
      req.resume();
      send(
        refused,
        { 'Content-Type': 'text/plain' },
        Buffer.from(`${service} refused by the test server\n`),
      );
      return;
    }
    const cgi = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
        GIT_PROJECT_ROOT: state.root,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: url.pathname,
        REQUEST_METHOD: req.method ?? 'GET',
        QUERY_STRING: url.search.slice(1),
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        ...(req.headers['content-length']
          ? { CONTENT_LENGTH: req.headers['content-length'] }
          : {}),
        HTTP_CONTENT_ENCODING: String(req.headers['content-encoding'] ?? ''),
        GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
        REMOTE_USER: user,
        REMOTE_ADDR: '127.0.0.1',
      },
    });
    req.pipe(cgi.stdin);
    // A client that hangs up early must not crash the test process with EPIPE.
    cgi.stdin.on('error', () => undefined);
    const out: Buffer[] = [];
    cgi.stdout.on('data', chunk => out.push(chunk));
    cgi.on('error', () =>
      send(
        502,
        { 'Content-Type': 'text/plain' },
        Buffer.from('git http-backend did not start\n'),
      ),
    );
    cgi.on('close', () => {
      if (res.headersSent) return;
      const all = Buffer.concat(out);
      const split =
        all.indexOf('\r\n\r\n') >= 0
          ? all.indexOf('\r\n\r\n')
          : all.indexOf('\n\n');
      const gap = all[split] === 13 ? 4 : 2;
      const headers: Record<string, string> = {};
      let status = 200;
      for (const line of all
        .subarray(0, Math.max(0, split))
        .toString('latin1')
        .split(/\r?\n/)) {
        const [name, ...rest] = line.split(':');
        const value = rest.join(':').trim();
        if (/^status$/i.test(name)) status = Number.parseInt(value, 10);
        else if (name) headers[name] = value;
      }
      send(status, headers, all.subarray(split < 0 ? 0 : split + gap));
    });
  }

  server = createServer(handle);
  await new Promise<void>(resolve => server!.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  Object.assign(state, { port, baseUrl: `http://127.0.0.1:${port}` });
  return state;
}

/**
 * Creates a bare repository the server accepts pushes to, with `main` holding either an
 * empty root commit or, given `seed`, the HEAD of that working tree.
 * @internal
 */
export async function createBareRepository(
  path: string,
  options: { seed?: string } = {},
): Promise<string> {
  await mkdir(path, { recursive: true });
  await git(path, ['init', '--quiet', '--bare', '--initial-branch=main']);
  await git(path, ['config', 'http.receivepack', 'true']);
  if (options.seed) {
    await git(options.seed, ['push', '--quiet', path, 'HEAD:refs/heads/main']);
  } else {
    const seed = `${path.replace(/\/+$/, '')}.seed`;
    await git(join(seed, '..'), ['clone', '--quiet', path, seed]);
    await git(seed, ['commit', '--quiet', '--allow-empty', '-m', 'root']);
    await git(seed, ['push', '--quiet', 'origin', 'HEAD:main']);
  }
  return path;
}

/** Makes a bare repository decline every push with a pre-receive hook that exits 1. @internal */
export async function declinePushes(
  bare: string,
  message = 'declined by the test hook',
): Promise<void> {
  const hook = join(bare, 'hooks', 'pre-receive');
  await mkdir(join(bare, 'hooks'), { recursive: true });
  await writeFile(
    hook,
    `#!/bin/sh\necho "${message.replace(/["\\$`]/g, '')}" >&2\nexit 1\n`,
  );
  await chmod(hook, 0o755);
}

/**
 * The `integrations` config for the server: a GitLab integration for its host with the token.
 * Declaring its plain-http base URL is what lets createRequestWriter send the token there.
 * @internal
 */
export function gitHttpIntegrations(
  server: Pick<GitHttpServer, 'port'>,
  token: string,
  options: { declareHttpBase?: boolean } = {},
) {
  const host = `127.0.0.1:${server.port}`;
  return {
    gitlab: [
      {
        host,
        apiBaseUrl: `http://${host}/api/v4`,
        token,
        ...(options.declareHttpBase === false
          ? {}
          : { baseUrl: `http://${host}` }),
      },
    ],
  };
}
