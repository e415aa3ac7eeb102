import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import {
  KratixPromise,
  readPromiseStatus,
  toPromiseDetail,
  toPromiseReleaseView,
} from '@kratix-backstage/plugin-kratix-common';
import { createEmbeddedRepository } from '../embedded/createEmbeddedRepository';
import { git } from '../gitops/git';
import { classifyDocuments } from './classifyDocuments';
import { GitOpsKratixPlatform } from './GitOpsKratixPlatform';

// Real git repositories: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

/** What a public Promise ships: a status block claiming it is unavailable, as Kratix wrote it. */
const DECLARED_STATUS = {
  status: 'Unavailable',
  kind: 'jenkins',
  apiVersion: 'marketplace.kratix.io/v1alpha1',
  requiredBy: [{ promise: { name: 'someone-else' }, requiredVersion: 'v9' }],
  conditions: [
    {
      type: 'Available',
      status: 'False',
      reason: 'PromiseUnavailable',
      message: 'Cannot fulfil resource requests',
      lastTransitionTime: '2024-01-01T00:00:00Z',
    },
  ],
};

const RELEASE = {
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'PromiseRelease',
  metadata: { name: 'jenkins' },
  spec: {
    version: 'v1.2.0',
    sourceRef: {
      type: 'http',
      url: 'https://raw.githubusercontent.com/syntasso/kratix-marketplace/main/jenkins/promise.yaml',
    },
  },
  status: { status: 'Installed' },
};

