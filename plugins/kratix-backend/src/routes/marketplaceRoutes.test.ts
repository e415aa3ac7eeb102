import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  createEmbeddedRepository,
  git,
  GitOpsKratixPlatform,
} from '@kratix-backstage/plugin-kratix-node';
import { fakeKubernetesPlatform } from '../__testUtils__/fakeKubernetesPlatform';
import { startKratixBackend } from '../__testUtils__/startKratixBackend';

// Real git repositories and test backends: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

const auth = mockCredentials.user.header();

describe('marketplace routes (gitops platform)', () => {
  let dataDir: string;
  let directory: string;
  let platform: GitOpsKratixPlatform;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-backend-marketplace-'));
    directory = await createEmbeddedRepository({ dataDir, name: 'easyeaty' });
    platform = new GitOpsKratixPlatform({
      name: 'easyeaty',
      directory,
      stateStorePaths: ['state'],
    });
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  /** Everything a write could change: the commit, the working tree, the index. */
  const repositoryState = async () => ({
    head: (await git(directory, ['rev-parse', 'HEAD'])).trim(),
    status: await git(directory, ['status', '--porcelain', '--untracked=all']),
    branches: await git(directory, ['branch', '--list', '--all']),
  });

  it('lists each Promise with the version the marketplace offers, the installed one, and an upgrade only when newer', async () => {
    const server = await startKratixBackend([platform]);
    const list = await request(server)
      .get('/api/kratix/marketplace')
      .set('Authorization', auth);
    expect(list.status).toBe(200);
    const byName = Object.fromEntries(
      list.body.items.map((e: any) => [e.name, e]),
    );
    expect(byName.jenkins).toEqual(
      expect.objectContaining({
        installed: true,
        installedVersion: 'v1.2.0',
        version: 'v1.3.0',
        upgradeTo: 'v1.3.0',
      }),
    );
    expect(byName.redis).toEqual(
      expect.objectContaining({ installed: false, version: 'v0.1.0' }),
    );
    expect(byName.redis.upgradeTo).toBeUndefined();
  });

  it('answers a dry run of an install and of an upgrade with what would be committed, and writes nothing', async () => {
    const server = await startKratixBackend([platform]);
    const notified = jest.fn();
    const unsubscribe = platform.subscribe(notified);
    const before = await repositoryState();
    const jenkinsBefore = await readFile(
      join(directory, 'platform/promises/jenkins.yaml'),
      'utf8',
    );

    const install = await request(server)
      .post('/api/kratix/platforms/easyeaty/marketplace/install')
      .set('Authorization', auth)
      .send({ name: 'redis', dryRun: true });
    expect(install.status).toBe(200);
    expect(install.body).toEqual({
      action: 'created',
      kind: 'Promise',
      path: 'platform/promises/redis.yaml',
      dryRun: true,
      promise: 'redis',
      version: 'v0.1.0',
      mode: 'gitops',
      source: 'bundled:redis',
    });

    const upgrade = await request(server)
      .post('/api/kratix/platforms/easyeaty/marketplace/install')
      .set('Authorization', auth)
      .send({ name: 'jenkins', dryRun: true });
    expect(upgrade.status).toBe(200);
    expect(upgrade.body).toEqual(
      expect.objectContaining({
        action: 'updated',
        path: 'platform/promises/jenkins.yaml',
        dryRun: true,
        version: 'v1.3.0',
        installedVersion: 'v1.2.0',
      }),
    );
    expect(upgrade.body.commit).toBeUndefined();

    // Nothing written: no commit, no file, no branch, nothing staged, and the platform still
    // serves what it served.
    expect(await repositoryState()).toEqual(before);
    expect(existsSync(join(directory, 'platform/promises/redis.yaml'))).toBe(
      false,
    );
    expect(
      await readFile(join(directory, 'platform/promises/jenkins.yaml'), 'utf8'),
    ).toBe(jenkinsBefore);
    expect(notified).not.toHaveBeenCalled();
    const promises = await request(server)
      .get('/api/kratix/marketplace')
      .set('Authorization', auth);
    expect(
      promises.body.items.find((e: any) => e.name === 'redis').installed,
    ).toBe(false);
    unsubscribe();

    // The same install for real commits exactly the file the dry run named.
    const real = await request(server)
      .post('/api/kratix/platforms/easyeaty/marketplace/install')
      .set('Authorization', auth)
      .send({ name: 'redis' });
    expect(real.status).toBe(201);
    expect(real.body).toEqual(
      expect.objectContaining({
        dryRun: false,
        path: install.body.path,
        commit: expect.any(String),
      }),
    );
    expect(
      (
        await git(directory, ['show', '--name-only', '--format=', 'HEAD'])
      ).trim(),
    ).toBe('platform/promises/redis.yaml');
  });
});

describe('marketplace routes (kubernetes platform)', () => {
  const kube = fakeKubernetesPlatform();

  it('sends a dry run to the API server, which stores nothing', async () => {
    const backend = await startKratixBackend([kube.platform]);
    const promisesBefore = kube.fake.list(
      'platform.kratix.io/v1alpha1',
      'Promise',
    );
    const dry = await request(backend)
      .post('/api/kratix/platforms/prod/marketplace/install')
      .set('Authorization', auth)
      .send({ name: 'vault', dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body).toEqual(
      expect.objectContaining({
        action: 'created',
        kind: 'Promise',
        dryRun: true,
        promise: 'vault',
        mode: 'kubernetes',
      }),
    );
    expect(dry.body.path).toBeUndefined();
    expect(kube.fake.list('platform.kratix.io/v1alpha1', 'Promise')).toEqual(
      promisesBefore,
    );
  });
});
