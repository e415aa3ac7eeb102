/*
 * Credentials on the real path: a git remote over HTTP on 127.0.0.1 (`git http-backend`
 * behind Basic auth) that demands the token, written to through createRequestWriter, made to
 * fail fetches and pushes. Every HTTP response, log line, error (message, stack, every
 * property) and the argument list of every git process seen while git ran is scanned for
 * the token and its base64 forms. Prints what it scanned and what it found.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect, promisify } from 'node:util';
import { ConfigReader } from '@backstage/config';
import { ResourceRequest } from '@kratix-backstage/plugin-kratix-common';
import {
  basicCredentials,
  countSecrets,
  createBareRepository,
  declinePushes,
  GitHttpServer,
  gitHttpIntegrations,
  startGitHttpServer,
} from '../testing/gitHttpServer';
import {
  isGitNetworkCommand,
  watchArgumentLists,
} from '../testing/processArgumentWatcher';
import { eventually } from '../testing/kubeConfigFor';
import { RepositoryConfig } from '../config/readKratixConfig';
import { git } from '../gitops/git';
import { createRequestWriter } from '../gitops/createRepository';
import { GitOpsKratixPlatform } from '../platform/GitOpsKratixPlatform';
import { capturingLogger } from '../testing/capturingLogger';

// Real git over HTTP, with pushes retried: generous on a loaded 2-core CI machine.
jest.setTimeout(60_000);

const TOKEN = `ghs_${randomBytes(18).toString('hex')}`;
const BASIC = basicCredentials(TOKEN);
const occurrences = (text: string) => countSecrets(text, TOKEN);

/** The git server, shared by the file; its responses are all scanned for the figure. */
let server: GitHttpServer;

/** Everything scanned for the whole file, for the figure. */
const scanned = {
  errors: [] as string[],
  cmdlines: [] as string[],
  logs: [] as string[],
};
afterAll(() => {
  const responses = server?.responses ?? [];
  const found = countSecrets(
    [...scanned.errors, ...scanned.cmdlines, ...scanned.logs, ...responses],
    TOKEN,
  );
  // eslint-disable-next-line no-console
  console.log(
    `git-credentials: ${scanned.errors.length} error messages, ${scanned.cmdlines.length} process argument lists, ${scanned.logs.length} log lines scanned, ${found} credentials found; ${responses.length} HTTP responses scanned`,
  );
});

/** Everything an error carries: message, stack and every property (stderr, cmd, cause...). */
const describeError = (error: unknown) =>
  inspect(error, { depth: 5, showHidden: true });

const jenkins = (name: string): ResourceRequest => ({
  apiVersion: 'marketplace.kratix.io/v1alpha1',
  kind: 'jenkins',
  metadata: { name, namespace: 'team-creds' },
  spec: { env: 'dev' },
});

