import {
  Condition,
  ResourceRequest,
} from '@kratix-backstage/plugin-kratix-common';
import { ConditionHistoryRecorder } from './ConditionHistoryRecorder';
import { fakeRequestCache as fakeCache } from './__testUtils__/fakeRequestCache';

const request = (
  name: string,
  reconciled: Condition['status'],
): ResourceRequest => ({
  apiVersion: 'marketplace.kratix.io/v1alpha1',
  kind: 'redis',
  metadata: { name, namespace: 'team-a' },
  status: {
    conditions: [{ type: 'Reconciled', status: reconciled }],
  },
});

describe('ConditionHistoryRecorder', () => {
  let tick = 0;
  const now = () => new Date(Date.UTC(2026, 0, 1, 0, 0, tick++));
  const ref = (name: string) => ({
    promise: 'redis',
    namespace: 'team-a',
    name,
  });

  it('takes the first sighting as the baseline and records each flap, newest first', () => {
    const recorder = new ConditionHistoryRecorder({ now });
    const c = fakeCache();
    recorder.watch('redis', c.cache);
    c.resync([request('a', 'True')]);
    expect(recorder.history(ref('a'))).toEqual([]);
    c.modified(request('a', 'Unknown'));
    c.modified(request('a', 'Unknown'));
    c.modified(request('a', 'True'));
    expect(recorder.history(ref('a')).map(h => h.status)).toEqual([
      'True',
      'Unknown',
    ]);
    // A list after an outage shows what changed meanwhile, and forgets what went.
    c.resync([request('b', 'True')]);
    expect(recorder.history(ref('a'))).toEqual([]);
    c.modified(request('b', 'False'));
    c.deleted(request('b', 'False'));
    expect(recorder.history(ref('b'))).toEqual([]);
  });

  it('keeps at most so many changes per request and in all', () => {
    const recorder = new ConditionHistoryRecorder({
      now,
      perRequest: 3,
      total: 5,
    });
    const c = fakeCache();
    recorder.watch('redis', c.cache);
    c.resync([request('a', 'True'), request('b', 'True')]);
    for (let i = 0; i < 5; i++)
      c.modified(request('a', i % 2 ? 'True' : 'False'));
    expect(recorder.history(ref('a')).map(h => h.status)).toEqual([
      'False',
      'True',
      'False',
    ]);
    for (let i = 0; i < 3; i++)
      c.modified(request('b', i % 2 ? 'True' : 'False'));
    // Over the total: the request that changed least recently loses its history.
    expect(recorder.history(ref('a'))).toEqual([]);
    expect(recorder.history(ref('b'))).toHaveLength(3);
    // Its baseline stays: its next change is recorded as one.
    c.modified(request('a', 'Unknown'));
    expect(recorder.history(ref('a')).map(h => h.status)).toEqual(['Unknown']);
  });
});
