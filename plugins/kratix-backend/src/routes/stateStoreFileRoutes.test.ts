import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { parse, stringify } from 'yaml';
import {
  createEmbeddedRepository,
  git,
  GitOpsKratixPlatform,
  KratixPlatform,
  StateStoreSources,
} from '@kratix-backstage/plugin-kratix-node';
import { seedFakePlatform } from '@kratix-backstage/plugin-kratix-node/testUtils';
import { fakeKubernetesPlatform } from '../__testUtils__/fakeKubernetesPlatform';
import { startKratixBackend } from '../__testUtils__/startKratixBackend';

// Real git repositories and test backends: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

const CI_FOLDER =
  'state/eks/resources/team-checkout/jenkins/ci/instance-configure/5058f';
const CI_FILE = `${CI_FOLDER}/jenkins-instance.yaml`;

describe('GET /platforms/:platform/statestore/files', () => {
  let dataDir: string;
  let directory: string;
  let platform: GitOpsKratixPlatform;
  const auth = mockCredentials.user.header();
  const file = (path: string, platformName = 'easyeaty') =>
    `/api/kratix/platforms/${platformName}/statestore/files?path=${encodeURIComponent(
      path,
    )}`;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-files-'));
    directory = await createEmbeddedRepository({ dataDir, name: 'easyeaty' });
    platform = new GitOpsKratixPlatform({
      name: 'easyeaty',
      directory,
      stateStorePaths: ['state'],
      maxAgeMs: 0,
    });
    await platform.listPromises();
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('serves a document Kratix wrote for a request, and the request page says its files are readable', async () => {
    const server = await startKratixBackend([platform]);
    const res = await request(server)
      .get(file(CI_FILE))
      .set('Authorization', auth);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      path: CI_FILE,
      content: expect.stringMatching(/kind:/),
      redacted: false,
    });

    const detail = await request(server)
      .get(
        '/api/kratix/platforms/easyeaty/promises/jenkins/requests/team-checkout/ci',
      )
      .set('Authorization', auth);
    expect(detail.status).toBe(200);
    expect(detail.body.landed[0].files).toContain(CI_FILE);
    // The embedded store is a local repository (file://): no web page, the backend serves it.
    expect(detail.status).toBe(200);
    expect(detail.body.filesReadable).toBe(true);
    expect(detail.body.fileUrls).toEqual({});
    expect(detail.body.specYaml).toMatch(/agents: 2/);
    expect(detail.body.deliveries).toEqual([
      expect.objectContaining({
        commit: expect.stringMatching(/^[0-9a-f]{40}$/),
        destinations: ['eks'],
      }),
    ]);

    const cluster = await request(server)
      .get('/api/kratix/platforms/easyeaty/destinations/eks')
      .set('Authorization', auth);
    expect(cluster.body.filesReadable).toBe(true);
  });

  it('hides the values of a Secret among the documents', async () => {
    await writeFile(
      join(directory, CI_FOLDER, 'admin-secret.yaml'),
      'apiVersion: v1\nkind: Secret\nmetadata: {name: ci-admin}\nstringData:\n  password: hunter2\n',
    );
    const server = await startKratixBackend([platform]);
    const res = await request(server)
      .get(file(`${CI_FOLDER}/admin-secret.yaml`))
      .set('Authorization', auth);
    expect(res.status).toBe(200);
    expect(res.body.redacted).toBe(true);
    expect(res.body.content).toContain('password:');
    expect(res.body.content).not.toContain('hunter2');
  });

  it('serves only what Kratix placed: not the platform repository, not paths outside it', async () => {
    const server = await startKratixBackend([platform]);
    for (const path of [
      'platform/statestores/default.yaml',
      'requests/jenkins/team-checkout/ci.yaml',
      `${CI_FOLDER}/../../../../../../../../etc/passwd`,
      'state/eks/resources/kratix-canary-configmap.yaml',
    ]) {
      const res = await request(server)
        .get(file(path))
        .set('Authorization', auth);
      expect(res.status).toBe(404);
    }
  });

  // Kratix lib/writers/git.go NewGitWriter: a GitStateStore is written in its own repository
  // (spec.url, spec.branch), under path.Join(spec.path, the Destination's path).
  it("serves a document Kratix wrote to a GitStateStore's own repository, from that repository", async () => {
    const write = async (tree: string, files: Record<string, unknown>) => {
      for (const [path, doc] of Object.entries(files)) {
        await mkdir(dirname(join(tree, path)), { recursive: true });
        await writeFile(
          join(tree, path),
          typeof doc === 'string' ? doc : stringify(doc),
        );
      }
      await git(tree, ['add', '--all']);
      await git(tree, ['commit', '--quiet', '-m', 'Update from: kratix']);
    };
    const bare = join(dataDir, 'state.git');
    await git(dataDir, [
      'init',
      '--quiet',
      '--bare',
      '--initial-branch=main',
      bare,
    ]);
    const kratix = join(dataDir, 'kratix');
    await git(dataDir, ['init', '--quiet', '--initial-branch=main', kratix]);
    const outsideFile = CI_FILE.replace(/^state\//, 'clusters/');
    await write(kratix, {
      'clusters/eks/dependencies/kratix-canary-namespace.yaml':
        'kind: Namespace\n',
      'clusters/eks/resources/kratix-canary-configmap.yaml':
        'kind: ConfigMap\n',
      [outsideFile]:
        'apiVersion: jenkins.io/v1alpha2\nkind: Jenkins\nmetadata: {name: ci}\nspec: {from: the-store-repository}\n',
    });
    await git(kratix, ['push', '--quiet', bare, 'HEAD:main']);
    const eksPath = 'platform/destinations/eks.yaml';
    const eks = parse(await readFile(join(directory, eksPath), 'utf8'));
    await write(directory, {
      'platform/statestores/elsewhere.yaml': {
        apiVersion: 'platform.kratix.io/v1alpha1',
        kind: 'GitStateStore',
        metadata: { name: 'elsewhere' },
        spec: { url: `file://${bare}`, branch: 'main', path: 'clusters/' },
      },
      [eksPath]: {
        ...eks,
        spec: {
          ...eks.spec,
          stateStoreRef: { kind: 'GitStateStore', name: 'elsewhere' },
        },
      },
    });
    const outside = new GitOpsKratixPlatform({
      name: 'easyeaty',
      directory,
      stateStorePaths: ['state'],
      maxAgeMs: 0,
      stateStoreSources: new StateStoreSources({
        platform: 'easyeaty',
        repository: { path: directory, branch: 'main' },
        clonesPath: join(dataDir, 'clones'),
        rootConfig: new ConfigReader({}),
      }),
    });
    const server = await startKratixBackend([outside]);
    const res = await request(server)
      .get(file(outsideFile))
      .set('Authorization', auth);
    expect(res.status).toBe(200);
    expect(res.body.content).toContain('from: the-store-repository');
    // The platform repository's old copy belongs to no placement any more.
    const old = await request(server)
      .get(file(CI_FILE))
      .set('Authorization', auth);
    expect(old.status).toBe(404);
  });

  it('asks for a path', async () => {
    const server = await startKratixBackend([platform]);
    const res = await request(server)
      .get('/api/kratix/platforms/easyeaty/statestore/files')
      .set('Authorization', auth);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/path/);
  });

  it('needs the read permission', async () => {
    const server = await startKratixBackend([platform], {
      'kratix.platform.read': AuthorizeResult.DENY,
    });
    const res = await request(server)
      .get(file(CI_FILE))
      .set('Authorization', auth);
    expect(res.status).toBe(403);
  });

  it('says where to look for a platform whose state-store files it cannot read', async () => {
    const cluster = {
      name: 'eks-platform',
      mode: 'kubernetes',
      title: 'EKS',
      health: () => ({ connected: true, synced: true }),
    } as unknown as KratixPlatform;
    const server = await startKratixBackend([cluster]);
    const res = await request(server)
      .get(file(CI_FILE, 'eks-platform'))
      .set('Authorization', auth);
    expect(res.status).toBe(404);
    expect(res.body.error.message).toMatch(
      /can read no copy of its state store's files/,
    );
  });
});

