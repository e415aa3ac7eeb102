import {
  Destination,
  KratixPromise,
  ResourceRequest,
  StateStore,
} from '../model';
import { joinPlacementsToRequests } from './joinPlacementsToRequests';
import {
  placementsFromAggregatedCommits,
  placementsFromNoneModeRecords,
} from './placementsFromRecords';
import { workPlacementOwner } from './workPlacementOwner';
import { withMisplacedPlacements } from './withMisplacedPlacements';

const promise = (name: string, pipelineNamespace?: string): KratixPromise =>
  ({
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'Promise',
    metadata: { name },
    spec: {
      workflows: {
        ...(pipelineNamespace ? { config: { pipelineNamespace } } : {}),
        resource: {
          configure: [{ metadata: { name: 'instance-configure' } }],
        },
        promise: { configure: [{ metadata: { name: 'promise-configure' } }] },
      },
    },
  } as unknown as KratixPromise);

const request = (name: string, namespace: string): ResourceRequest => ({
  apiVersion: 'example.kratix.io/v1',
  kind: 'Thing',
  metadata: { name, namespace },
  spec: {},
});

const store: StateStore = {
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'GitStateStore',
  metadata: { name: 'default' },
  spec: { url: 'https://example.com/state.git', path: 'state' },
} as StateStore;

const destination = (
  name: string,
  mode: 'none' | 'aggregatedYAML',
): Destination =>
  ({
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'Destination',
    metadata: { name },
    spec: {
      path: name,
      stateStoreRef: { kind: 'GitStateStore', name: 'default' },
      filepath: { mode },
    },
  } as Destination);

const candidates = {
  promises: [promise('redis'), promise('postgres', 'kratix-pipelines')],
  requests: [
    { promise: 'redis', request: request('cache', 'team-a') },
    { promise: 'postgres', request: request('orders', 'team-b') },
  ],
};

/** The candidates and one more redis request in team-a. */
const withRedisRequest = (name: string) => ({
  ...candidates,
  requests: [
    ...candidates.requests,
    { promise: 'redis', request: request(name, 'team-a') },
  ],
});

describe('workPlacementOwner', () => {
  // work-creator/lib/work_creator.go buildWorkIdentifier, lib/objectutil/name.go
  // GenerateObjectName, internal/controller/scheduler.go (WorkPlacement names).
  it('reads the request and pipeline back from a WorkPlacement name Kratix made (buildWorkIdentifier, GenerateObjectName)', () => {
    expect(
      workPlacementOwner(
        {
          namespace: 'team-a',
          name: 'redis-cache-instance-configure-1a2b3.edge-5058f',
        },
        'edge',
        candidates,
      ),
    ).toEqual({
      type: 'resource',
      promise: 'redis',
      namespace: 'team-a',
      resource: 'cache',
      pipeline: 'instance-configure',
    });
    // With a pipeline namespace the Work carries the request's namespace in its name.
    expect(
      workPlacementOwner(
        {
          namespace: 'kratix-pipelines',
          name: 'postgres-orders-team-b-instance-configure-9f8e7.edge-00aa1',
        },
        'edge',
        candidates,
      ),
    ).toEqual(
      expect.objectContaining({ resource: 'orders', namespace: 'team-b' }),
    );
    expect(
      workPlacementOwner(
        {
          namespace: 'kratix-platform-system',
          name: 'redis-promise-configure-abcde.edge-5058f',
        },
        'edge',
        candidates,
      ),
    ).toEqual({
      type: 'dependency',
      promise: 'redis',
      pipeline: 'promise-configure',
    });
    // Kratix v0.125.0 named Works <promise>-<request> (work-creator/pipeline/work_creator.go).
    expect(
      workPlacementOwner(
        { namespace: 'team-a', name: 'redis-cache-1a2b3.edge-5058f' },
        'edge',
        candidates,
      ),
    ).toEqual({
      type: 'resource',
      promise: 'redis',
      namespace: 'team-a',
      resource: 'cache',
    });
    expect(
      workPlacementOwner(
        { namespace: 'team-a', name: 'redis-other-1a2b3.edge-5058f' },
        'edge',
        candidates,
      ),
    ).toBeUndefined();
  });

  it('matches names Kratix cut past 57 characters to 56 (objectutil processName)', () => {
    // A 57-character identifier is kept whole (maxNameLength = 63 - 1 - 5).
    const whole = 'a-request-named-for-fifty-seven1';
    expect(`redis-${whole}-instance-configure`).toHaveLength(57);
    expect(
      workPlacementOwner(
        {
          namespace: 'team-a',
          name: `redis-${whole}-instance-configure-1a2b3.edge-5058f`,
        },
        'edge',
        {
          promises: candidates.promises,
          requests: [{ promise: 'redis', request: request(whole, 'team-a') }],
        },
      ),
    ).toEqual(expect.objectContaining({ resource: whole }));
    const long = 'a-request-with-a-rather-long-name-indeed';
    // 65 characters: Kratix keeps the first 56, then drops the trailing dash.
    const name = 'redis-a-request-with-a-rather-long-name-indeed-instance';
    expect(`redis-${long}-instance-configure`.slice(0, 56)).toBe(`${name}-`);
    expect(
      workPlacementOwner(
        { namespace: 'team-a', name: `${name}-1a2b3.edge-5058f` },
        'edge',
        {
          promises: candidates.promises,
          requests: [{ promise: 'redis', request: request(long, 'team-a') }],
        },
      ),
    ).toEqual(expect.objectContaining({ resource: long }));
  });
});

