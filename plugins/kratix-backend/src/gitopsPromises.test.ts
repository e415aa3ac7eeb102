import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { parse, stringify } from 'yaml';
import {
  createEmbeddedRepository,
  git,
  GitOpsKratixPlatform,
} from '@kratix-backstage/plugin-kratix-node';
import { startKratixBackend } from './__testUtils__/startKratixBackend';

// Real git repositories and test backends: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

const RELEASE_URL =
  'https://raw.githubusercontent.com/syntasso/kratix-marketplace/main/jenkins/promise.yaml';

/**
 * Gitops mode tells the truth about Promises: a status declared in a manifest is ignored,
 * PromiseReleases are read, duplicates are reported on the platform's health.
 */
describe('gitops Promises through the REST API', () => {
  let dataDir: string;
  let directory: string;
  let platform: GitOpsKratixPlatform;
  const auth = mockCredentials.user.header();

  const commit = async (files: Record<string, unknown>, message: string) => {
    for (const [path, doc] of Object.entries(files))
      await writeFile(join(directory, path), stringify(doc));
    await git(directory, ['add', '--all']);
    await git(directory, ['commit', '--quiet', '-m', message]);
  };

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-backend-promises-'));
    directory = await createEmbeddedRepository({ dataDir, name: 'easyeaty' });
    const jenkins = parse(
      await readFile(join(directory, 'platform/promises/jenkins.yaml'), 'utf8'),
    );
    await commit(
      {
        // As published: a status block Kratix wrote somewhere else, claiming Unavailable.
        'platform/promises/jenkins.yaml': {
          ...jenkins,
          status: {
            status: 'Unavailable',
            conditions: [
              {
                type: 'Available',
                status: 'False',
                reason: 'PromiseUnavailable',
                message: 'Cannot fulfil resource requests',
              },
            ],
          },
        },
        'platform/promises/jenkins-release.yaml': {
          apiVersion: 'platform.kratix.io/v1alpha1',
          kind: 'PromiseRelease',
          metadata: { name: 'jenkins-release' },
          spec: {
            version: 'v1.2.0',
            sourceRef: { type: 'http', url: RELEASE_URL },
          },
        },
      },
      'Jenkins as published, installed through a PromiseRelease',
    );
    // The Promise names the release that manages it.
    await commit(
      {
        'platform/promises/jenkins.yaml': {
          ...jenkins,
          metadata: {
            ...jenkins.metadata,
            labels: {
              ...jenkins.metadata.labels,
              'kratix.io/promise-release-name': 'jenkins-release',
            },
          },
          status: { status: 'Unavailable' },
        },
      },
      'Label jenkins with its release',
    );
    platform = new GitOpsKratixPlatform({
      name: 'easyeaty',
      directory,
      stateStorePaths: ['state'],
      maxAgeMs: 0,
    });
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('serves availability and required-by worked out, and the release that installs the Promise', async () => {
    const server = await startKratixBackend([platform]);
    const res = await request(server)
      .get('/api/kratix/platforms/easyeaty/promises/jenkins')
      .set('Authorization', auth);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(
      expect.objectContaining({
        availability: 'Available',
        reason: 'StateStoreDocumentsFound',
        statusSource: 'state-store',
        requiredBy: [
          expect.objectContaining({
            name: 'web-app',
            requiredVersion: 'v1.2.0',
          }),
        ],
        release: {
          platform: 'easyeaty',
          name: 'jenkins-release',
          version: 'v1.2.0',
          sourceType: 'http',
          sourceUrl: RELEASE_URL,
          promise: 'jenkins',
        },
      }),
    );
    expect(res.body.promise.status.conditions).not.toContainEqual(
      expect.objectContaining({ reason: 'PromiseUnavailable' }),
    );
    const releases = await request(server)
      .get('/api/kratix/promisereleases')
      .set('Authorization', auth);
    expect(releases.body).toEqual({
      items: [
        expect.objectContaining({
          name: 'jenkins-release',
          promise: 'jenkins',
          sourceUrl: RELEASE_URL,
        }),
      ],
      errors: [],
    });
  });

  it('reports a Promise declared twice and two Promises serving one API on GET /platforms', async () => {
    const jenkins = parse(
      await readFile(join(directory, 'platform/promises/jenkins.yaml'), 'utf8'),
    );
    const postgresql = parse(
      await readFile(
        join(directory, 'platform/promises/postgresql.yaml'),
        'utf8',
      ),
    );
    await commit(
      {
        // Same name as platform/promises/postgresql.yaml, later by path.
        'platform/promises/zz-postgresql-again.yaml': {
          ...postgresql,
          metadata: {
            ...postgresql.metadata,
            labels: { 'kratix.io/promise-version': 'v2.0.0' },
          },
        },
        // Another name, the same API group and kind as jenkins.
        'platform/promises/zz-ci-server.yaml': {
          ...jenkins,
          metadata: { name: 'ci-server' },
        },
      },
      'Two duplicates',
    );
    const server = await startKratixBackend([platform]);
    // The first read of the platform happens on the first list.
    const promises = await request(server)
      .get('/api/kratix/promises')
      .set('Authorization', auth);
    const names = promises.body.items.map((p: any) => p.name);
    expect(names.filter((n: string) => n === 'postgresql')).toHaveLength(1);
    expect(
      promises.body.items.find((p: any) => p.name === 'postgresql').version,
    ).toBe('v1.1.0');

    const res = await request(server)
      .get('/api/kratix/platforms')
      .set('Authorization', auth);
    expect(res.status).toBe(200);
    const [view] = res.body.items;
    expect(view.health.problems).toEqual([
      {
        kind: 'duplicate-promise',
        message: expect.stringContaining(
          'Promise "postgresql" is declared 2 times',
        ),
        paths: [
          'platform/promises/postgresql.yaml',
          'platform/promises/zz-postgresql-again.yaml',
        ],
      },
      {
        kind: 'duplicate-api',
        message: expect.stringContaining(
          'its requests are read as requests of "jenkins" (the first by file path)',
        ),
        paths: [
          'platform/promises/jenkins.yaml',
          'platform/promises/zz-ci-server.yaml',
        ],
      },
    ]);
    expect(view.health.problems[0].message).toContain(
      'serving the one in platform/promises/postgresql.yaml (the first by file path)',
    );
  });
});
