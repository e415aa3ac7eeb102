import { KubernetesObject } from '@kratix-backstage/plugin-kratix-common';
import { ObjectIndex } from './ObjectIndex';

const object = (name: string, namespace?: string, v = 1): KubernetesObject =>
  ({
    apiVersion: 'v1',
    kind: 'Thing',
    metadata: { name, ...(namespace ? { namespace } : {}) },
    v,
  } as KubernetesObject);

describe('ObjectIndex', () => {
  it('keeps objects by namespace and name, cluster-scoped ones too', () => {
    const index = new ObjectIndex<KubernetesObject>();
    expect(index.set(object('a', 'team-a'))).toBeUndefined();
    index.set(object('a', 'team-b'));
    index.set(object('global'));
    expect(index.size).toBe(3);
    expect(index.get('team-b', 'a')?.metadata.namespace).toBe('team-b');
    expect(index.get(undefined, 'global')?.metadata.name).toBe('global');
    expect(index.get('team-c', 'a')).toBeUndefined();
    expect(
      index
        .values()
        .map(o => `${o.metadata.namespace}/${o.metadata.name}`)
        .sort(),
    ).toEqual(['team-a/a', 'team-b/a', 'undefined/global']);
  });

  it('ranks namespaces in the order values() gives them, one emptied and filled again last', () => {
    const index = new ObjectIndex<KubernetesObject>();
    index.set(object('a', 'team-b'));
    index.set(object('b', 'team-a'));
    index.set(object('global'));
    const rank = (ns?: string) => index.rankOf(ns)!;
    expect(rank('team-b')).toBeLessThan(rank('team-a'));
    expect(rank('team-a')).toBeLessThan(rank(undefined));
    index.delete(object('a', 'team-b'));
    expect(index.rankOf('team-b')).toBeUndefined();
    index.set(object('c', 'team-b'));
    expect(rank('team-b')).toBeGreaterThan(rank(undefined));
    expect(index.values().map(o => o.metadata.name)).toEqual([
      'b',
      'global',
      'c',
    ]);
  });

  it('replaces and removes, handing back what was there', () => {
    const index = new ObjectIndex<KubernetesObject>();
    const first = object('a', 'team-a', 1);
    index.set(first);
    expect(index.set(object('a', 'team-a', 2))).toBe(first);
    expect(index.size).toBe(1);
    expect((index.delete(object('a', 'team-a')) as any).v).toBe(2);
    expect(index.delete(object('a', 'team-a'))).toBeUndefined();
    expect(index.size).toBe(0);
    expect(index.values()).toEqual([]);
  });
});