describe('placements on Destinations of every filepath mode', () => {
  // internal/controller/workplacement_controller.go writeWorkloadsToStateStore and
  // generateKratixStateFile: in `none` mode Kratix writes the files flat under the
  // Destination's path and records them in .kratix/<namespace>-<name>.yaml.
  it("reads a none-mode Destination's placements from Kratix's .kratix records (generateKratixStateFile)", () => {
    const records = new Map([
      [
        'state/flat/.kratix/team-a-redis-cache-instance-configure-1a2b3.flat-5058f.yaml',
        'files:\n- flat/redis.yaml\n- flat/service.yaml\n',
      ],
      [
        'state/flat/.kratix/kratix-pipelines-postgres-orders-team-b-instance-configure-9f8e7.flat-00aa1.yaml',
        'files:\n- flat/orders.yaml\n',
      ],
      [
        'state/flat/.kratix/team-a-unknown-thing-abcde.flat-5058f.yaml',
        'files: []\n',
      ],
      // Kratix v0.125.0 listed files relative to the Destination's folder, and named the
      // Work <promise>-<request> (controllers/workplacement_controller.go, work_creator.go).
      [
        'state/flat/.kratix/team-a-redis-old-abcde.flat-5058f.yaml',
        'files:\n- old.yaml\n',
      ],
    ]);
    const placements = placementsFromNoneModeRecords(
      records,
      [store],
      [destination('flat', 'none')],
      withRedisRequest('old'),
    );
    expect(placements).toEqual([
      expect.objectContaining({
        destination: 'flat',
        type: 'resource',
        promise: 'redis',
        namespace: 'team-a',
        resource: 'cache',
        pipeline: 'instance-configure',
        location: 'state/flat',
        files: ['state/flat/redis.yaml', 'state/flat/service.yaml'],
        workPlacement: {
          namespace: 'team-a',
          name: 'redis-cache-instance-configure-1a2b3.flat-5058f',
        },
      }),
      expect.objectContaining({
        promise: 'postgres',
        namespace: 'team-b',
        resource: 'orders',
        files: ['state/flat/orders.yaml'],
      }),
      expect.objectContaining({
        resource: 'old',
        files: ['state/flat/old.yaml'],
      }),
    ]);
  });

  // lib/writers/git.go commitAndPush: each write is "Update from: <WorkPlacement>", each
  // removal "Delete from: <WorkPlacement>"; aggregatedYAML keeps no per-WorkPlacement record.
  it("reads an aggregatedYAML Destination's placements from the commits Kratix made to its file (commitAndPush)", () => {
    const file = 'state/agg/aggregated.yaml';
    const commits = [
      {
        sha: 'c3',
        subject: 'Delete from: redis-gone-instance-configure-11111.agg-5058f',
        changes: [{ path: file, status: 'M' }],
      },
      {
        sha: 'c2',
        subject: 'Update from: redis-cache-instance-configure-1a2b3.agg-5058f',
        changes: [{ path: file, status: 'M' }],
      },
      {
        sha: 'c1',
        subject: 'Update from: redis-gone-instance-configure-11111.agg-5058f',
        changes: [{ path: file, status: 'A' }],
      },
    ];
    const placements = placementsFromAggregatedCommits(
      commits,
      [store],
      [destination('agg', 'aggregatedYAML')],
      withRedisRequest('gone'),
    );
    expect(placements).toEqual([
      expect.objectContaining({
        destination: 'agg',
        resource: 'cache',
        namespace: 'team-a',
        location: file,
        files: [file],
        commit: 'c2',
      }),
    ]);
  });

  // internal/controller/workplacement_controller.go getDir: nestedByMetadata folders are laid
  // out by the WorkPlacement's namespace, the pipeline namespace where a Promise sets one.
  it('gives placements laid out under a pipeline namespace to the request that runs there (getDir)', () => {
    const placed = {
      destination: 'eks',
      type: 'resource' as const,
      promise: 'postgres',
      namespace: 'kratix-pipelines',
      resource: 'orders',
      pipeline: 'instance-configure',
      location:
        'state/eks/resources/kratix-pipelines/postgres/orders/instance-configure/5058f',
      files: [],
      state: 'Written' as const,
      source: 'state-store' as const,
    };
    expect(joinPlacementsToRequests([placed], candidates)).toEqual([
      { ...placed, namespace: 'team-b' },
    ]);
    const unclaimed = { ...placed, resource: 'nobody' };
    expect(joinPlacementsToRequests([unclaimed], candidates)).toEqual([
      unclaimed,
    ]);
  });
});

