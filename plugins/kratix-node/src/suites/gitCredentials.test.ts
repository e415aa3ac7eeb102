/*
 * Credentials on the real path: a git remote over HTTP on 127.0.0.1 (`git http-backend`
 * behind Basic auth) that demands the token, written to through createRequestWriter, made to
 * fail fetches and pushes. Every HTTP response, log line, error (message, stack, every
 * property) and the argument list of every git process seen while git ran is scanned for
 * the token and its base64 forms. Prints what it scanned and what it found.
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect, promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { ResourceRequest } from '@kratix-backstage/plugin-kratix-common';
import { eventually } from '../__testUtils__/kubeConfigFor';
import { RepositoryConfig } from '../config/readKratixConfig';
import { git } from '../embedded/git';
import { createRequestWriter } from '../gitops/createRepository';
import { GitOpsKratixPlatform } from '../platform/GitOpsKratixPlatform';

// Real git over HTTP, with pushes retried: generous on a loaded 2-core CI machine.
jest.setTimeout(60_000);

const TOKEN = `ghs_${randomBytes(18).toString('hex')}`;
const BASIC = Buffer.from(`x-access-token:${TOKEN}`).toString('base64');
/** What must never be found: the token, the Basic pair git sends, and the token's own base64. */
const FORMS = [
  TOKEN,
  BASIC,
  Buffer.from(`x-access-token:${TOKEN}`).toString('base64url'),
  Buffer.from(TOKEN).toString('base64'),
  Buffer.from(TOKEN).toString('base64url'),
];
const occurrences = (text: string) => FORMS.reduce((n, form) => n + text.split(form).length - 1, 0);

/** Everything scanned for the whole file, for the figure. */
const scanned = { errors: [] as string[], cmdlines: [] as string[], logs: [] as string[], responses: [] as string[] };
afterAll(() => {
  const found = [...scanned.errors, ...scanned.cmdlines, ...scanned.logs, ...scanned.responses].reduce(
    (n, text) => n + occurrences(text),
    0,
  );
  // eslint-disable-next-line no-console
  console.log(
    `git-credentials: ${scanned.errors.length} error messages, ${scanned.cmdlines.length} process argument lists, ${scanned.logs.length} log lines scanned, ${found} credentials found; ${scanned.responses.length} HTTP responses scanned`,
  );
});

/**
 * Reads the argument list of every git process descended from this one, in a worker
 * thread so the scan never stalls the HTTP server this same event loop runs. Environments
 * are not read: that is where credentials are meant to be.
 */
const SCANNER = `
const { parentPort, workerData } = require('node:worker_threads');
const { readdirSync, readFileSync } = require('node:fs');
const stop = new Int32Array(workerData.stop);
const parentOf = pid => {
  try {
    const stat = readFileSync('/proc/' + pid + '/stat', 'latin1');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch { return 0; }
};
const ours = pid => {
  for (let p = pid, depth = 0; p > 1 && depth < 32; depth++) {
    p = parentOf(p);
    if (p === workerData.root) return true;
  }
  return false;
};
const seen = new Map();
let scans = 0;
while (Atomics.load(stop, 0) === 0) {
  for (const pid of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(pid)) continue;
    let cmdline;
    try { cmdline = readFileSync('/proc/' + pid + '/cmdline', 'latin1'); } catch { continue; }
    if (!/(^|\\/)git/.test(cmdline.split('\\0')[0])) continue;
    const key = pid + ' ' + cmdline;
    if (!seen.has(key) && ours(Number(pid))) seen.set(key, cmdline.split('\\0').filter(Boolean).join(' '));
  }
  if (++scans === 1) parentPort.postMessage({ ready: true });
  Atomics.wait(stop, 0, 0, 1);
}
parentPort.postMessage({ scans, cmdlines: [...seen.values()] });
`;

