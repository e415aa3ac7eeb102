import { Work } from '../model';
import {
  compactEvent,
  isKratixEvent,
  KubernetesEvent,
  selectEvents,
  toEventViews,
  worksOfPromise,
  worksOfRequest,
} from './kubernetesEvents';

const event = (
  name: string,
  involvedObject: KubernetesEvent['involvedObject'],
  fields: Partial<KubernetesEvent> = {},
): KubernetesEvent => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name, namespace: involvedObject.namespace ?? 'default' },
  involvedObject,
  type: 'Normal',
  reason: 'PipelineStarted',
  ...fields,
});

const work = (
  name: string,
  namespace: string,
  labels: Record<string, string>,
): Work => ({
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'Work',
  metadata: { name, namespace, labels },
  spec: { promiseName: labels['kratix.io/promise-name'] },
});

const works = [
  work('jenkins-ci-configure-a1', 'team-a', {
    'kratix.io/promise-name': 'jenkins',
    'kratix.io/resource-name': 'ci',
  }),
  // The same name in another namespace, and another Promise's request of the same name.
  work('jenkins-ci-configure-b2', 'team-b', {
    'kratix.io/promise-name': 'jenkins',
    'kratix.io/resource-name': 'ci',
  }),
  work('redis-ci-configure-c3', 'team-a', {
    'kratix.io/promise-name': 'redis',
    'kratix.io/resource-name': 'ci',
  }),
  // Run in a pipeline namespace, for a request of team-a.
  work('jenkins-ci-team-a-configure-d4', 'pipelines', {
    'kratix.io/promise-name': 'jenkins',
    'kratix.io/resource-name': 'ci',
    'kratix.io/resource-namespace': 'team-a',
  }),
  work('jenkins-promise-configure-e5', 'kratix-platform-system', {
    'kratix.io/promise-name': 'jenkins',
  }),
];

const kratixWork = (name: string, namespace: string) => ({
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'Work',
  name,
  namespace,
});