// internal/controller/scheduler.go reconcileWorkloadGroup and updateWorkPlacement: a Work's
// WorkPlacement on a Destination that no longer matches stays, labelled misplaced.
describe('withMisplacedPlacements', () => {
  it("marks a placement whose Destination no longer matches its Promise's selectors Misplaced, and only that one (updateWorkPlacement)", () => {
    const redis = {
      ...promise('redis'),
      spec: {
        ...promise('redis').spec,
        destinationSelectors: [{ matchLabels: { env: 'prod' } }],
      },
    } as KratixPromise;
    const labelled = (name: string, env: string): Destination => ({
      ...destination(name, 'none'),
      metadata: { name, labels: { env } },
      spec: {
        path: name,
        stateStoreRef: { kind: 'GitStateStore', name: 'default' },
      },
    });
    const placement = (destinationName: string, group = '5058f') => ({
      destination: destinationName,
      type: 'resource' as const,
      promise: 'redis',
      namespace: 'team-a',
      resource: 'cache',
      location: `state/${destinationName}/resources/team-a/redis/cache/instance-configure/${group}`,
      files: [],
      state: 'Written' as const,
      source: 'state-store' as const,
    });
    const result = withMisplacedPlacements(
      [
        placement('prod-1'),
        placement('dev-1'),
        placement('dev-1', 'a1b2c'),
        // A flat or aggregated placement's group is the end of its WorkPlacement's name.
        {
          ...placement('dev-1'),
          workPlacement: {
            namespace: 'team-a',
            name: 'redis-cache-x-1a2b3.dev-1-5058f',
          },
        },
        {
          ...placement('dev-1'),
          workPlacement: {
            namespace: 'team-a',
            name: 'redis-cache-x-1a2b3.dev-1-a1b2c',
          },
        },
      ],
      [redis],
      [labelled('prod-1', 'prod'), labelled('dev-1', 'dev')],
    );
    expect(result.map(p => p.state)).toEqual([
      'Written',
      'Misplaced',
      // A directory's group has selectors of its own, which the store does not record.
      'Written',
      'Misplaced',
      'Written',
    ]);
  });
});
