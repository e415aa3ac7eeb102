import { requestEntityName, promiseEntityName } from '../entities/entityNames';
import { buildLiveSnapshot, LiveSnapshotInput } from './liveSnapshot';
import {
  DEFAULT_KRATIX_NOTIFICATION_LINKS,
  healthTransitionNotifications,
  kratixEntityLink,
  KratixNotificationLinks,
  promiseTransitionNotifications,
  pullRequestNotifications,
  requestTransitionNotifications,
} from './liveNotifications';

/** An app that mounts the catalog's entity page and the Kratix page away from their defaults. */
const links: KratixNotificationLinks = {
  entity: 'https://portal.example.com/software/{kind}/{namespace}/{name}',
  kratixPage: '/platform/kratix',
};

const request = {
  promise: 'postgresql',
  namespace: 'team-a',
  name: 'db',
  owner: 'group:default/team-a',
  phase: 'Ready',
  fingerprint: '',
} as any;

const emptySnapshot: LiveSnapshotInput = {
  requests: [],
  placements: [],
  promises: [],
  destinations: [],
  health: { connected: true },
};

describe('notification links', () => {
  it("by default point where a stock app mounts the catalog's entity page and the Kratix page", () => {
    expect(DEFAULT_KRATIX_NOTIFICATION_LINKS).toEqual({
      entity: '/catalog/{namespace}/{kind}/{name}',
      kratixPage: '/kratix',
    });
    const [ready] = requestTransitionNotifications('prod', [
      {
        key: 'postgresql/team-a/db',
        from: 'Pending',
        to: 'Ready',
        since: 0,
        value: request,
      },
    ]);
    expect(ready.payload.link).toBe(
      `/catalog/default/component/${requestEntityName(
        'prod',
        'postgresql',
        'team-a',
        'db',
      )}`,
    );
  });

  it('fill the entity pattern as the catalog does: kind and namespace in lower case, each part encoded', () => {
    expect(
      kratixEntityLink(links, {
        kind: 'Component',
        namespace: 'Team-A',
        name: 'a b/c',
      }),
    ).toBe('https://portal.example.com/software/component/team-a/a%20b%2Fc');
  });

  it('follow the configured paths in every notification that links into the app', () => {
    const [ready, failing] = requestTransitionNotifications(
      'prod',
      [
        {
          key: 'postgresql/team-a/db',
          from: 'Pending',
          to: 'Ready',
          since: 0,
          value: request,
        },
        {
          key: 'postgresql/team-a/db',
          from: 'Ready',
          to: 'Failing',
          since: 0,
          value: { ...request, phase: 'Failing' },
        },
      ],
      links,
    );
    const requestPage = `https://portal.example.com/software/component/default/${requestEntityName(
      'prod',
      'postgresql',
      'team-a',
      'db',
    )}`;
    expect(ready.payload.link).toBe(requestPage);
    expect(failing.payload.link).toBe(requestPage);

    const [unavailable] = promiseTransitionNotifications(
      'prod',
      ['group:default/sre'],
      [
        {
          key: 'jenkins',
          from: 'Available',
          to: 'Unavailable',
          since: 0,
          value: {
            name: 'jenkins',
            availability: 'Unavailable',
            fingerprint: '',
          } as any,
        },
      ],
      links,
    );
    expect(unavailable.payload.link).toBe(
      `https://portal.example.com/software/component/default/${promiseEntityName(
        'prod',
        'jenkins',
      )}`,
    );

    const [unreachable] = healthTransitionNotifications(
      'prod',
      ['group:default/sre'],
      [
        {
          key: 'health',
          from: 'reachable',
          to: 'unreachable',
          since: 0,
          value: {},
        },
      ],
      links,
    );
    expect(unreachable.payload.link).toBe('/platform/kratix');

    const pr = {
      promise: 'postgresql',
      namespace: 'team-a',
      owner: 'user:default/ann',
      url: 'https://github.com/acme/platform/pull/7',
    };
    const before = buildLiveSnapshot({
      ...emptySnapshot,
      pullRequests: [{ ...pr, name: 'db' }],
    });
    const after = buildLiveSnapshot({
      ...emptySnapshot,
      requests: [
        {
          item: {
            platform: 'prod',
            promise: 'postgresql',
            namespace: 'team-a',
            name: 'db',
            kind: 'postgresql',
            apiVersion: 'marketplace.kratix.io/v1alpha1',
            owner: 'user:default/ann',
            phase: 'Pending',
            updating: false,
          },
        },
      ],
    });
    const [merged] = pullRequestNotifications('prod', before, after, links);
    expect(merged.payload.title).toMatch(/was merged$/);
    expect(merged.payload.link).toBe(requestPage);
  });
});
