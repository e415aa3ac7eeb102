/*
 * No credential in a remote's URL: a URL with user info is refused before git runs, and the
 * supported way (the token in Backstage's `integrations`) leaves it in neither any git
 * argument list nor the clone's `.git/config`. Checked against a real git remote over HTTP
 * that demands the token; a control shows the same scan finds a token put in the URL.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigReader } from '@backstage/config';
import { RepositoryConfig } from '../config/readKratixConfig';
import { git } from './git';
import {
  countSecrets,
  createBareRepository,
  GitHttpServer,
  gitHttpIntegrations,
  GIT_HTTP_USER,
  startGitHttpServer,
} from '../testing/gitHttpServer';
import {
  isGitNetworkCommand,
  watchArgumentLists,
} from '../testing/processArgumentWatcher';
import { createRequestWriter } from './createRepository';
import { hasUserInfo, withoutUserInfo } from './remoteUrl';

// Real git over HTTP: generous on a loaded 2-core CI machine.
jest.setTimeout(60_000);

// Characters a URL must encode, so the encoded form is a form of its own.
const TOKEN = `glpat-${randomBytes(12).toString('hex')}+/=`;
/** Occurrences of the token: clear, URL-encoded, and the base64 forms of git's Basic header. */
const found = (texts: string[]) =>
  countSecrets(texts, TOKEN) +
  texts.join('\n').split(encodeURIComponent(TOKEN)).length -
  1;

describe('hasUserInfo and withoutUserInfo', () => {
  it.each([
    [
      'https://x-access-token:t0k3n@github.com/o/r.git',
      'https://***@github.com/o/r.git',
    ],
    ['https://t0k3n@github.com/o/r.git', 'https://***@github.com/o/r.git'],
    [
      'http://user:p%40ss@127.0.0.1:8080/r.git',
      'http://***@127.0.0.1:8080/r.git',
    ],
    ['file://user@host/srv/r.git', 'file://***@host/srv/r.git'],
  ])('%s has user info: %s', (url, redacted) => {
    expect(hasUserInfo(url)).toBe(true);
    expect(withoutUserInfo(url)).toBe(redacted);
  });

  it.each([
    'https://github.com/o/r.git',
    'https://github.com/o/r.git?ref=a@b',
    'https://github.com/@scope/r.git',
    '/srv/git/r.git',
    'git@github.com:o/r.git',
  ])('%s has none', url => {
    expect(hasUserInfo(url)).toBe(false);
    expect(withoutUserInfo(url)).toBe(url);
  });
});

describe('a remote URL with credentials', () => {
  let server: GitHttpServer;
  let root: string;

  beforeAll(async () => {
    server = await startGitHttpServer({ token: TOKEN });
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'kratix-url-creds-'));
    await createBareRepository(join(root, 'platform.git'));
    server.root = root;
    server.reset();
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  /** The remote's URL, with the token as its user info when asked (the way refused). */
  const remoteUrl = (withToken = false) => {
    const url = server.url('platform.git');
    return withToken
      ? url.replace('://', `://${GIT_HTTP_USER}:${encodeURIComponent(TOKEN)}@`)
      : url;
  };
  const repository = (clone: string, url: string): RepositoryConfig => ({
    path: join(root, clone),
    url,
    branch: 'main',
    pullRequests: false,
    platformPath: '.',
    requestsPath: 'requests',
    stateStorePaths: [],
  });
  const rootConfig = new ConfigReader({});
  const withIntegration = () =>
    new ConfigReader({ integrations: gitHttpIntegrations(server, TOKEN) });
  const request = (name: string) => ({
    apiVersion: 'marketplace.kratix.io/v1alpha1',
    kind: 'jenkins',
    metadata: { name, namespace: 'team-a' },
    spec: { env: 'dev' },
  });
  const gitConfigOf = (clone: string) =>
    readFile(join(root, clone, '.git', 'config'), 'utf8');

  it('is refused before git runs, naming the integration setting and not the token', async () => {
    const stop = await watchArgumentLists();
    let error: unknown;
    try {
      createRequestWriter(repository('refused', remoteUrl(true)), rootConfig);
    } catch (e) {
      error = e;
    }
    const { cmdlines } = await stop();
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain(
      `integrations.github[].token (or a GitHub App), integrations.gitlab[].token`,
    );
    expect(message).toContain(`http://***@127.0.0.1:${server.port}/`);
    expect(found([message, String((error as Error).stack)])).toBe(0);
    expect(cmdlines).toEqual([]);
    await expect(stat(join(root, 'refused'))).rejects.toThrow();
    expect(server.requests).toEqual([]);
  });

  it('names the integration configured for the host when there is one', () => {
    expect(() =>
      createRequestWriter(
        repository('refused', remoteUrl(true)),
        withIntegration(),
      ),
    ).toThrow(`integrations.gitlab[].token for 127.0.0.1:${server.port}`);
  });

  it('keeps the token out of every git argument list and the clone’s .git/config the supported way', async () => {
    const stop = await watchArgumentLists();
    const writer = createRequestWriter(
      repository('supported', remoteUrl()),
      withIntegration(),
    );
    const result = await writer.submit('jenkins', request('landed'));
    const { cmdlines } = await stop();
    expect(result.action).toBe('created');
    expect(server.requests.every(r => r.authorized)).toBe(true);
    // The scan saw git talk to the remote: `remote add` with the URL, and the fetch and push.
    expect(cmdlines.some(c => c.includes('remote add origin'))).toBe(true);
    expect(cmdlines.some(isGitNetworkCommand)).toBe(true);
    const config = await gitConfigOf('supported');
    expect(config).toContain(`url = ${remoteUrl()}`);
    expect(found(cmdlines)).toBe(0);
    expect(found([config])).toBe(0);
  });

  it('control: the same scan finds a token put in the URL, in argument lists and .git/config', async () => {
    // What the refusal prevents, done by hand: git keeps the URL as it is given.
    const clone = join(root, 'by-hand');
    const stop = await watchArgumentLists();
    await git(root, ['init', '--quiet', clone]);
    await git(clone, ['remote', 'add', 'origin', remoteUrl(true)]);
    await git(clone, ['fetch', '--quiet', 'origin', 'main']);
    const { cmdlines } = await stop();
    expect(server.requests.some(r => r.authorized)).toBe(true);
    expect(found(cmdlines)).toBeGreaterThan(0);
    expect(found([await gitConfigOf('by-hand')])).toBeGreaterThan(0);
  });
});
