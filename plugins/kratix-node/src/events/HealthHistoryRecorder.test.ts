import { ResourceRequest } from '@kratix-backstage/plugin-kratix-common';
import { HealthHistoryRecorder } from './HealthHistoryRecorder';
import { fakeRequestCache } from './__testUtils__/fakeRequestCache';

// status.healthStatus.state as Kratix's HealthRecord controller writes it
// (internal/controller/healthrecord_controller.go updateResourceStatus, HEAD).
const request = (state?: string): ResourceRequest => ({
  apiVersion: 'marketplace.kratix.io/v1alpha1',
  kind: 'jenkins',
  metadata: { name: 'ci', namespace: 'team-a' },
  status: state ? { healthStatus: { state: state as any } } : {},
});

describe('HealthHistoryRecorder', () => {
  let tick = 0;
  const now = () => new Date(Date.UTC(2026, 0, 1, 0, 0, tick++));
  const ref = { promise: 'jenkins', namespace: 'team-a', name: 'ci' };

  it('records each change of the aggregated health state the watch sees, newest first', () => {
    const recorder = new HealthHistoryRecorder({ now });
    const c = fakeRequestCache();
    recorder.watch('jenkins', c.cache);
    c.resync([request()]);
    c.modified(request('healthy'));
    c.modified(request('healthy'));
    c.modified(request('degraded'));
    expect(recorder.history(ref)).toEqual([
      {
        time: '2026-01-01T00:00:02.000Z',
        state: 'degraded',
        previous: 'healthy',
        source: 'observed',
      },
      {
        time: '2026-01-01T00:00:00.000Z',
        state: 'healthy',
        source: 'observed',
      },
    ]);
    c.deleted(request('degraded'));
    expect(recorder.history(ref)).toEqual([]);
  });
});