describe('Kubernetes Events', () => {
  it('keeps only what pages read of an Event', () => {
    const full = {
      ...event(
        'ci.1',
        {
          apiVersion: 'marketplace.kratix.io/v1alpha1',
          kind: 'jenkins',
          name: 'ci',
          namespace: 'team-a',
          uid: 'u',
          resourceVersion: '3',
        } as any,
        {
          message: 'started',
          count: 2,
          lastTimestamp: '2026-01-01T00:00:00Z',
          reportingController: 'kratix',
        },
      ),
      source: { component: 'x' },
      metadata: {
        name: 'ci.1',
        namespace: 'team-a',
        resourceVersion: '9',
        managedFields: [],
      } as any,
    };
    expect(compactEvent(full)).toEqual({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'ci.1', namespace: 'team-a' },
      involvedObject: {
        apiVersion: 'marketplace.kratix.io/v1alpha1',
        kind: 'jenkins',
        name: 'ci',
        namespace: 'team-a',
      },
      type: 'Normal',
      reason: 'PipelineStarted',
      message: 'started',
      count: 2,
      lastTimestamp: '2026-01-01T00:00:00Z',
      reportingController: 'kratix',
    });
  });

  it('tells Events about Kratix objects from the rest', () => {
    const groups = new Set(['marketplace.kratix.io']);
    expect(
      isKratixEvent(
        event('p', {
          apiVersion: 'platform.kratix.io/v1alpha1',
          kind: 'Promise',
          name: 'jenkins',
        }),
        groups,
      ),
    ).toBe(true);
    expect(
      isKratixEvent(
        event('r', { apiVersion: 'marketplace.kratix.io/v1', kind: 'x' }),
        groups,
      ),
    ).toBe(true);
    expect(
      isKratixEvent(event('pod', { apiVersion: 'v1', kind: 'Pod' }), groups),
    ).toBe(false);
    expect(
      isKratixEvent(
        event('job', { apiVersion: 'batch/v1', kind: 'Job' }),
        groups,
      ),
    ).toBe(false);
  });

  it('finds a request’s Works and a Promise’s own by Kratix’s labels', () => {
    expect(
      worksOfRequest(works, {
        promise: 'jenkins',
        namespace: 'team-a',
        name: 'ci',
      }).map(w => w.metadata.name),
    ).toEqual(['jenkins-ci-configure-a1', 'jenkins-ci-team-a-configure-d4']);
    expect(worksOfPromise(works, 'jenkins').map(w => w.metadata.name)).toEqual([
      'jenkins-promise-configure-e5',
    ]);
  });

  it('selects the Events of a request and of its Works', () => {
    const events = [
      event('ci', {
        apiVersion: 'marketplace.kratix.io/v1alpha1',
        kind: 'jenkins',
        name: 'ci',
        namespace: 'team-a',
      }),
      event('ci-b', {
        apiVersion: 'marketplace.kratix.io/v1alpha1',
        kind: 'jenkins',
        name: 'ci',
        namespace: 'team-b',
      }),
      event('w1', kratixWork('jenkins-ci-configure-a1', 'team-a')),
      event('w2', kratixWork('jenkins-ci-configure-b2', 'team-b')),
      event('w3', kratixWork('redis-ci-configure-c3', 'team-a')),
      event('w4', kratixWork('jenkins-ci-team-a-configure-d4', 'pipelines')),
      event(
        'w5',
        kratixWork('jenkins-promise-configure-e5', 'kratix-platform-system'),
      ),
      event('p', {
        apiVersion: 'platform.kratix.io/v1alpha1',
        kind: 'Promise',
        name: 'jenkins',
      }),
    ];
    const names = (list: KubernetesEvent[]) => list.map(e => e.metadata.name);
    expect(
      names(
        selectEvents(events, works, {
          kind: 'jenkins',
          group: 'marketplace.kratix.io',
          namespace: 'team-a',
          name: 'ci',
          promise: 'jenkins',
        }),
      ),
    ).toEqual(['ci', 'w1', 'w4']);
    // Without a Promise: the object's own Events only.
    expect(
      names(
        selectEvents(events, works, {
          kind: 'jenkins',
          namespace: 'team-a',
          name: 'ci',
        }),
      ),
    ).toEqual(['ci']);
    expect(
      names(
        selectEvents(events, works, {
          kind: 'Promise',
          group: 'platform.kratix.io',
          name: 'jenkins',
          promise: 'jenkins',
        }),
      ),
    ).toEqual(['w5', 'p']);
  });

  it('shows Events newest first, at most a page of them', () => {
    const events = Array.from({ length: 60 }, (_, i) =>
      event(
        `e${i}`,
        { apiVersion: 'v1', kind: 'x', name: 'n' },
        {
          lastTimestamp: `2026-01-01T00:${String(i).padStart(2, '0')}:00Z`,
          count: i,
        },
      ),
    );
    // An event of the events.k8s.io era: only eventTime and a series.
    events.push(
      event(
        'series',
        { apiVersion: 'v1', kind: 'x', name: 'n' },
        {
          type: 'Warning',
          eventTime: '2026-01-01T02:00:00.000000Z',
          series: { count: 7, lastObservedTime: '2026-01-01T03:00:00.000000Z' },
        },
      ),
    );
    const views = toEventViews(events);
    expect(views).toHaveLength(50);
    expect(views[0]).toEqual({
      type: 'Warning',
      reason: 'PipelineStarted',
      object: { kind: 'x', name: 'n' },
      count: 7,
      firstSeen: '2026-01-01T02:00:00.000000Z',
      lastSeen: '2026-01-01T03:00:00.000000Z',
    });
    expect(views[1].lastSeen).toBe('2026-01-01T00:59:00Z');
    expect(views[49].lastSeen).toBe('2026-01-01T00:11:00Z');
  });
});
