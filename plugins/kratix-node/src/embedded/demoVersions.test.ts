import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  isResourceBindingOf,
  promiseRevisionViews,
} from '@kratix-backstage/plugin-kratix-common';
import { parse } from 'yaml';
import { GitOpsKratixPlatform } from '../platform/GitOpsKratixPlatform';
import { KnownPipelineRuns } from '../platform/KnownPipelineRuns';
import { createEmbeddedRepository } from './createEmbeddedRepository';
import { EmbeddedKratix } from './EmbeddedKratix';
import { git } from '../gitops/git';

jest.setTimeout(30_000);

/**
 * The embedded demo's two versions of the postgresql Promise, with a request on each, and a
 * move between them the way Kratix honours it: a ResourceBinding declared ahead of Kratix is
 * adopted (found by its labels) and its `spec.version` kept (Kratix's
 * internal/controller/dynamic_resource_request_controller.go updateResourceBinding).
 */
describe('the embedded demo: Promise versions', () => {
  let dataDir: string;
  let directory: string;
  let platform: GitOpsKratixPlatform;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-demo-versions-'));
    directory = await createEmbeddedRepository({ dataDir, name: 'easyeaty' });
    platform = new GitOpsKratixPlatform({
      name: 'easyeaty',
      directory,
      stateStorePaths: ['state'],
      maxAgeMs: 0,
      knownRuns: new KnownPipelineRuns(),
    });
  });
  afterEach(() =>
    rm(dataDir, { recursive: true, force: true, maxRetries: 10 }),
  );

  const ordersDb = {
    promise: 'postgresql',
    namespace: 'team-orders',
    name: 'orders-db',
  };

  /** The version the stand-in's output for a request records. */
  async function renderedVersion(name: string): Promise<string | undefined> {
    const [placement] = await platform.listPlacements({ resource: name });
    if (!placement) return undefined;
    const documents = await Promise.all(
      placement.files.map(async f =>
        parse(await readFile(join(directory, f), 'utf8')),
      ),
    );
    return documents.find(d => d?.data?.promiseVersion)?.data.promiseVersion;
  }

  it('seeds two revisions of postgresql, each with a request bound to it', async () => {
    expect(
      (await git(directory, ['log', '--format=%s'])).trim().split('\n'),
    ).toEqual([
      'Upgrade Promise postgresql to v1.1.0 and request reports-db on it',
      'Seed the EasyEaty platform',
    ]);
    const revisions = promiseRevisionViews(
      'postgresql',
      await platform.listPromiseRevisions(),
    );
    expect(revisions.map(r => [r.version, r.latest])).toEqual([
      ['v1.1.0', true],
      ['v1.0.0', false],
    ]);
    const bindings = await platform.listResourceBindings();
    expect(
      bindings.map(b => [b.spec.resourceRef.name, b.spec.version]).sort(),
    ).toEqual([
      ['orders-db', 'v1.0.0'],
      ['reports-db', 'latest'],
    ]);
    // The seed's state store already holds what the stand-in writes for each.
    const before = await git(directory, ['rev-parse', 'HEAD']);
    await new EmbeddedKratix({ platform }).reconcile();
    expect(await git(directory, ['rev-parse', 'HEAD'])).toBe(before);
    expect(await renderedVersion('reports-db')).toBe('v1.1.0');
  });

  it('moves a request to the latest version by its declared ResourceBinding, and the stand-in runs it again on that version', async () => {
    const kratix = new EmbeddedKratix({ platform });
    await kratix.reconcile();
    const result = await platform.manageRequest(ordersDb, 'upgrade', {
      version: 'v1.1.0',
    });
    expect(result.message).toBe(
      'Asked Kratix to move team-orders/orders-db to version v1.1.0',
    );
    expect((await git(directory, ['log', '-1', '--format=%s'])).trim()).toBe(
      'Move team-orders/orders-db (Promise postgresql) to version v1.1.0',
    );
    // Changed in place: the seed's file, its comment and labels kept.
    const file = await readFile(
      join(
        directory,
        'platform/resourcebindings/team-orders/orders-db-postgresql-66e76.yaml',
      ),
      'utf8',
    );
    expect(file).toContain('# Pins orders-db');
    expect(parse(file).spec.version).toBe('v1.1.0');
    const [binding] = (await platform.listResourceBindings()).filter(b =>
      isResourceBindingOf(b, ordersDb),
    );
    expect(binding.spec.version).toBe('v1.1.0');
    await kratix.reconcile();
    expect(
      (await git(directory, ['log', '-1', '--format=%an: %s'])).trim(),
    ).toMatch(/^kratix: Update from: postgresql-orders-db-instance-configure-/);
    expect(await renderedVersion('orders-db')).toBe('v1.1.0');
  });

  it('declares a binding for a request without one, named and labelled as Kratix names its own', async () => {
    await platform.manageRequest(
      { promise: 'postgresql', namespace: 'team-orders', name: 'orders-db' },
      'upgrade',
      { version: 'v1.0.0' },
    );
    await rm(
      join(
        directory,
        'platform/resourcebindings/team-orders/reports-db-postgresql-41e26.yaml',
      ),
    );
    await git(directory, ['commit', '--quiet', '-am', 'Drop the binding']);
    await platform.manageRequest(
      { promise: 'postgresql', namespace: 'team-orders', name: 'reports-db' },
      'upgrade',
      { version: 'v1.0.0' },
    );
    // Beside the request's own document, so whatever applies the request applies it too.
    const added = parse(
      await readFile(
        join(
          directory,
          'requests/postgresql/team-orders/reports-db-postgresql-41e26.yaml',
        ),
        'utf8',
      ),
    );
    expect(added).toEqual({
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'ResourceBinding',
      metadata: {
        name: 'reports-db-postgresql-41e26',
        namespace: 'team-orders',
        labels: {
          'kratix.io/promise-name': 'postgresql',
          'kratix.io/resource-name': 'reports-db',
        },
      },
      spec: {
        version: 'v1.0.0',
        promiseRef: { name: 'postgresql' },
        resourceRef: { name: 'reports-db', namespace: 'team-orders' },
      },
    });
  });

  it('refuses a version the Promise never had, writing nothing', async () => {
    const before = await git(directory, ['rev-parse', 'HEAD']);
    await expect(
      platform.manageRequest(ordersDb, 'upgrade', { version: 'v9.9.9' }),
    ).rejects.toThrow(
      'Version v9.9.9 is not a retained revision of Promise postgresql on platform easyeaty; retained: latest, v1.1.0, v1.0.0',
    );
    expect(await git(directory, ['rev-parse', 'HEAD'])).toBe(before);
  });
});
