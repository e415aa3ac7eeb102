import { PromiseListItem, RequestListItem } from '../views/types';
import {
  buildLiveSnapshot,
  diffLiveSnapshots,
  LiveSnapshotInput,
} from './liveSnapshot';
import {
  KRATIX_NOTIFICATION_TOPICS,
  healthTransitionNotifications,
  promiseTransitionNotifications,
  pullRequestNotifications,
  requestTransitionNotifications,
} from './liveNotifications';
import { LiveSettler } from './LiveSettler';

function item(
  name: string,
  phase: RequestListItem['phase'],
  extra: Partial<RequestListItem> = {},
): RequestListItem {
  return {
    platform: 'prod',
    promise: 'postgresql',
    name,
    namespace: 'team-a',
    apiVersion: 'marketplace.kratix.io/v1alpha1',
    kind: 'postgresql',
    owner: 'group:default/team-a',
    phase,
    updating: false,
    ...extra,
  };
}

function promise(
  name: string,
  availability: PromiseListItem['availability'],
): PromiseListItem {
  return {
    platform: 'prod',
    name,
    availability,
    hasApi: true,
    categories: [],
    requiredPromises: [],
    requestCount: 0,
  };
}

function input(over: Partial<LiveSnapshotInput> = {}): LiveSnapshotInput {
  return {
    requests: [
      { item: item('db', 'Pending') },
      { item: item('other', 'Ready') },
    ],
    placements: [],
    promises: [promise('postgresql', 'Available')],
    destinations: [],
    health: { connected: true },
    ...over,
  };
}

describe('diffLiveSnapshots', () => {
  it('names only what changed: a request, its composite parent, a Promise and health', () => {
    const before = buildLiveSnapshot(input());
    const after = buildLiveSnapshot(
      input({
        requests: [
          {
            item: item('db', 'Ready', {
              parent: { promise: 'web-app', namespace: 'team-a', name: 'shop' },
            }),
          },
          { item: item('other', 'Ready') },
        ],
        promises: [promise('postgresql', 'Unavailable')],
        health: { connected: false, lastError: 'timeout' },
      }),
    );
    expect(diffLiveSnapshots(before, after)).toEqual([
      {
        kind: 'request',
        promise: 'postgresql',
        namespace: 'team-a',
        name: 'db',
      },
      {
        kind: 'request',
        promise: 'web-app',
        namespace: 'team-a',
        name: 'shop',
      },
      { kind: 'promise', name: 'postgresql' },
      { kind: 'health' },
    ]);
    expect(diffLiveSnapshots(after, after)).toEqual([]);
  });

  it('sees a pipeline status change and a new landing that leave the phase alone', () => {
    const before = buildLiveSnapshot(input());
    const after = buildLiveSnapshot(
      input({
        requests: [
          { item: item('db', 'Pending'), status: { pipelines: ['a'] } },
          { item: item('other', 'Ready') },
        ],
        placements: [
          {
            destination: 'eks',
            type: 'resource',
            promise: 'postgresql',
            namespace: 'team-a',
            resource: 'other',
            location: 'eks/resources/x',
            files: ['a.yaml'],
            state: 'Written',
            source: 'state-store',
          },
        ],
      }),
    );
    expect(diffLiveSnapshots(before, after).map(c => (c as any).name)).toEqual([
      'db',
      'other',
    ]);
  });

  it('ignores a new lastSync: only what a person sees counts', () => {
    const a = buildLiveSnapshot(input());
    const b = buildLiveSnapshot(
      input({ health: { connected: true, lastSync: 'later' } as any }),
    );
    expect(diffLiveSnapshots(a, b)).toEqual([]);
  });
});