describe('GitOpsKratixPlatform Promises', () => {
  let dataDir: string;
  let directory: string;
  let platform: GitOpsKratixPlatform;

  const read = async (path: string) =>
    parse(await readFile(join(directory, path), 'utf8'));
  const commit = async (files: Record<string, unknown>, message: string) => {
    for (const [path, doc] of Object.entries(files))
      await writeFile(join(directory, path), stringify(doc));
    await git(directory, ['add', '--all']);
    await git(directory, ['commit', '--quiet', '-m', message]);
  };

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-gitops-promises-'));
    directory = await createEmbeddedRepository({ dataDir, name: 'easyeaty' });
    platform = new GitOpsKratixPlatform({
      name: 'easyeaty',
      directory,
      stateStorePaths: ['state'],
      maxAgeMs: 0,
    });
  });

  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('ignores a status declared in a Promise manifest and works availability and required-by out', async () => {
    const jenkins = await read('platform/promises/jenkins.yaml');
    await commit(
      {
        'platform/promises/jenkins.yaml': {
          ...jenkins,
          status: DECLARED_STATUS,
        },
      },
      'Jenkins Promise as published, status and all',
    );
    const promise = (await platform.getPromise('jenkins'))!;
    const status = readPromiseStatus(promise);
    expect(status.availability).toBe('Available');
    expect(status.reason).toBe('StateStoreDocumentsFound');
    expect(status.message).toBe(
      "Documents found in the state store for eks, gke (derived: no cluster reports this Promise's status)",
    );
    expect(status.conditions.map(c => c.reason)).not.toContain(
      'PromiseUnavailable',
    );
    // Required-by is worked out from the Promises declared beside it, not taken from the file.
    expect(status.requiredBy).toEqual([
      {
        name: 'web-app',
        version: expect.any(String),
        requiredVersion: 'v1.2.0',
      },
    ]);
    const detail = toPromiseDetail('easyeaty', promise, {
      requestCount: 0,
      destinations: [],
      placements: [],
    });
    expect(detail.requiredBy.map(r => r.name)).toEqual(['web-app']);
    expect(detail.statusSource).toBe('state-store');
    // The composite's requirements in Kratix's words, derived too.
    const webApp = readPromiseStatus((await platform.getPromise('web-app'))!);
    expect(webApp.requirements.map(r => r.state)).toEqual([
      'Requirement installed',
      'Requirement installed',
      'Requirement installed',
    ]);
  });

  it('reads PromiseRelease documents, without any declared status', async () => {
    await commit(
      { 'platform/promises/jenkins-release.yaml': RELEASE },
      'Install jenkins through a PromiseRelease',
    );
    const releases = await platform.listPromiseReleases();
    expect(releases).toEqual([
      {
        apiVersion: 'platform.kratix.io/v1alpha1',
        kind: 'PromiseRelease',
        metadata: { name: 'jenkins' },
        spec: RELEASE.spec,
      },
    ]);
    // Named like the release, the declared jenkins is still not known to be what it installs:
    // Kratix installs whatever the URL holds (promiserelease_controller.go installPromise),
    // and this platform has no fetcher to read it (see GitOpsKratixPlatform.releases.test.ts).
    const detail = toPromiseDetail(
      'easyeaty',
      (await platform.getPromise('jenkins'))!,
      { requestCount: 0, destinations: [], placements: [], releases },
    );
    expect(detail.release).toBeUndefined();
    expect(
      toPromiseReleaseView(
        'easyeaty',
        releases[0],
        await platform.listPromises(),
      ),
    ).toEqual({
      platform: 'easyeaty',
      name: 'jenkins',
      version: 'v1.2.0',
      sourceType: 'http',
      sourceUrl: RELEASE.spec.sourceRef.url,
      promise: undefined,
      status: undefined,
    });
  });

  it('reports a Promise declared twice and serves the first by file path', async () => {
    const jenkins = await read('platform/promises/jenkins.yaml');
    const copy = {
      ...jenkins,
      metadata: {
        ...jenkins.metadata,
        labels: { 'kratix.io/promise-version': 'v9.9.9' },
      },
    };
    await commit(
      { 'platform/promises/zz-jenkins-copy.yaml': copy },
      'A second jenkins',
    );
    const named = (await platform.listPromises()).filter(
      p => p.metadata.name === 'jenkins',
    );
    expect(named).toHaveLength(1);
    expect(named[0].metadata.labels?.['kratix.io/promise-version']).toBe(
      'v1.2.0',
    );
    expect(platform.health().problems).toEqual([
      {
        kind: 'duplicate-promise',
        message: expect.stringMatching(
          /Promise "jenkins" is declared 2 times.*serving the one in platform\/promises\/jenkins\.yaml \(the first by file path\)/,
        ),
        paths: [
          'platform/promises/jenkins.yaml',
          'platform/promises/zz-jenkins-copy.yaml',
        ],
      },
    ]);
  });

  it('reports two Promises serving the same API and gives its requests to the first by path', async () => {
    const jenkins = await read('platform/promises/jenkins.yaml');
    const rival = {
      ...jenkins,
      metadata: { name: 'ci-server' },
    };
    const before = (await platform.listRequests({ promise: 'jenkins' })).map(
      r => r.metadata.name,
    );
    expect(before).toContain('ci');
    await commit(
      { 'platform/promises/zz-ci-server.yaml': rival },
      'Another Promise serving marketplace.kratix.io jenkins',
    );
    expect(
      (await platform.listRequests({ promise: 'jenkins' })).map(
        r => r.metadata.name,
      ),
    ).toEqual(before);
    expect(await platform.listRequests({ promise: 'ci-server' })).toEqual([]);
    expect(platform.health().problems).toEqual([
      {
        kind: 'duplicate-api',
        message: expect.stringMatching(
          /"jenkins" \(platform\/promises\/jenkins\.yaml\), "ci-server" \(platform\/promises\/zz-ci-server\.yaml\) all serve the API marketplace\.kratix\.io kind jenkins; its requests are read as requests of "jenkins" \(the first by file path\)/,
        ),
        paths: [
          'platform/promises/jenkins.yaml',
          'platform/promises/zz-ci-server.yaml',
        ],
      },
    ]);
  });

  it('has no problems on a clean repository', async () => {
    await platform.listPromises();
    expect(platform.health().problems).toEqual([]);
  });
});

