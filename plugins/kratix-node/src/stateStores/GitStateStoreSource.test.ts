/*
 * A GitStateStore in a repository of its own, read from real git repositories in a temp
 * folder (a bare repository as the remote, a seed working tree standing in for Kratix's
 * writer), and over HTTP through `git http-backend` behind Basic auth for the credentials.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { inspect } from 'node:util';
import { ConfigReader } from '@backstage/config';
import {
  GitStateStore,
  placementsFromStoreFiles,
} from '@kratix-backstage/plugin-kratix-common';
import { git } from '../gitops/git';
import {
  countSecrets,
  gitHttpIntegrations,
  GitHttpServer,
  startGitHttpServer,
} from '../testing/gitHttpServer';
import { GitStateStoreSource } from './GitStateStoreSource';
import {
  listStateStoreFiles,
  StateStoreUnreadableError,
} from './StateStoreSource';
import { isInPlatformRepository, StateStoreSources } from './StateStoreSources';

// Real git processes: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

const gitStore = (
  spec: Partial<GitStateStore['spec']> & { url: string },
): GitStateStore => ({
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'GitStateStore',
  metadata: { name: 'workers' },
  spec,
});

/** A file as Kratix's GitWriter lays out a request's output (nestedByMetadata). */
const RESOURCE_FILE =
  'clusters/worker-1/resources/team-a/jenkins/ci/instance-configure/5058f/jenkins.yaml';

