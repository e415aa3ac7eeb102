import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { git } from '../gitops/git';
import { seededGitOpsPlatform } from '../testing/seededGitOpsPlatform';
import { GitOpsKratixPlatform } from './GitOpsKratixPlatform';
import { parsePlacedFile } from './placedDocuments';

// Real git repositories: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

const component = (name: string) =>
  `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\n`;

describe('parsePlacedFile', () => {
  it('gives each document of a file on its own, a broken one with its error, and no empty ones', () => {
    const at = { destination: 'backstage', path: 'state/b/x.yaml' };
    const documents = parsePlacedFile(
      `---\n${component('a')}---\n---\nkind: [\n---\n${component('b')}`,
      at,
    );
    expect(
      documents.map(d => [
        d.index,
        (d.object as any)?.metadata?.name,
        d.error?.slice(0, 10),
      ]),
    ).toEqual([
      [0, 'a', undefined],
      [2, undefined, expect.any(String)],
      [3, 'b', undefined],
    ]);
  });
});

/**
 * The documents of a portal Destination in each filepath mode, read from the state store
 * where Kratix writes them (internal/controller/workplacement_controller.go at Kratix HEAD:
 * getDir for nestedByMetadata, getAggregatedWorkload for aggregatedYAML, the flat files and
 * `.kratix/<namespace>-<name>.yaml` record of generateKratixStateFile for none).
 */
describe('GitOpsKratixPlatform.readPlacedDocuments', () => {
  let directory: string;
  let platform: GitOpsKratixPlatform;
  let remove: () => Promise<void>;

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
  const portal = (filepath: object) => ({
    'platform/destinations/portal.yaml': {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'Destination',
      metadata: { name: 'portal', labels: { environment: 'backstage' } },
      spec: {
        path: 'portal',
        strictMatchLabels: true,
        stateStoreRef: { kind: 'GitStateStore', name: 'default' },
        filepath,
      },
    },
  });
  const summary = async (destinations = ['portal']) =>
    (await platform.readPlacedDocuments({ destinations })).map(d => ({
      path: d.path,
      name: (d.object as any)?.metadata?.name,
      promise: d.placement?.promise,
      request: d.placement?.resource,
    }));

  beforeEach(async () => {
    ({ directory, platform, remove } = await seededGitOpsPlatform(
      'kratix-placed-documents-',
    ));
  });

  afterEach(() => remove());

  it('reads a nestedByMetadata Destination by folder, and only the Destinations asked for', async () => {
    await commit(
      {
        ...portal({ mode: 'nestedByMetadata' }),
        'state/portal/dependencies/nginx/promise-configure/5cfaf/backstage/nginx.yaml':
          component('nginx'),
        'state/portal/resources/team-checkout/jenkins/ci/instance-configure/5cfaf/backstage/ci.yaml':
          component('jenkins-ci'),
      },
      'Update from: nginx-promise-configure-1a2b3.portal-5cfaf',
    );
    expect(await summary()).toEqual([
      {
        path: 'state/portal/dependencies/nginx/promise-configure/5cfaf/backstage/nginx.yaml',
        name: 'nginx',
        promise: 'nginx',
        request: undefined,
      },
      {
        path: 'state/portal/resources/team-checkout/jenkins/ci/instance-configure/5cfaf/backstage/ci.yaml',
        name: 'jenkins-ci',
        promise: 'jenkins',
        request: 'ci',
      },
    ]);
    const eks = await summary(['eks']);
    expect(eks.length).toBeGreaterThan(0);
    expect(eks.filter(d => !d.path.startsWith('state/eks/'))).toEqual([]);
  });

  it('reads an aggregatedYAML file once, naming the placement only where one WorkPlacement wrote it', async () => {
    const file = 'state/portal/aggregated.yaml';
    await commit(
      {
        ...portal({ mode: 'aggregatedYAML' }),
        [file]: component('nginx'),
      },
      'Update from: nginx-promise-configure-1a2b3.portal-5cfaf',
    );
    expect(await summary()).toEqual([
      { path: file, name: 'nginx', promise: 'nginx', request: undefined },
    ]);
    await commit(
      { [file]: `${component('nginx')}---\n${component('jenkins-ci')}` },
      'Update from: jenkins-ci-instance-configure-abcde.portal-5cfaf',
    );
    expect(await summary()).toEqual([
      { path: file, name: 'nginx', promise: undefined, request: undefined },
      {
        path: file,
        name: 'jenkins-ci',
        promise: undefined,
        request: undefined,
      },
    ]);
  });

  it("reads a none-mode Destination's flat files by Kratix's record", async () => {
    const wp = 'jenkins-ci-instance-configure-abcde.portal-5cfaf';
    await commit(
      {
        ...portal({ mode: 'none' }),
        'state/portal/ci.yaml': component('jenkins-ci'),
        [`state/portal/.kratix/team-checkout-${wp}.yaml`]:
          'files:\n- portal/ci.yaml\n',
      },
      `Update from: ${wp}`,
    );
    expect(await summary()).toEqual([
      {
        path: 'state/portal/ci.yaml',
        name: 'jenkins-ci',
        promise: 'jenkins',
        request: 'ci',
      },
    ]);
  });
});
