import {
  Destination,
  LegacyCluster,
  StateStore,
  WorkPlacement,
} from '../model';
import { loadFixtures } from '../__testUtils__/fixtures';
import { matchesPlacementQuery } from './Placement';
import { placementFromWorkPlacement } from './placementFromWorkPlacement';
import { placementsFromStoreFiles } from './placementsFromStoreFiles';

const destinations = loadFixtures<Destination | LegacyCluster>(
  'destinations.yaml',
);
const [gitStore, bucketStore] = loadFixtures<StateStore>('statestores.yaml');
const [, placed, misplaced] = loadFixtures<WorkPlacement>('works.yaml');

describe('placementsFromStoreFiles', () => {
  it('groups store files into dependency and resource placements', () => {
    const files = [
      'destinations/eks/dependencies/kratix-canary-namespace.yaml',
      'destinations/eks/dependencies/jenkins/promise-configure/5058f/operator.yaml',
      'destinations/eks/dependencies/jenkins/promise-configure/5058f/crds.yaml',
      'destinations/eks/dependencies/postgresql/5058f/static/postgresql-dependencies.yaml',
      'destinations/eks/resources/team-checkout/jenkins/ci/instance-configure/5058f/jenkins-instance.yaml',
      'destinations/platform/resources/team-checkout/web-app/storefront/compose/5cfaf/backstage/component.yaml',
      'README.md',
    ];
    const placements = placementsFromStoreFiles(
      files,
      [gitStore],
      destinations,
    );
    expect(placements).toEqual([
      expect.objectContaining({
        destination: 'eks',
        type: 'dependency',
        promise: 'jenkins',
        pipeline: 'promise-configure',
        location:
          'destinations/eks/dependencies/jenkins/promise-configure/5058f',
        files: [
          'destinations/eks/dependencies/jenkins/promise-configure/5058f/operator.yaml',
          'destinations/eks/dependencies/jenkins/promise-configure/5058f/crds.yaml',
        ],
        state: 'Written',
        source: 'state-store',
      }),
      expect.objectContaining({
        type: 'dependency',
        promise: 'postgresql',
        pipeline: undefined,
      }),
      expect.objectContaining({
        destination: 'eks',
        type: 'resource',
        promise: 'jenkins',
        namespace: 'team-checkout',
        resource: 'ci',
        pipeline: 'instance-configure',
      }),
      expect.objectContaining({
        destination: 'platform',
        resource: 'storefront',
        files: [expect.stringMatching(/backstage\/component.yaml$/)],
      }),
    ]);
  });

  it('only reads destinations of the store the files belong to', () => {
    expect(
      placementsFromStoreFiles(
        [
          'edge/edge.yaml',
          'destinations/eks/resources/ns/p/r/pipe/5058f/a.yaml',
        ],
        [bucketStore],
        destinations,
      ),
    ).toEqual([]);
  });
});

describe('placementFromWorkPlacement', () => {
  it('computes the files of a request placement from its destination and store', () => {
    const eks = destinations.find(d => d.metadata.name === 'eks');
    expect(placementFromWorkPlacement(placed, eks, gitStore)).toEqual({
      destination: 'eks',
      type: 'resource',
      promise: 'jenkins',
      namespace: 'team-checkout',
      resource: 'ci',
      pipeline: 'instance-configure',
      location:
        'destinations/eks/resources/team-checkout/jenkins/ci/instance-configure/5058f',
      files: [
        'destinations/eks/resources/team-checkout/jenkins/ci/instance-configure/5058f/jenkins-instance.yaml',
      ],
      state: 'Ready',
      source: 'workplacement',
      commit: '3f1c2a9d0b7e4f6a8c5d1e2b3a4f5c6d7e8f9a0b',
      workPlacement: {
        name: 'jenkins-ci-instance-configure-a81b2.eks-5058f',
        namespace: 'team-checkout',
      },
    });
  });

  it('reports a misplaced Promise placement even when its destination is gone', () => {
    expect(placementFromWorkPlacement(misplaced, undefined, undefined)).toEqual(
      expect.objectContaining({
        destination: 'worker-1',
        type: 'dependency',
        promise: 'redis',
        state: 'Misplaced',
        location: 'worker-1/dependencies/redis/promise-configure/5058f',
      }),
    );
  });

  // Kratix HEAD internal/controller/scheduler.go (applyWorkplacementsForTargetDestinations)
  // labels a WorkPlacement with its Work, group, Destination and pipeline only, in the Work's
  // namespace; workplacement_controller.go getDir lays its files out by that namespace.
  it("lays a pipelineNamespace placement out by the WorkPlacement's namespace and joins it to the request through its Work (scheduler.go, getDir)", () => {
    const eks = destinations.find(d => d.metadata.name === 'eks');
    const wp = {
      ...placed,
      metadata: { ...placed.metadata, namespace: 'kratix-pipelines' },
    };
    const placement = placementFromWorkPlacement(
      wp,
      eks,
      gitStore,
      'team-checkout',
    );
    expect(placement.namespace).toBe('team-checkout');
    expect(placement.location).toBe(
      'destinations/eks/resources/kratix-pipelines/jenkins/ci/instance-configure/5058f',
    );
    expect(placement.workPlacement).toEqual({
      name: placed.metadata.name,
      namespace: 'kratix-pipelines',
    });
    // Without its Work, the WorkPlacement's namespace is all there is.
    expect(placementFromWorkPlacement(wp, eks, gitStore).namespace).toBe(
      'kratix-pipelines',
    );
  });

  it('points at the aggregated file for aggregatedYAML destinations', () => {
    const edge = destinations.find(d => d.metadata.name === 'on-prem-edge');
    const wp = {
      ...placed,
      spec: { ...placed.spec, targetDestinationName: 'on-prem-edge' },
    };
    expect(placementFromWorkPlacement(wp, edge, bucketStore).files).toEqual([
      'edge/edge.yaml',
    ]);
  });
});

describe('matchesPlacementQuery', () => {
  it('matches on every given field', () => {
    const p = placementFromWorkPlacement(placed, undefined, undefined);
    expect(
      matchesPlacementQuery(p, { promise: 'jenkins', resource: 'ci' }),
    ).toBe(true);
    expect(matchesPlacementQuery(p, { destination: 'gke' })).toBe(false);
    expect(matchesPlacementQuery(p)).toBe(true);
  });
});