describe('GitStateStoreSource', () => {
  let root: string;
  let bare: string;
  let seed: string;

  /** Commits files to a branch of the store's remote, as Kratix's writer would. */
  async function kratixWrites(
    branch: string,
    files: Record<string, string | null>,
  ): Promise<void> {
    await git(seed, ['checkout', '--quiet', '-B', branch]);
    for (const [path, content] of Object.entries(files)) {
      const full = join(seed, path);
      if (content === null) await rm(full, { force: true });
      else {
        await mkdir(dirname(full), { recursive: true });
        await writeFile(full, content);
      }
    }
    await git(seed, ['add', '--all']);
    await git(seed, ['commit', '--quiet', '-m', `kratix writes to ${branch}`]);
    await git(seed, ['push', '--quiet', 'origin', `HEAD:refs/heads/${branch}`]);
  }

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'kratix-git-store-'));
    bare = join(root, 'state.git');
    await git(root, [
      'init',
      '--quiet',
      '--bare',
      '--initial-branch=main',
      bare,
    ]);
    seed = join(root, 'seed');
    await git(root, ['clone', '--quiet', bare, seed]);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('clones the store’s own spec.url and spec.branch and lists only spec.path, from the repository root (Kratix lib/writers/git.go NewGitWriter: repoPath = spec.path + destination path)', async () => {
    await kratixWrites('kratix-state', {
      [RESOURCE_FILE]: 'kind: Jenkins\n',
      'clusters/worker-1/dependencies/kratix-canary-namespace.yaml':
        'kind: Namespace\n',
      'clusters/worker-1/.kratix/jenkins-ci.yaml': 'kind: WorkPlacement\n',
      'clusters/worker-1/.cache/hidden.yaml': 'hidden\n',
      'README.md': 'not the store’s\n',
    });
    await kratixWrites('main', { 'clusters/elsewhere.yaml': 'main branch\n' });
    const store = gitStore({
      url: bare,
      branch: 'kratix-state',
      path: 'clusters/',
    });
    const source = new GitStateStoreSource({
      store,
      directory: join(root, 'clone'),
    });

    const files = await source.listFiles();
    // Kratix's .kratix records are listed (as the platform repository's are); other dot-folders not.
    expect(files).toEqual([
      'clusters/worker-1/.kratix/jenkins-ci.yaml',
      'clusters/worker-1/dependencies/kratix-canary-namespace.yaml',
      RESOURCE_FILE,
    ]);
    expect(await source.readFile(RESOURCE_FILE)).toBe('kind: Jenkins\n');
    // Outside spec.path, or outside the clone: not a file of the store.
    expect(await source.readFile('README.md')).toBeUndefined();
    expect(
      await source.readFile('clusters/../../seed/README.md'),
    ).toBeUndefined();
    expect(source.health()).toEqual({
      store: { kind: 'GitStateStore', name: 'workers' },
      readable: true,
      lastRead: expect.any(String),
    });
    // The listing is what the suite's placement reader expects for this store's spec.path.
    const placements = placementsFromStoreFiles(
      files,
      [store],
      [
        {
          apiVersion: 'platform.kratix.io/v1alpha1',
          kind: 'Destination',
          metadata: { name: 'worker-1' },
          spec: {
            path: 'worker-1',
            stateStoreRef: { kind: 'GitStateStore', name: 'workers' },
          },
        },
      ],
    );
    expect(placements).toEqual([
      expect.objectContaining({
        destination: 'worker-1',
        type: 'resource',
        promise: 'jenkins',
        resource: 'ci',
      }),
    ]);
  });

  it('reads branch main when spec.branch is unset (Kratix api/v1alpha1/gitstatestore_types.go: +kubebuilder:default=main)', async () => {
    await kratixWrites('main', {
      'worker-1/dependencies/kratix-canary-namespace.yaml': 'x\n',
    });
    const source = new GitStateStoreSource({
      store: gitStore({ url: bare }),
      directory: join(root, 'clone'),
    });
    expect(source.branch).toBe('main');
    expect(await source.listFiles()).toEqual([
      'worker-1/dependencies/kratix-canary-namespace.yaml',
    ]);
  });

  it('answers an empty list when Kratix has not written under spec.path yet, and sees what it writes next', async () => {
    await kratixWrites('main', { 'other/file.yaml': 'x\n' });
    const source = new GitStateStoreSource({
      store: gitStore({ url: bare, path: 'clusters' }),
      directory: join(root, 'clone'),
      minimumFetchIntervalMs: 0,
    });
    expect(await source.listFiles()).toEqual([]);
    await kratixWrites('main', { [RESOURCE_FILE]: 'v1\n' });
    expect(await source.listFiles()).toEqual([RESOURCE_FILE]);
    await kratixWrites('main', { [RESOURCE_FILE]: null });
    expect(await source.listFiles()).toEqual([]);
  });

  it('fetches at most once per minimum interval, like Kratix’s writer (util/git/git.go DefaultMinimumFetchInterval)', async () => {
    await kratixWrites('main', { 'a/one.yaml': '1\n' });
    const source = new GitStateStoreSource({
      store: gitStore({ url: bare, path: 'a' }),
      directory: join(root, 'clone'),
      minimumFetchIntervalMs: 60_000,
    });
    expect(await source.listFiles()).toEqual(['a/one.yaml']);
    await kratixWrites('main', { 'a/two.yaml': '2\n' });
    expect(await source.listFiles()).toEqual(['a/one.yaml']);
  });

  it('names a store whose repository cannot be fetched as unreadable, never as empty', async () => {
    const source = new GitStateStoreSource({
      store: gitStore({ url: join(root, 'missing.git'), path: 'clusters' }),
      directory: join(root, 'clone'),
    });
    const error = await source.listFiles().catch(e => e);
    expect(error).toBeInstanceOf(StateStoreUnreadableError);
    expect(error.message).toMatch(
      /^GitStateStore workers cannot be read: could not fetch branch main of .*missing\.git: fatal: /,
    );
    expect(source.health()).toEqual({
      store: { kind: 'GitStateStore', name: 'workers' },
      readable: false,
      reason: expect.stringContaining('could not fetch branch main'),
    });
    const { files, problems } = await listStateStoreFiles([source]);
    expect(files.size).toBe(0);
    expect(problems).toEqual([
      {
        store: { kind: 'GitStateStore', name: 'workers' },
        reason: expect.stringContaining('missing.git'),
      },
    ]);
  });

  it('names a branch Kratix has not pushed as unreadable', async () => {
    await kratixWrites('main', { 'a/one.yaml': '1\n' });
    const source = new GitStateStoreSource({
      store: gitStore({ url: bare, branch: 'kratix' }),
      directory: join(root, 'clone'),
    });
    await expect(source.listFiles()).rejects.toThrow(
      /could not fetch branch kratix of .*: fatal: couldn't find remote ref kratix/,
    );
  });

  it('serves the last clone, marked stale in the health, when a later fetch fails', async () => {
    await kratixWrites('main', { 'a/one.yaml': '1\n' });
    const source = new GitStateStoreSource({
      store: gitStore({ url: bare, path: 'a' }),
      directory: join(root, 'clone'),
      minimumFetchIntervalMs: 0,
    });
    expect(await source.listFiles()).toEqual(['a/one.yaml']);
    await rm(bare, { recursive: true, force: true });
    expect(await source.listFiles()).toEqual(['a/one.yaml']);
    expect(source.health()).toEqual(
      expect.objectContaining({
        readable: true,
        stale: true,
        reason: expect.stringContaining('could not fetch'),
      }),
    );
    const { files, problems } = await listStateStoreFiles([source]);
    expect(files.get('GitStateStore/workers')).toEqual(['a/one.yaml']);
    expect(problems).toEqual([
      expect.objectContaining({
        stale: true,
        reason: expect.stringContaining('could not fetch'),
      }),
    ]);
  });

  it('gives the clone’s history: the commits that wrote each file, paths from the repository root', async () => {
    await kratixWrites('main', { [RESOURCE_FILE]: 'v1\n' });
    await kratixWrites('main', { [RESOURCE_FILE]: 'v2\n' });
    const source = new GitStateStoreSource({
      store: gitStore({ url: bare, path: 'clusters' }),
      directory: join(root, 'clone'),
    });
    await source.listFiles();
    const history = await source.historyReader().read();
    expect(history.touchesOf(RESOURCE_FILE)).toEqual([0, 1]);
    expect(await history.fileAt(history.commits[1].sha, RESOURCE_FILE)).toBe(
      'v1\n',
    );
  });
});