describe('GET /platforms/:platform/statestore/files (kubernetes platform)', () => {
  const auth = mockCredentials.user.header();
  const kube = fakeKubernetesPlatform({
    seed: fake => {
      seedFakePlatform(fake);
      // Kratix keeps each document's content on the WorkPlacement (gzip+base64, or plain base64).
      const placement = fake
        .list('platform.kratix.io/v1alpha1', 'WorkPlacement')
        .find(
          (wp: any) =>
            wp.metadata.name ===
            'jenkins-ci-instance-configure-a81b2.eks-5058f',
        ) as any;
      fake.put({
        ...placement,
        spec: {
          ...placement.spec,
          workloads: [
            {
              filepath: 'jenkins-instance.yaml',
              content: Buffer.from(
                'apiVersion: jenkins.io/v1alpha2\nkind: Jenkins\nmetadata: {name: ci}\n',
              ).toString('base64'),
            },
          ],
        },
      });
    },
  });

  it("reads a request's document from the WorkPlacement that carries it", async () => {
    const backend = await startKratixBackend([kube.platform]);
    const detail = await request(backend)
      .get(
        '/api/kratix/platforms/prod/promises/jenkins/requests/team-checkout/ci',
      )
      .set('Authorization', auth);
    expect(detail.status).toBe(200);
    expect(detail.body.filesReadable).toBe(true);
    const [file] = detail.body.landed[0].files;
    expect(file).toMatch(/jenkins-instance\.yaml$/);
    // The store's host (git.easyeaty.io) is none the suite can tell: no web page for the file.
    expect(detail.body.fileUrls).toEqual({});
    const res = await request(backend)
      .get(
        `/api/kratix/platforms/prod/statestore/files?path=${encodeURIComponent(
          file,
        )}`,
      )
      .set('Authorization', auth);
    expect(res.status).toBe(200);
    expect(res.body.content).toContain('kind: Jenkins');
  });
});