async function watchArgumentLists(): Promise<() => Promise<{ scans: number; cmdlines: string[] }>> {
  const stop = new SharedArrayBuffer(4);
  const worker = new Worker(SCANNER, { eval: true, workerData: { stop, root: process.pid } });
  const result = new Promise<{ scans: number; cmdlines: string[] }>((resolve, reject) => {
    worker.on('message', m => m.ready || resolve(m));
    worker.on('error', reject);
  });
  await new Promise(resolve => worker.once('message', resolve));
  return async () => {
    Atomics.store(new Int32Array(stop), 0, 1);
    const r = await result;
    await worker.terminate();
    return r;
  };
}

/** A root logger that keeps every line, with its error and metadata. */
function capturingLogger(lines: string[]): LoggerService {
  const make = (meta: object): LoggerService => {
    const log = (level: string) => (message: string, extra?: unknown) =>
      void lines.push(`${level} ${message} ${inspect(extra, { depth: 5 })} ${JSON.stringify(meta)}`);
    return { error: log('error'), warn: log('warn'), info: log('info'), debug: log('debug'), child: more => make({ ...meta, ...more }) };
  };
  return make({});
}

/** Everything an error carries: message, stack and every property (stderr, cmd, cause...). */
const describeError = (error: unknown) => inspect(error, { depth: 5, showHidden: true });

const jenkins = (name: string): ResourceRequest => ({
  apiVersion: 'marketplace.kratix.io/v1alpha1',
  kind: 'jenkins',
  metadata: { name, namespace: 'team-creds' },
  spec: { env: 'dev' },
});