describe('GitStateStoreSource over HTTP with an integration’s token', () => {
  const TOKEN = `glpat-${randomBytes(18).toString('hex')}`;
  let server: GitHttpServer;
  let root: string;

  beforeAll(async () => {
    server = await startGitHttpServer({ token: TOKEN });
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'kratix-git-store-http-'));
    server.root = root;
    server.reset();
    const bare = join(root, 'state.git');
    await git(root, [
      'init',
      '--quiet',
      '--bare',
      '--initial-branch=main',
      bare,
    ]);
    const seed = join(root, 'seed');
    await git(root, ['clone', '--quiet', bare, seed]);
    await mkdir(join(seed, 'clusters', 'worker-1'), { recursive: true });
    await writeFile(
      join(seed, 'clusters', 'worker-1', 'ns.yaml'),
      'kind: Namespace\n',
    );
    await git(seed, ['add', '--all']);
    await git(seed, ['commit', '--quiet', '-m', 'kratix']);
    await git(seed, ['push', '--quiet', 'origin', 'HEAD:main']);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const sources = (declareHttpBase = true) =>
    new StateStoreSources({
      platform: 'prod',
      repository: { path: join(root, 'platform'), branch: 'main' },
      clonesPath: join(root, 'clones'),
      rootConfig: new ConfigReader({
        integrations: gitHttpIntegrations(server, TOKEN, { declareHttpBase }),
      }),
    });

  it('fetches with the token of the matching integration, as the platform repository does', async () => {
    const [source] = sources().sourcesFor([
      gitStore({ url: server.url('state.git'), path: 'clusters' }),
    ]);
    expect(await source.listFiles()).toEqual(['clusters/worker-1/ns.yaml']);
    expect(server.requests.length).toBeGreaterThan(0);
    expect(server.requests.every(r => r.authorized)).toBe(true);
  });

  it.each([
    [
      'the server answers 500',
      () => void (server.refuse['git-upload-pack'] = 500),
    ],
    [
      'the server quotes the Authorization header back',
      () => void (server.refuse['git-upload-pack'] = 'echo'),
    ],
  ])(
    'names the store unreadable with no credential in the reason when %s',
    async (_name, fault) => {
      fault();
      const [source] = sources().sourcesFor([
        gitStore({ url: server.url('state.git'), path: 'clusters' }),
      ]);
      const error = await source.listFiles().catch(e => e);
      expect(error).toBeInstanceOf(StateStoreUnreadableError);
      expect(
        countSecrets(
          [
            inspect(error, { showHidden: true }),
            String(source.health().reason),
          ],
          TOKEN,
        ),
      ).toBe(0);
    },
  );

  it('sends no token to a plain-http URL its integration does not declare, and names the store unreadable', async () => {
    const [source] = sources(false).sourcesFor([
      gitStore({ url: server.url('state.git') }),
    ]);
    await expect(source.listFiles()).rejects.toThrow(StateStoreUnreadableError);
    expect(server.requests.some(r => r.withAuthorization)).toBe(false);
  });
});

