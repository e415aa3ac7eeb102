import { ResourceRequest } from '@kratix-backstage/plugin-kratix-common';
import { CacheChange, ResourceCache } from '../../cache/ResourceCache';
import { ObjectIndex } from '../../cache/ObjectIndex';

/**
 * Just enough of a request cache: its listeners and its objects, and changes that carry
 * what they replaced, as ResourceCache sends them.
 */
export function fakeRequestCache() {
  const listeners: Array<(c: CacheChange<ResourceRequest>) => void> = [];
  let objects = new ObjectIndex<ResourceRequest>();
  const cache = {
    subscribe: (l: (c: CacheChange<ResourceRequest>) => void) => {
      listeners.push(l);
      return () => {};
    },
    list: () => objects.values(),
  } as unknown as ResourceCache<ResourceRequest>;
  const send = (change: CacheChange<ResourceRequest>) =>
    listeners.forEach(l => l(change));
  return {
    cache,
    resync: (list: ResourceRequest[]) => {
      const previousObjects = objects;
      objects = new ObjectIndex<ResourceRequest>();
      list.forEach(o => objects.set(o));
      send({
        type: 'RESYNC',
        ...(previousObjects.size ? { previousObjects } : {}),
      });
    },
    modified: (object: ResourceRequest) => {
      const previous = objects.set(object);
      send({ type: previous ? 'MODIFIED' : 'ADDED', object, previous });
    },
    deleted: (object: ResourceRequest) => {
      const previous = objects.delete(object);
      send({ type: 'DELETED', object, previous });
    },
  };
}
