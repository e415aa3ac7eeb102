/*
 * Health history from Kratix's HealthRecord Events: internal/controller/healthrecord_controller.go
 * (HEAD) fires, when a HealthRecord's state differs from the request's aggregated
 * status.healthStatus.state, `Eventf(resReq, nil, "Warning"|"Normal", "HealthRecord",
 * "HealthRecord", "Health state is %s", healthRecord.Data.State)`: Warning unless healthy or
 * ready. The events.k8s.io recorder keeps a repeated Event as one with a series.
 */
import { KubernetesEvent } from '../events';
import { ResourceRequest } from '../model';
import {
  diffHealthState,
  healthChangeFromEvent,
  healthHistory,
} from './healthHistory';

const event = (
  message: string,
  time: string,
  extra: Partial<KubernetesEvent> = {},
): KubernetesEvent => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: `ci.${time}`, namespace: 'team-a' },
  involvedObject: {
    apiVersion: 'marketplace.kratix.io/v1alpha1',
    kind: 'jenkins',
    name: 'ci',
    namespace: 'team-a',
  },
  reason: 'HealthRecord',
  type:
    message.endsWith('healthy') && !message.endsWith('unhealthy')
      ? 'Normal'
      : 'Warning',
  message,
  eventTime: time,
  ...extra,
});

const request = (state?: string): ResourceRequest => ({
  apiVersion: 'marketplace.kratix.io/v1alpha1',
  kind: 'jenkins',
  metadata: { name: 'ci', namespace: 'team-a' },
  status: state ? { healthStatus: { state: state as any } } : {},
});

describe('health history', () => {
  it('reads the state from a HealthRecord Event and ignores every other Event', () => {
    expect(
      healthChangeFromEvent(
        event('Health state is degraded', '2026-11-01T10:00:00.000000Z'),
      ),
    ).toEqual({
      time: '2026-11-01T10:00:00.000000Z',
      state: 'degraded',
      source: 'event',
      message: 'Health state is degraded',
    });
    expect(
      healthChangeFromEvent(
        event(
          'Some works associated with this resource failed: [x]',
          '2026-11-01T10:00:00Z',
          {
            reason: 'WorksFailing',
          },
        ),
      ),
    ).toBeUndefined();
  });

  it('says how often a repeated Event was seen, at its latest time', () => {
    expect(
      healthChangeFromEvent(
        event('Health state is unhealthy', '2026-11-01T10:00:00Z', {
          series: { count: 3, lastObservedTime: '2026-11-01T12:00:00Z' },
        }),
      ),
    ).toMatchObject({
      time: '2026-11-01T12:00:00Z',
      state: 'unhealthy',
      message: 'Health state is unhealthy (3 times)',
    });
  });

  it('records a change of status.healthStatus.state, not its first appearance as a change from nothing', () => {
    expect(
      diffHealthState(request('healthy'), request('unhealthy'), 'T1'),
    ).toEqual([
      {
        time: 'T1',
        state: 'unhealthy',
        previous: 'healthy',
        source: 'observed',
      },
    ]);
    expect(diffHealthState(request(), request('ready'), 'T2')).toEqual([
      { time: 'T2', state: 'ready', source: 'observed' },
    ]);
    expect(diffHealthState(request('ready'), request('ready'), 'T3')).toEqual(
      [],
    );
    expect(diffHealthState(request('ready'), request(), 'T4')).toEqual([]);
  });

  it("merges the request's own Events with the observed changes, newest first", () => {
    const workEvent = event(
      'Health state is unhealthy',
      '2026-11-01T11:30:00Z',
      {
        involvedObject: {
          kind: 'Work',
          name: 'ci-instance',
          namespace: 'team-a',
        },
      },
    );
    const history = healthHistory(
      { kind: 'jenkins', name: 'ci', namespace: 'team-a' },
      [
        event('Health state is degraded', '2026-11-01T10:00:00.000000Z'),
        event('Health state is healthy', '2026-11-01T12:00:00Z'),
        workEvent,
      ],
      [
        {
          time: '2026-11-01T11:00:00.500Z',
          state: 'degraded',
          previous: 'ready',
          source: 'observed',
        },
      ],
    );
    expect(history.map(h => [h.time, h.state, h.source])).toEqual([
      ['2026-11-01T12:00:00Z', 'healthy', 'event'],
      ['2026-11-01T11:00:00.500Z', 'degraded', 'observed'],
      ['2026-11-01T10:00:00.000000Z', 'degraded', 'event'],
    ]);
  });
});