describe('git remote credentials', () => {
  let server: Server;
  let port: number;
  let root: string;
  let bare: string;
  /**
   * Faults the server injects, by git service: an HTTP status, or `echo` for a remote that
   * quotes the request's Authorization header in its 500 (git prints such a body to stderr).
   */
  let refuse: { 'git-upload-pack'?: number | 'echo'; 'git-receive-pack'?: number | 'echo' } = {};
  let requests: Array<{ authorized: boolean; withAuthorization: boolean }> = [];

  /** `git http-backend` as a CGI behind Basic auth; every response is kept for the scan. */
  function handle(req: IncomingMessage, res: ServerResponse) {
    const send = (status: number, headers: Record<string, string>, body: Buffer, leaksOnPurpose = false) => {
      if (!leaksOnPurpose) scanned.responses.push(`${status} ${JSON.stringify(headers)}\n${body.toString('latin1')}`);
      res.writeHead(status, headers).end(body);
    };
    const authorized = req.headers.authorization === `Basic ${BASIC}`;
    requests.push({ authorized, withAuthorization: req.headers.authorization !== undefined });
    if (!authorized) {
      req.resume();
      send(401, { 'WWW-Authenticate': 'Basic realm="kratix-test"', 'Content-Type': 'text/plain' }, Buffer.from('credentials required\n'));
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const service = (url.searchParams.get('service') ?? url.pathname.split('/').pop()) as keyof typeof refuse;
    const refused = refuse[service];
    if (refused === 'echo') {
      req.resume();
      send(500, { 'Content-Type': 'text/plain' }, Buffer.from(`cannot serve ${req.headers.authorization}\n`), true);
      return;
    }
    if (refused) {
      req.resume();
      send(refused, { 'Content-Type': 'text/plain' }, Buffer.from(`${service} refused by the test server\n`));
      return;
    }
    const cgi = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: url.pathname,
        REQUEST_METHOD: req.method ?? 'GET',
        QUERY_STRING: url.search.slice(1),
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        ...(req.headers['content-length'] ? { CONTENT_LENGTH: req.headers['content-length'] } : {}),
        HTTP_CONTENT_ENCODING: String(req.headers['content-encoding'] ?? ''),
        GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
        REMOTE_USER: 'x-access-token',
        REMOTE_ADDR: '127.0.0.1',
      },
    });
    req.pipe(cgi.stdin);
    const out: Buffer[] = [];
    cgi.stdout.on('data', chunk => out.push(chunk));
    cgi.on('close', () => {
      const all = Buffer.concat(out);
      const split = all.indexOf('\r\n\r\n') >= 0 ? all.indexOf('\r\n\r\n') : all.indexOf('\n\n');
      const gap = all[split] === 13 ? 4 : 2;
      const headers: Record<string, string> = {};
      let status = 200;
      for (const line of all.subarray(0, Math.max(0, split)).toString('latin1').split(/\r?\n/)) {
        const [name, ...rest] = line.split(':');
        const value = rest.join(':').trim();
        if (/^status$/i.test(name)) status = Number.parseInt(value, 10);
        else if (name) headers[name] = value;
      }
      send(status, headers, all.subarray(split < 0 ? 0 : split + gap));
    });
  }

  beforeAll(async () => {
    server = createServer(handle);
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>(resolve => server.close(() => resolve())));

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'kratix-git-creds-'));
    bare = join(root, 'platform.git');
    await git(root, ['init', '--quiet', '--bare', '--initial-branch=main', bare]);
    await git(bare, ['config', 'http.receivepack', 'true']);
    const seed = join(root, 'seed');
    await git(root, ['clone', '--quiet', bare, seed]);
    await git(seed, ['commit', '--quiet', '--allow-empty', '-m', 'root']);
    await git(seed, ['push', '--quiet', 'origin', 'HEAD:main']);
    refuse = {};
    requests = [];
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const remoteUrl = () => `http://127.0.0.1:${port}/platform.git`;
  const repository = (clone: string): RepositoryConfig => ({
    path: join(root, clone),
    url: remoteUrl(),
    branch: 'main',
    pullRequests: false,
    platformPath: '.',
    requestsPath: 'requests',
    stateStorePaths: [],
  });
  /** An integration for the remote's host; declaring its plain-http base URL lets the token go there. */
  const rootConfig = (declareHttpBase = true) =>
    new ConfigReader({
      integrations: {
        gitlab: [
          {
            host: `127.0.0.1:${port}`,
            apiBaseUrl: `http://127.0.0.1:${port}/api/v4`,
            token: TOKEN,
            ...(declareHttpBase ? { baseUrl: `http://127.0.0.1:${port}` } : {}),
          },
        ],
      },
    });

  /** Runs git operations while the argument lists are watched; scans what they leave behind. */
  async function scanning(run: (texts: { errors: string[]; logs: string[] }) => Promise<void>) {
    const texts = { errors: [] as string[], logs: [] as string[] };
    const responsesBefore = scanned.responses.length;
    const stop = await watchArgumentLists();
    let cmdlines: string[] = [];
    try {
      await run(texts);
    } finally {
      cmdlines = (await stop()).cmdlines;
      scanned.errors.push(...texts.errors);
      scanned.logs.push(...texts.logs);
      scanned.cmdlines.push(...cmdlines);
    }
    const all = [...texts.errors, ...texts.logs, ...cmdlines, ...scanned.responses.slice(responsesBefore)];
    expect(all.map(occurrences).reduce((a, b) => a + b, 0)).toBe(0);
    // The scan really ran while git talked to the remote.
    expect(cmdlines.some(c => /\b(fetch|push|remote-https?|http-backend|upload-pack|receive-pack)\b/.test(c))).toBe(true);
  }

  const remoteFiles = async () => (await git(bare, ['ls-tree', '-r', '--name-only', 'main'])).trim().split('\n').filter(Boolean);

  it('pushes a request through the writer with the token only in git’s environment', async () => {
    await scanning(async () => {
      const writer = createRequestWriter(repository('ok'), rootConfig());
      const result = await writer.submit('jenkins', jenkins('landed'));
      expect(result.action).toBe('created');
    });
    expect(await remoteFiles()).toEqual(['requests/jenkins/team-creds/landed.yaml']);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every(r => r.authorized)).toBe(true);
  });

  it.each([
    ['the server answers 500 to upload-pack', async () => void (refuse['git-upload-pack'] = 500)],
    ['the bare repository is gone', async () => rm(bare, { recursive: true, force: true })],
  ])('fails a fetch when %s, and no credential leaves in the error, the logs or the health', async (_name, fault) => {
    await scanning(async texts => {
      await fault();
      const writer = createRequestWriter(repository('fetch'), rootConfig());
      const error = await writer.submit('jenkins', jenkins('unfetched')).then(() => undefined, e => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as { cmd?: unknown }).cmd).toBeUndefined();
      texts.errors.push(describeError(error));
      // A platform around the writer polls the remote and logs what failed, as the backend does.
      const platform = new GitOpsKratixPlatform({
        name: 'creds',
        directory: join(root, 'fetch'),
        writer,
        pollIntervalMs: 20,
        logger: capturingLogger(texts.logs),
      });
      const read = await platform.listRequests().then(() => undefined, e => e);
      expect(read).toBeInstanceOf(Error);
      texts.errors.push(describeError(read), String(platform.health().lastError));
      const unsubscribe = platform.subscribe(() => undefined);
      await eventually(() => texts.logs.length >= 2, 10_000);
      unsubscribe();
    });
  });

  it.each([
    [
      'a pre-receive hook declines it',
      async () => {
        const hook = join(bare, 'hooks', 'pre-receive');
        await writeFile(hook, '#!/bin/sh\necho "declined by the test hook" >&2\nexit 1\n');
        await chmod(hook, 0o755);
      },
    ],
    ['the server answers 403 to receive-pack', async () => void (refuse['git-receive-pack'] = 403)],
  ])('fails a push when %s, and no credential leaves in the error', async (_name, fault) => {
    await scanning(async texts => {
      await fault();
      const writer = createRequestWriter(repository('push'), rootConfig());
      const error = await writer.submit('jenkins', jenkins('unpushed')).then(() => undefined, e => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/Push to main failed/);
      texts.errors.push(describeError(error));
    });
    expect(await remoteFiles()).toEqual([]);
  });

  it('scrubs a credential the remote itself quotes back in its error', async () => {
    await scanning(async texts => {
      refuse['git-upload-pack'] = 'echo';
      const writer = createRequestWriter(repository('echo'), rootConfig());
      const error = await writer.submit('jenkins', jenkins('echoed')).then(() => undefined, e => e);
      expect(error).toBeInstanceOf(Error);
      // git did print the header: what is left of it is the scrubber's mark.
      expect((error as Error).message).toContain('cannot serve Basic ***');
      texts.errors.push(describeError(error));
    });
  });

  it('sends no credential to a plain-http remote whose integration does not declare that http base URL', async () => {
    await scanning(async texts => {
      const writer = createRequestWriter(repository('undeclared'), rootConfig(false));
      const error = await writer.submit('jenkins', jenkins('anonymous')).then(() => undefined, e => e);
      expect(error).toBeInstanceOf(Error);
      texts.errors.push(describeError(error));
    });
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.some(r => r.withAuthorization)).toBe(false);
  });

  it('would catch a token put on git’s command line the old way (the scan is not blind)', async () => {
    // Not counted in the figure: this is the leak the suite guards against, made on purpose.
    refuse['git-upload-pack'] = 500;
    const stop = await watchArgumentLists();
    const error = await promisify(execFile)(
      'git',
      ['-c', `http.extraHeader=Authorization: Basic ${BASIC}`, 'ls-remote', remoteUrl()],
      { env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } },
    ).then(() => undefined, e => e);
    const { cmdlines } = await stop();
    expect(occurrences(cmdlines.join('\n'))).toBeGreaterThan(0);
    expect(occurrences((error as Error).message)).toBeGreaterThan(0);
  });
});
