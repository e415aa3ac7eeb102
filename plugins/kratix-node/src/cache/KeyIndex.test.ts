import { KubernetesObject } from '@kratix-backstage/plugin-kratix-common';
import { KeyIndex } from './KeyIndex';
import { ObjectIndex } from './ObjectIndex';

type Thing = KubernetesObject & { spec: { owner?: string }; v: number };

const thing = (
  name: string,
  namespace: string | undefined,
  owner: string | undefined,
  v = 1,
): Thing => ({
  apiVersion: 'v1',
  kind: 'Thing',
  metadata: { name, ...(namespace ? { namespace } : {}) },
  spec: { ...(owner !== undefined ? { owner } : {}) },
  v,
});

/**
 * A cache's objects and one index, changed as ResourceCache changes them; with one slot,
 * every key's objects share it, as keys whose hashes meet do.
 */
function cacheOf(objects: Thing[] = [], slots?: number) {
  const all = new ObjectIndex<Thing>();
  for (const object of objects) all.set(object);
  const index = new KeyIndex<Thing>(all, t => t.spec.owner, slots);
  return {
    all,
    index,
    put(object: Thing) {
      index.changed(object, all.set(object));
    },
    remove(object: Thing) {
      const previous = all.delete(object);
      if (previous) index.removed(previous);
    },
    /** What a filter of the whole cache gives: the answer the index must give, in order. */
    scan: (owner: string) => all.values().filter(t => t.spec.owner === owner),
  };
}

const names = (things: Thing[]) =>
  things.map(t => `${t.metadata.namespace ?? ''}/${t.metadata.name}@${t.v}`);

describe.each([
  ['its own slot', undefined],
  ['one slot shared by every key', 1],
])('KeyIndex, each key in %s', (_, slots) => {
  it('files the listed objects by key, in the cache order, and nothing under no key', () => {
    const cache = cacheOf(
      [
        thing('a', 'team-b', 'x'),
        thing('b', 'team-a', 'y'),
        thing('c', 'team-b', 'x'),
        thing('d', 'team-a', 'x'),
        thing('e', undefined, 'x'),
        thing('f', 'team-a', ''),
        thing('g', 'team-a', undefined),
      ],
      slots,
    );
    expect(names(cache.index.get('x'))).toEqual([
      'team-b/a@1',
      'team-b/c@1',
      'team-a/d@1',
      '/e@1',
    ]);
    expect(names(cache.index.get('x'))).toEqual(names(cache.scan('x')));
    expect(names(cache.index.get('y'))).toEqual(['team-a/b@1']);
    expect(cache.index.get('')).toEqual([]);
    expect(cache.index.get('nobody')).toEqual([]);
  });

  it('follows additions, changes in place, deletions and an object moving to another key', () => {
    const cache = cacheOf(
      [thing('a', 'team-a', 'x'), thing('b', 'team-b', 'x')],
      slots,
    );
    // Added to a namespace before another of the bucket's: ahead of that one, as in the cache.
    cache.put(thing('c', 'team-a', 'x'));
    expect(names(cache.index.get('x'))).toEqual([
      'team-a/a@1',
      'team-a/c@1',
      'team-b/b@1',
    ]);
    // Changed, same key: the new version in the old place.
    cache.put(thing('a', 'team-a', 'x', 2));
    expect(names(cache.index.get('x'))).toEqual([
      'team-a/a@2',
      'team-a/c@1',
      'team-b/b@1',
    ]);
    // Moved to another key: gone from the old one; in the new one where the cache has it.
    cache.put(thing('d', 'team-a', 'y'));
    cache.put(thing('a', 'team-a', 'y', 3));
    expect(names(cache.index.get('x'))).toEqual(['team-a/c@1', 'team-b/b@1']);
    expect(names(cache.index.get('y'))).toEqual(['team-a/a@3', 'team-a/d@1']);
    // Losing its key, and deleted.
    cache.put(thing('c', 'team-a', undefined, 2));
    cache.remove(thing('b', 'team-b', 'x'));
    expect(cache.index.get('x')).toEqual([]);
    cache.remove(thing('a', 'team-a', 'y'));
    expect(names(cache.index.get('y'))).toEqual(['team-a/d@1']);
  });

  it('orders a namespace emptied and filled again after the others, as the cache does', () => {
    const cache = cacheOf(
      [thing('a', 'team-a', 'x'), thing('b', 'team-b', 'x')],
      slots,
    );
    cache.remove(thing('a', 'team-a', 'x'));
    cache.put(thing('c', 'team-a', 'x'));
    expect(names(cache.index.get('x'))).toEqual(['team-b/b@1', 'team-a/c@1']);
    expect(names(cache.index.get('x'))).toEqual(names(cache.scan('x')));
  });

  it('answers a key of objects added to several namespaces in the cache order', () => {
    // team-b comes first in the cache, by an object of another key.
    const cache = cacheOf([thing('other', 'team-b', 'y')], slots);
    for (let i = 0; i < 70; i++) cache.put(thing(`a-${i}`, 'team-a', 'x'));
    cache.put(thing('b-0', 'team-b', 'x'));
    const found = names(cache.index.get('x'));
    expect(found).toHaveLength(71);
    expect(found[0]).toBe('team-b/b-0@1');
    expect(found).toEqual(names(cache.scan('x')));
  });

  it('answers as a full scan does through many random changes', () => {
    // A seeded generator, so a failure can be replayed.
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return Math.floor((seed / 2 ** 31) * n);
    };
    // Keys of a few objects and of hundreds; an object now and then moved to another key,
    // and now and then a namespace emptied, to be filled again.
    const owners = ['big', 'big', 'big', 'big', 'r1', 'r2', 'r3', '', 'mid'];
    const cache = cacheOf([], slots);
    // What the index answered and what a full scan gave, every hundred changes.
    const seen: string[][] = [];
    const expected: string[][] = [];
    for (let step = 0; step < 3_000; step++) {
      const n = random(200);
      const namespace = random(10) === 0 ? undefined : `ns-${random(6)}`;
      const owner = owners[random(10) === 0 ? random(owners.length) : n % 9];
      if (random(100) === 0)
        for (const t of cache.all.values())
          if (t.metadata.namespace === namespace) cache.remove(t);
      if (random(5) === 0) cache.remove(thing(`t-${n}`, namespace, undefined));
      else cache.put(thing(`t-${n}`, namespace, owner, step));
      if (step % 100 === 0)
        for (const key of new Set(owners)) {
          seen.push(names(cache.index.get(key)));
          expected.push(key ? names(cache.scan(key)) : []);
        }
    }
    expect(seen).toEqual(expected);
  });
});
