import {
  ResourceRequest,
  WorkPlacement,
} from '@kratix-backstage/plugin-kratix-common';
import { forTheCache, forTheRequestCache } from './cachedForms';

/** A WorkPlacement as a list or a watch decodes it: every object its own. */
const workPlacement = (i: number, content?: string): WorkPlacement =>
  JSON.parse(
    JSON.stringify({
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'WorkPlacement',
      metadata: {
        name: `redis-req-${i}-configure-abc12.worker-1-abc12`,
        namespace: 'team-a',
        uid: `uid-${i}`,
        resourceVersion: String(100 + i),
        creationTimestamp: '2025-01-01T00:00:00Z',
        finalizers: ['finalizers.workplacement.kratix.io/repo-cleanup'],
        ownerReferences: [{ kind: 'Work', name: `redis-req-${i}` }],
        managedFields: [{ manager: 'kratix', fieldsV1: {} }],
        generation: 1,
        labels: {
          'kratix.io/promise-name': 'redis',
          'kratix.io/work': `redis-req-${i}-configure-abc12`,
          'kratix.io/workload-group-id': `group-${i}`,
        },
      },
      spec: {
        targetDestinationName: 'worker-1',
        promiseName: 'redis',
        resourceName: `req-${i}`,
        id: `group-${i}`,
        workloads: [
          { filepath: 'redis.yaml', ...(content ? { content } : {}) },
        ],
      },
      status: {
        conditions: [{ type: 'Ready', status: 'True', reason: 'Written' }],
        versionID: `commit-${i}`,
      },
    }),
  );

describe('forTheCache', () => {
  it('keeps what pages read and drops what they do not', () => {
    const kept = forTheCache(workPlacement(1, 'H4sIAAAA'));
    expect(Object.keys(kept.metadata).sort()).toEqual([
      'generation',
      'labels',
      'name',
      'namespace',
    ]);
    expect(kept.spec.workloads).toEqual([{ filepath: 'redis.yaml' }]);
    expect(kept.spec.id).toBe('group-1');
    expect(kept.status?.versionID).toBe('commit-1');
  });

  it('leaves the content of the object it was given, copying the spec to drop it', () => {
    const given = workPlacement(1, 'H4sIAAAA');
    const kept = forTheCache(given);
    expect(given.spec.workloads?.[0].content).toBe('H4sIAAAA');
    expect(kept.spec).not.toBe(given.spec);
  });

  it('shares the parts objects repeat, and keeps the group id its label has', () => {
    const [a, b] = [
      forTheCache(workPlacement(1)),
      forTheCache(workPlacement(2)),
    ];
    expect(a.spec.workloads).toBe(b.spec.workloads);
    expect(a.status?.conditions).toBe(b.status?.conditions);
    expect(a.spec.id).toBe(a.metadata.labels!['kratix.io/workload-group-id']);
  });
});

describe('forTheRequestCache', () => {
  it('keeps a request whole, managedFields without fieldsV1, and leaves the given one be', () => {
    const request = JSON.parse(
      JSON.stringify({
        apiVersion: 'marketplace.kratix.io/v1alpha1',
        kind: 'redis',
        metadata: {
          name: 'cache',
          namespace: 'team-a',
          labels: { team: 'a' },
          managedFields: [
            { manager: 'kubectl', operation: 'Update', fieldsV1: { f: 1 } },
          ],
        },
        spec: { size: 'small' },
        status: {
          message: 'Resource requested',
          conditions: [{ type: 'Reconciled', status: 'True' }],
        },
      }),
    ) as ResourceRequest;
    const kept = forTheRequestCache(request);
    expect(kept.spec).toEqual({ size: 'small' });
    expect((kept.metadata as any).managedFields).toEqual([
      { manager: 'kubectl', operation: 'Update' },
    ]);
    expect((request.metadata as any).managedFields[0].fieldsV1).toEqual({
      f: 1,
    });
    expect(kept.status).toEqual(request.status);
  });
});
