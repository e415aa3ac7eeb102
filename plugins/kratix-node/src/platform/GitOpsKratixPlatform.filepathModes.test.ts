import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { readRequestStatus } from '@kratix-backstage/plugin-kratix-common';
import { git } from '../gitops/git';
import { GitOpsKratixPlatform } from './GitOpsKratixPlatform';
import { seededGitOpsPlatform } from '../testing/seededGitOpsPlatform';

// Real git repositories: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

/**
 * Requests whose documents Kratix wrote to Destinations of each filepath mode, and in a
 * pipeline namespace, become Ready in gitops mode: the state store is read as Kratix lays it
 * out (internal/controller/workplacement_controller.go, Kratix HEAD).
 */
describe('GitOpsKratixPlatform on every Destination filepath mode', () => {
  let directory: string;
  let platform: GitOpsKratixPlatform;

  const read = async (path: string) =>
    parse(await readFile(join(directory, path), 'utf8'));
  /** Writes files (objects as YAML, strings as they are) and commits them as Kratix would. */
  const commit = async (files: Record<string, unknown>, message: string) => {
    for (const [path, doc] of Object.entries(files)) {
      await mkdir(dirname(join(directory, path)), { recursive: true });
      await writeFile(
        join(directory, path),
        typeof doc === 'string' ? doc : stringify(doc),
      );
    }
    await git(directory, ['add', '--all']);
    await git(directory, ['commit', '--quiet', '-m', message]);
  };
  const setMode = async (destination: string, filepath: object) => {
    const path = `platform/destinations/${destination}.yaml`;
    const doc = await read(path);
    await commit(
      { [path]: { ...doc, spec: { ...doc.spec, filepath } } },
      `Destination ${destination}: ${JSON.stringify(filepath)}`,
    );
  };
  const reconciled = async (promise: string, name: string) => {
    const request = (await platform.listRequests({ promise })).find(
      r => r.metadata.name === name,
    )!;
    return readRequestStatus(request).phase;
  };

  let remove: () => Promise<void>;
  /** orders-db's newest pipeline run, as listed for its own namespace. */
  const newestOrdersDbRun = async () =>
    (
      await platform.listPipelineRuns({
        promise: 'postgresql',
        namespace: 'team-orders',
        resource: 'orders-db',
      })
    )[0];
  const head = async () => (await git(directory, ['rev-parse', 'HEAD'])).trim();

  beforeEach(async () => {
    ({ directory, platform, remove } = await seededGitOpsPlatform(
      'kratix-gitops-modes-',
    ));
    // orders-db starts with no documents anywhere.
    await git(directory, [
      'rm',
      '-r',
      '--quiet',
      'state/gke/resources/team-orders',
    ]);
    await git(directory, ['commit', '--quiet', '-m', 'Delete from: orders-db']);
  });

  afterEach(() => remove());

  // workplacement_controller.go writeWorkloadsToStateStore (FilepathModeNone) and
  // generateKratixStateFile: files flat under the Destination's path, listed in
  // .kratix/<WorkPlacement namespace>-<WorkPlacement name>.yaml.
  it("finds a request's documents on a none-mode Destination by Kratix's .kratix record (generateKratixStateFile)", async () => {
    await setMode('on-prem-edge', { mode: 'none' });
    expect(await reconciled('postgresql', 'orders-db')).not.toBe('Ready');
    const wp =
      'postgresql-orders-db-instance-configure-1a2b3.on-prem-edge-5058f';
    await commit(
      {
        'state/edge/orders-db.yaml':
          'kind: ConfigMap\nmetadata:\n  name: orders-db\n',
        [`state/edge/.kratix/team-orders-${wp}.yaml`]:
          'files:\n- edge/orders-db.yaml\n',
      },
      `Update from: ${wp}`,
    );
    expect(await reconciled('postgresql', 'orders-db')).toBe('Ready');
    expect(await platform.listPlacements({ resource: 'orders-db' })).toEqual([
      expect.objectContaining({
        destination: 'on-prem-edge',
        namespace: 'team-orders',
        files: ['state/edge/orders-db.yaml'],
        location: 'state/edge',
        workPlacement: { namespace: 'team-orders', name: wp },
      }),
    ]);
    // The commit is the pipeline's newest run, the request's own (its record names it).
    expect(await newestOrdersDbRun()).toEqual(
      expect.objectContaining({
        commit: await head(),
        pipeline: 'instance-configure',
        state: 'Succeeded',
      }),
    );
  });

  // workplacement_controller.go getAggregatedWorkload: one file for every WorkPlacement of
  // the Destination; lib/writers/git.go commitAndPush names the WorkPlacement of each write.
  it("finds a request's documents in an aggregatedYAML Destination's file by the commits that wrote and took them out (commitAndPush, deleteWorkPlacement)", async () => {
    await setMode('gke', { mode: 'aggregatedYAML', filename: 'all.yaml' });
    expect(await reconciled('postgresql', 'orders-db')).not.toBe('Ready');
    const wp = 'postgresql-orders-db-instance-configure-abcde.gke-5058f';
    await commit(
      {
        'state/gke/all.yaml': 'kind: ConfigMap\nmetadata:\n  name: orders-db\n',
      },
      `Update from: ${wp}`,
    );
    expect(await reconciled('postgresql', 'orders-db')).toBe('Ready');
    expect(await platform.listPlacements({ resource: 'orders-db' })).toEqual([
      expect.objectContaining({
        destination: 'gke',
        files: ['state/gke/all.yaml'],
        workPlacement: { namespace: 'team-orders', name: wp },
      }),
    ]);

    // Another WorkPlacement joins the file; then orders-db's goes while it stays, which
    // Kratix commits as `Update from: <the one that went>` with only its lines taken out
    // (workplacement_controller.go deleteWorkPlacement).
    const other = 'postgresql-storefront-db-instance-configure-fghij.gke-5058f';
    const both =
      'kind: ConfigMap\nmetadata:\n  name: orders-db\n\n---\nkind: ConfigMap\nmetadata:\n  name: storefront-db\n';
    await commit({ 'state/gke/all.yaml': both }, `Update from: ${other}`);
    await commit(
      {
        'state/gke/all.yaml':
          'kind: ConfigMap\nmetadata:\n  name: storefront-db\n',
      },
      `Update from: ${wp}`,
    );
    expect(await platform.listPlacements({ resource: 'orders-db' })).toEqual(
      [],
    );
    expect(
      (await platform.listPlacements({ resource: 'storefront-db' })).map(
        p => p.destination,
      ),
    ).toContain('gke');
  });

  // workplacement_controller.go getDir: nestedByMetadata folders use the WorkPlacement's
  // namespace, which is `workflows.config.pipelineNamespace` where the Promise sets it.
  it('finds the documents of a request whose Promise runs pipelines in a pipeline namespace (getDir)', async () => {
    const path = 'platform/promises/postgresql.yaml';
    const postgresql = await read(path);
    postgresql.spec.workflows.config = {
      pipelineNamespace: 'kratix-pipelines',
    };
    await commit(
      { [path]: postgresql },
      'PostgreSQL runs its pipelines in kratix-pipelines',
    );
    await commit(
      {
        'state/eks/resources/kratix-pipelines/postgresql/orders-db/instance-configure/5058f/db.yaml':
          'kind: ConfigMap\nmetadata:\n  name: orders-db\n',
      },
      'Update from: postgresql-orders-db-team-orders-instance-configure-abcde.eks-5058f',
    );
    expect(await reconciled('postgresql', 'orders-db')).toBe('Ready');
    expect(
      await platform.listPlacements({
        resource: 'orders-db',
        namespace: 'team-orders',
      }),
    ).toEqual([expect.objectContaining({ destination: 'eks' })]);
    // Its pipeline's newest run is the request's, in the request's namespace.
    expect(await newestOrdersDbRun()).toEqual(
      expect.objectContaining({
        commit: await head(),
        namespace: 'team-orders',
        pipeline: 'instance-configure',
      }),
    );
  });
});
