import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import {
  KratixPromise,
  readRequestStatus,
  ResourceRequest,
} from '@kratix-backstage/plugin-kratix-common';
import { GitOpsKratixPlatform } from '../platform/GitOpsKratixPlatform';
import { KnownPipelineRuns } from '../platform/KnownPipelineRuns';
import { EmbeddedKratix } from './EmbeddedKratix';
import { seededGitOpsPlatform } from '../testing/seededGitOpsPlatform';

// Real git repositories: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

/** The stand-in follows Kratix's rules (Kratix HEAD, internal/controller/). */
describe('EmbeddedKratix follows Kratix', () => {
  let directory: string;
  let platform: GitOpsKratixPlatform;
  let kratix: EmbeddedKratix;

  const JENKINS = 'platform/promises/jenkins.yaml';
  const changeJenkins = async (change: (p: KratixPromise) => void) => {
    const promise = parse(
      await readFile(join(directory, JENKINS), 'utf8'),
    ) as KratixPromise;
    change(promise);
    await platform.repository.commit(
      [{ path: JENKINS, content: stringify(promise) }],
      'Change the jenkins Promise',
    );
    platform.invalidate();
  };
  const request = (
    name: string,
    spec: Record<string, unknown> = { env: 'dev' },
  ): ResourceRequest => ({
    apiVersion: 'marketplace.kratix.io/v1alpha1',
    kind: 'jenkins',
    metadata: { name, namespace: 'team-a' },
    spec,
  });
  const placementsOf = (name: string) =>
    platform.listPlacements({ promise: 'jenkins', resource: name });
  const phaseOf = async (name: string) =>
    readRequestStatus(
      (await platform.listRequests({ promise: 'jenkins' })).find(
        r => r.metadata.name === name,
      )!,
    ).phase;
  const registerFlat = async (
    name: string,
    filepath: { mode: 'none' | 'aggregatedYAML'; filename?: string },
  ) => {
    await platform.registerDestination({
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'Destination',
      metadata: { name, labels: { only: name } },
      spec: {
        path: name,
        stateStoreRef: { kind: 'GitStateStore', name: 'default' },
        filepath,
      },
    });
    await changeJenkins(p => {
      p.spec.destinationSelectors = [{ matchLabels: { only: name } }];
    });
  };

  let remove: () => Promise<void>;
  beforeEach(async () => {
    ({ directory, platform, remove } = await seededGitOpsPlatform(
      'kratix-standin-rules-',
      { knownRuns: new KnownPipelineRuns() },
    ));
    kratix = new EmbeddedKratix({ platform });
  });

  afterEach(() => remove());

  // dynamic_resource_request_controller.go: a paused Promise's requests are not reconciled.
  it('runs no pipeline for the requests of a paused Promise (kratix.io/paused on the Promise)', async () => {
    await changeJenkins(p => {
      p.metadata.labels = { ...p.metadata.labels, 'kratix.io/paused': 'true' };
    });
    await platform.submitRequest('jenkins', request('held'));
    await kratix.reconcile();
    expect(await placementsOf('held')).toEqual([]);
    await changeJenkins(p => {
      delete p.metadata.labels!['kratix.io/paused'];
    });
    await kratix.reconcile();
    expect(await placementsOf('held')).toHaveLength(1);
  });

  // scheduler.go reconcileWorkloadGroup/updateWorkPlacement: a resource Work's existing
  // WorkPlacement is updated in place and labelled misplaced, never moved.
  it('keeps an updated request on its Destination when the selectors no longer match it, as Misplaced (updateWorkPlacement)', async () => {
    await platform.submitRequest('jenkins', request('stay'));
    await kratix.reconcile();
    const [before] = await placementsOf('stay');
    expect(before.state).toBe('Written');
    await changeJenkins(p => {
      p.spec.destinationSelectors = [
        { matchLabels: { environment: 'nowhere' } },
      ];
    });
    await platform.submitRequest('jenkins', request('stay', { env: 'prod' }), {
      operation: 'update',
    });
    await kratix.reconcile();
    const after = await placementsOf('stay');
    expect(after.map(p => [p.destination, p.state])).toEqual([
      [before.destination, 'Misplaced'],
    ]);
    expect(await phaseOf('stay')).toBe('Ready');
  });

  // workplacement_controller.go getDir: each pipeline's Work has its own folder.
  it('writes each resource configure pipeline to its own folder (getDir)', async () => {
    await changeJenkins(p => {
      const [first] = p.spec.workflows!.resource!.configure!;
      p.spec.workflows!.resource!.configure = [
        first,
        { ...first, metadata: { name: 'notify' } },
      ];
    });
    await platform.submitRequest('jenkins', request('two'));
    await kratix.reconcile();
    expect(
      (await placementsOf('two')).map(p => p.location.split('/').slice(-2)),
    ).toEqual([
      ['instance-configure', '5058f'],
      ['notify', '5058f'],
    ]);
  });

  // workplacement_controller.go writeWorkloadsToStateStore: `none` writes files flat with a
  // .kratix record; aggregatedYAML rewrites one file, one commit per WorkPlacement.
  it.each([
    ['flat', { mode: 'none' as const }, 'state/flat/jenkins-edge.yaml'],
    [
      'agg',
      { mode: 'aggregatedYAML' as const, filename: 'all.yaml' },
      'state/agg/all.yaml',
    ],
  ])(
    'writes a request to a %s Destination as Kratix lays that mode out, and the request is Ready (writeWorkloadsToStateStore)',
    async (name, filepath, file) => {
      await registerFlat(name, filepath);
      await platform.submitRequest('jenkins', request('edge'));
      await kratix.reconcile();
      const [placement] = await placementsOf('edge');
      expect(placement).toEqual(
        expect.objectContaining({ destination: name, namespace: 'team-a' }),
      );
      expect(placement.files).toEqual([file]);
      expect(await phaseOf('edge')).toBe('Ready');
      // Deleting the request removes its documents (and its record).
      await platform.manageRequest(
        { promise: 'jenkins', namespace: 'team-a', name: 'edge' },
        'delete',
      );
      await kratix.reconcile();
      expect(await placementsOf('edge')).toEqual([]);
    },
  );

  // getDir lays files out by the WorkPlacement's namespace: the pipeline namespace.
  it("lays a request out under its Promise's pipeline namespace (getDir)", async () => {
    await changeJenkins(p => {
      p.spec.workflows!.config = { pipelineNamespace: 'kratix-pipelines' };
    });
    await platform.submitRequest('jenkins', request('piped'));
    await kratix.reconcile();
    const [placement] = await placementsOf('piped');
    expect(placement.namespace).toBe('team-a');
    expect(placement.location).toMatch(
      /\/resources\/kratix-pipelines\/jenkins\/piped\/instance-configure\/5058f$/,
    );
    expect(await phaseOf('piped')).toBe('Ready');
  });

  it('runs a request deleted and made again with the same spec afresh', async () => {
    await platform.submitRequest('jenkins', request('again'));
    await kratix.reconcile();
    expect(await placementsOf('again')).toHaveLength(1);
    const ref = { promise: 'jenkins', namespace: 'team-a', name: 'again' };
    await platform.manageRequest(ref, 'delete');
    await kratix.reconcile();
    expect(await placementsOf('again')).toEqual([]);
    await platform.submitRequest('jenkins', request('again'));
    await kratix.reconcile();
    expect(await placementsOf('again')).toHaveLength(1);
    expect(await phaseOf('again')).toBe('Ready');
  });

  // dynamic_resource_request_controller.go promiseCannotFulfilResourceRequests: no request
  // of a Promise that is not Available is fulfilled.
  it('fulfils no request of a Promise that is not Available (promiseCannotFulfilResourceRequests)', async () => {
    await changeJenkins(p => {
      p.spec.requiredPromises = [{ name: 'vault' }];
    });
    await platform.submitRequest('jenkins', request('blocked'));
    await kratix.reconcile();
    expect(await placementsOf('blocked')).toEqual([]);
  });
});