describe('live notifications', () => {
  it('tell the owner once when a request settles Ready, and with the reason when it fails', () => {
    const settler = new LiveSettler<any>(10_000);
    const snap = buildLiveSnapshot(input());
    for (const [key, r] of snap.requests) settler.baseline(key, r.phase, r);
    const ready = buildLiveSnapshot(
      input({
        requests: [
          { item: item('db', 'Ready') },
          {
            item: item('other', 'Failing', {
              reason: 'ConfigureWorkflowFailed',
              message: 'A Configure Pipeline has failed: instance-configure',
            }),
          },
        ],
      }),
    );
    for (const [key, r] of ready.requests) settler.observe(key, r.phase, r, 0);
    const sent = requestTransitionNotifications('prod', settler.settle(10_000));
    expect(sent).toEqual([
      {
        recipients: ['group:default/team-a'],
        payload: expect.objectContaining({
          title: 'Your postgresql request team-a/db is ready',
          topic: KRATIX_NOTIFICATION_TOPICS.requestReady,
          scope: 'kratix:prod:postgresql:team-a/db:Ready',
          link: '/catalog/default/component/prod_postgresql_team-a_db',
        }),
      },
      {
        recipients: ['group:default/team-a'],
        payload: expect.objectContaining({
          topic: KRATIX_NOTIFICATION_TOPICS.pipelineFailed,
          severity: 'high',
          scope: 'kratix:prod:postgresql:team-a/other:Failing',
          description: expect.stringContaining(
            'ConfigureWorkflowFailed: A Configure Pipeline has failed: instance-configure',
          ),
        }),
      },
    ]);
    expect(settler.settle(30_000)).toEqual([]);
  });

  it('tell admins of an unavailable Promise and an unreachable platform, and nobody without admins', () => {
    const promiseT = [
      {
        key: 'jenkins',
        from: 'Available',
        to: 'Unavailable',
        since: 0,
        value: {
          name: 'jenkins',
          availability: 'Unavailable' as const,
          reason: 'RequirementsNotInstalled',
          fingerprint: '',
        },
      },
    ];
    expect(
      promiseTransitionNotifications('prod', ['group:default/sre'], promiseT),
    ).toEqual([
      {
        recipients: ['group:default/sre'],
        payload: expect.objectContaining({
          topic: 'kratix-promise-unavailable',
          scope: 'kratix:prod:promise:jenkins:Unavailable',
          link: '/catalog/default/component/prod_jenkins',
        }),
      },
    ]);
    expect(promiseTransitionNotifications('prod', [], promiseT)).toEqual([]);
    const healthT = [
      {
        key: 'health',
        from: 'reachable',
        to: 'unreachable',
        since: 0,
        value: { lastError: 'connect ECONNREFUSED' },
      },
    ];
    expect(
      healthTransitionNotifications('prod', ['user:default/ann'], healthT)[0]
        .payload,
    ).toEqual(
      expect.objectContaining({
        topic: 'kratix-platform-unreachable',
        description: expect.stringContaining('ECONNREFUSED'),
      }),
    );
  });

  it('tell the owner when a pull request for their request is merged or closed', () => {
    const pr = {
      promise: 'postgresql',
      namespace: 'team-a',
      owner: 'user:default/ann',
      url: 'https://github.com/acme/platform/pull/7',
    };
    const before = buildLiveSnapshot(
      input({
        pullRequests: [
          { ...pr, name: 'new-db' },
          { ...pr, name: 'gone', url: `${pr.url}8` },
        ],
      }),
    );
    const after = buildLiveSnapshot(
      input({
        requests: [{ item: item('new-db', 'Pending') }],
      }),
    );
    expect(
      pullRequestNotifications('prod', before, after).map(n => [
        n.payload.title,
        n.recipients,
      ]),
    ).toEqual([
      [
        'The pull request for your postgresql request team-a/new-db was merged',
        ['user:default/ann'],
      ],
      [
        'The pull request for your postgresql request team-a/gone was closed',
        ['user:default/ann'],
      ],
    ]);
    expect(pullRequestNotifications('prod', after, after)).toEqual([]);
  });
});