// Every Kratix CRD declares `subresources: status` (config/crd/bases) and Kratix gives each
// Promise API one, so the API server drops `status:` from any of their manifests.
describe('classifyDocuments and a declared status', () => {
  it('drops a status written into the document of any kind (status subresource)', () => {
    const status = { conditions: [{ type: 'Ready', status: 'True' }] };
    const promise = {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'Promise',
      metadata: { name: 'thing' },
      spec: {
        api: {
          apiVersion: 'apiextensions.k8s.io/v1',
          kind: 'CustomResourceDefinition',
          metadata: { name: 'things.example.com' },
          spec: {
            group: 'example.com',
            names: { kind: 'Thing', plural: 'things', singular: 'thing' },
            scope: 'Namespaced',
            versions: [{ name: 'v1', served: true, storage: true }],
          },
        },
      },
      status,
    };
    const others = [
      ['Destination', 'eks'],
      ['Cluster', 'legacy'],
      ['GitStateStore', 'default'],
      ['BucketStateStore', 'bucket'],
    ].map(([kind, name]) => ({
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind,
      metadata: { name },
      spec: {},
      status,
    }));
    const request = {
      apiVersion: 'example.com/v1',
      kind: 'Thing',
      metadata: { name: 'mine', namespace: 'team-a' },
      spec: {},
      status,
    };
    const result = classifyDocuments([promise, ...others, request] as any);
    const all = [
      ...result.promises,
      ...result.destinations,
      ...result.stateStores,
      ...(result.requests.get('thing') ?? []),
    ];
    expect(all).toHaveLength(6);
    for (const object of all) expect(object).not.toHaveProperty('status');
  });
});

describe('classifyDocuments duplicates', () => {
  const promise = (name: string, kind?: string): KratixPromise => ({
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'Promise',
    metadata: { name },
    spec: kind
      ? {
          api: {
            spec: {
              group: 'example.org',
              names: { kind, plural: `${kind.toLowerCase()}s` },
              versions: [{ name: 'v1', served: true, storage: true }],
            },
          },
        }
      : {},
  });

  it('chooses by file path, not by order of reading', () => {
    const docs = [promise('a', 'Db'), promise('b', 'DB'), promise('a')];
    const files = ['z/a.yaml', 'm/b.yaml', 'b/a-again.yaml'];
    const request = {
      apiVersion: 'example.org/v1',
      kind: 'Db',
      metadata: { name: 'one', namespace: 'x' },
    };
    const result = classifyDocuments([...docs, request], {
      files: [...files, 'requests/one.yaml'],
    });
    // The served "a" is the one in b/a-again.yaml: it has no API, so Db is b's alone.
    expect(result.promises.map(p => [p.metadata.name, !!p.spec.api])).toEqual([
      ['b', true],
      ['a', false],
    ]);
    expect(result.problems.map(p => p.kind)).toEqual(['duplicate-promise']);
    expect(result.problems[0].paths).toEqual(['b/a-again.yaml', 'z/a.yaml']);
    expect(result.requests.get('b')?.map(r => r.metadata.name)).toEqual([
      'one',
    ]);
    // Same documents, APIs clashing (kinds compared case-insensitively): b is first by path.
    const clash = classifyDocuments([promise('a', 'Db'), promise('b', 'DB')], {
      files: ['z/a.yaml', 'm/b.yaml'],
    });
    expect(clash.problems).toEqual([
      expect.objectContaining({
        kind: 'duplicate-api',
        paths: ['m/b.yaml', 'z/a.yaml'],
        message: expect.stringContaining(
          'its requests are read as requests of "b" (the first by file path)',
        ),
      }),
    ]);
  });

  it('drops a status declared on a Promise or a PromiseRelease', () => {
    const result = classifyDocuments([
      { ...promise('a'), status: { status: 'Available' } } as KratixPromise,
      {
        apiVersion: 'platform.kratix.io/v1alpha1',
        kind: 'PromiseRelease',
        metadata: { name: 'a' },
        spec: { sourceRef: { type: 'http', url: 'https://x' } },
        status: { status: 'Installed' },
      } as any,
    ]);
    expect(result.promises[0]).not.toHaveProperty('status');
    expect(result.promiseReleases[0]).not.toHaveProperty('status');
  });
});