describe('git remote credentials', () => {
  let root: string;
  let bare: string;

  beforeAll(async () => {
    server = await startGitHttpServer({ token: TOKEN });
  });
  afterAll(() => server.close());

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'kratix-git-creds-'));
    bare = await createBareRepository(join(root, 'platform.git'));
    server.root = root;
    server.reset();
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const remoteUrl = () => server.url('platform.git');
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
      integrations: gitHttpIntegrations(server, TOKEN, { declareHttpBase }),
    });

  /** Runs git operations while the argument lists are watched; scans what they leave behind. */
  async function scanning(
    run: (texts: { errors: string[]; logs: string[] }) => Promise<void>,
  ) {
    const texts = { errors: [] as string[], logs: [] as string[] };
    const responsesBefore = server.responses.length;
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
    const all = [
      ...texts.errors,
      ...texts.logs,
      ...cmdlines,
      ...server.responses.slice(responsesBefore),
    ];
    expect(countSecrets(all, TOKEN)).toBe(0);
    // The scan really ran while git talked to the remote.
    expect(cmdlines.some(isGitNetworkCommand)).toBe(true);
  }

  const remoteFiles = async () =>
    (await git(bare, ['ls-tree', '-r', '--name-only', 'main']))
      .trim()
      .split('\n')
      .filter(Boolean);

  it('pushes a request through the writer with the token only in git’s environment', async () => {
    await scanning(async () => {
      const writer = createRequestWriter(repository('ok'), rootConfig());
      const result = await writer.submit('jenkins', jenkins('landed'));
      expect(result.action).toBe('created');
    });
    expect(await remoteFiles()).toEqual([
      'requests/jenkins/team-creds/landed.yaml',
    ]);
    expect(server.requests.length).toBeGreaterThan(0);
    expect(server.requests.every(r => r.authorized)).toBe(true);
  });

  it.each([
    [
      'the server answers 500 to upload-pack',
      async () => void (server.refuse['git-upload-pack'] = 500),
    ],
    [
      'the bare repository is gone',
      async () => rm(bare, { recursive: true, force: true }),
    ],
  ])(
    'fails a fetch when %s, and no credential leaves in the error, the logs or the health',
    async (_name, fault) => {
      await scanning(async texts => {
        await fault();
        const writer = createRequestWriter(repository('fetch'), rootConfig());
        const error = await writer.submit('jenkins', jenkins('unfetched')).then(
          () => undefined,
          e => e,
        );
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
        const read = await platform.listRequests().then(
          () => undefined,
          e => e,
        );
        expect(read).toBeInstanceOf(Error);
        texts.errors.push(
          describeError(read),
          String(platform.health().lastError),
        );
        const unsubscribe = platform.subscribe(() => undefined);
        await eventually(() => texts.logs.length >= 2, 10_000);
        unsubscribe();
      });
    },
  );

  it.each([
    ['a pre-receive hook declines it', () => declinePushes(bare)],
    [
      'the server answers 403 to receive-pack',
      async () => void (server.refuse['git-receive-pack'] = 403),
    ],
  ])(
    'fails a push when %s, and no credential leaves in the error',
    async (_name, fault) => {
      await scanning(async texts => {
        await fault();
        const writer = createRequestWriter(repository('push'), rootConfig());
        const error = await writer.submit('jenkins', jenkins('unpushed')).then(
          () => undefined,
          e => e,
        );
        expect(error).toBeInstanceOf(Error);
        expect((error as Error).message).toMatch(/Push to main failed/);
        texts.errors.push(describeError(error));
      });
      expect(await remoteFiles()).toEqual([]);
    },
  );

  it('scrubs a credential the remote itself quotes back in its error', async () => {
    await scanning(async texts => {
      server.refuse['git-upload-pack'] = 'echo';
      const writer = createRequestWriter(repository('echo'), rootConfig());
      const error = await writer.submit('jenkins', jenkins('echoed')).then(
        () => undefined,
        e => e,
      );
      expect(error).toBeInstanceOf(Error);
      // git did print the header: what is left of it is the scrubber's mark.
      expect((error as Error).message).toContain('cannot serve Basic ***');
      texts.errors.push(describeError(error));
    });
  });

  it('sends no credential to a plain-http remote whose integration does not declare that http base URL', async () => {
    await scanning(async texts => {
      const writer = createRequestWriter(
        repository('undeclared'),
        rootConfig(false),
      );
      const error = await writer.submit('jenkins', jenkins('anonymous')).then(
        () => undefined,
        e => e,
      );
      expect(error).toBeInstanceOf(Error);
      texts.errors.push(describeError(error));
    });
    expect(server.requests.length).toBeGreaterThan(0);
    expect(server.requests.some(r => r.withAuthorization)).toBe(false);
  });

  it('would catch a token put on git’s command line the old way (the scan is not blind)', async () => {
    // Not counted in the figure: this is the leak the suite guards against, made on purpose.
    server.refuse['git-upload-pack'] = 500;
    const stop = await watchArgumentLists();
    const error = await promisify(execFile)(
      'git',
      [
        '-c',
        `http.extraHeader=Authorization: Basic ${BASIC}`,
        'ls-remote',
        remoteUrl(),
      ],
      { env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } },
    ).then(
      () => undefined,
      e => e,
    );
    const { cmdlines } = await stop();
    expect(occurrences(cmdlines.join('\n'))).toBeGreaterThan(0);
    expect(occurrences((error as Error).message)).toBeGreaterThan(0);
  });
});