describe('StateStoreSources for GitStateStores', () => {
  const repository = {
    path: '/srv/platform',
    url: 'https://github.com/org/platform.git',
    branch: 'main',
  };

  it.each([
    ['the embedded seed’s relative file://./', { url: 'file://./' }, true],
    [
      'the platform repository’s URL, spelt differently',
      { url: 'https://GitHub.com/org/platform/' },
      true,
    ],
    [
      'the platform repository’s working tree',
      { url: 'file:///srv/platform' },
      true,
    ],
    [
      'the platform repository on another branch',
      { url: 'https://github.com/org/platform', branch: 'kratix' },
      false,
    ],
    ['a repository of its own', { url: 'https://github.com/org/state' }, false],
  ])(
    'tells a store in the platform repository from one elsewhere: %s',
    (_name, spec, inside) => {
      expect(isInPlatformRepository(gitStore(spec), repository)).toBe(inside);
    },
  );

  it('keeps one source per store while its spec is unchanged, and names an ssh URL as unreadable', async () => {
    const sources = new StateStoreSources({
      platform: 'prod',
      repository,
      clonesPath: '/tmp/never-used',
      rootConfig: new ConfigReader({}),
    });
    const own = gitStore({ url: 'https://git.example.com/org/state' });
    const [first] = sources.sourcesFor([gitStore({ url: 'file://./' }), own]);
    expect(sources.sourcesFor([own])[0]).toBe(first);
    expect(
      sources.sourcesFor([{ ...own, spec: { ...own.spec, branch: 'x' } }])[0],
    ).not.toBe(first);
    const [ssh] = sources.sourcesFor([
      gitStore({ url: 'git@github.com:org/state.git' }),
    ]);
    await expect(ssh.listFiles()).rejects.toThrow(
      'GitStateStore workers cannot be read: its URL is not one the suite can clone',
    );
    expect(ssh.health()).toEqual(expect.objectContaining({ readable: false }));
    // A GitStateStore's spec.url comes from the cluster: one with a token in it is not cloned.
    const [withToken] = sources.sourcesFor([
      gitStore({
        url: 'https://x-access-token:ghs_in_the_url@github.com/org/state.git',
      }),
    ]);
    const refusal = await withToken.listFiles().then(
      () => '',
      (error: Error) => error.message,
    );
    expect(refusal).toContain('its URL carries credentials');
    expect(refusal).toContain('integrations.github[].token');
    expect(refusal).not.toContain('ghs_in_the_url');
  });
});
