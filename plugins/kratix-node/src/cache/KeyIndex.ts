import { KubernetesObject } from '@kratix-backstage/plugin-kratix-common';
import { ObjectIndex } from './ObjectIndex';

/** The key an index files an object under; undefined or '' files it nowhere. @public */
export type IndexKeyOf<T> = (object: T) => string | undefined;

/**
 * Keys are hashed into this many slots, each an array of its keys' objects. An array per key
 * (one per request) measured 10 MB of heap at 100,000 requests with two WorkPlacements each;
 * the slots, about one reference per object, 2-3 MB. A lookup by request filters its slot's
 * few dozen objects.
 */
const SLOTS = 4096;

/** FNV-1a: cheap, and spreads similar names (req-1, req-2, …) over the slots. */
function hashOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++)
    hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/**
 * A cache's objects by one key (a WorkPlacement's request, say). Each slot holds its objects
 * in the cache's order (namespace by namespace, each in the order its objects came), so a
 * lookup answers what filtering the whole cache by the key would, in the same order, reading
 * only one slot. The cache tells it every change and builds a new one on every list.
 * @internal
 */
export class KeyIndex<T extends KubernetesObject> {
  private readonly slots = new Map<number, T[]>();

  /** `slotCount` is for tests: one slot puts every key's objects together. */
  constructor(
    private readonly objects: ObjectIndex<T>,
    private readonly keyOf: IndexKeyOf<T>,
    private readonly slotCount = SLOTS,
  ) {
    for (const object of objects.values()) {
      const key = keyOf(object);
      if (key) this.slot(this.slotOf(key)).push(object);
    }
  }

  /** The cached objects filed under the key, in the cache's order. */
  get(key: string): T[] {
    const slot = this.slots.get(this.slotOf(key));
    return slot ? slot.filter(o => this.keyOf(o) === key) : [];
  }

  /** The cache now holds `object`, in place of `previous` where it held one. */
  changed(object: T, previous: T | undefined): void {
    const key = this.keyOf(object) || undefined;
    const previousKey = previous && (this.keyOf(previous) || undefined);
    if (previous && previousKey === key) {
      if (key) this.replace(this.slotOf(key), previous, object);
      return;
    }
    if (previous) this.removed(previous);
    if (!key) return;
    if (previous) {
      // Moved here from another key, in its old place in the cache, which only the cache's
      // order tells. Kratix never does this (a WorkPlacement's name holds its Destination,
      // its request and Promise are its Work's): the slot is simply filled again.
      const slot = this.slotOf(key);
      this.slots.delete(slot);
      for (const other of this.objects.values()) {
        const otherKey = this.keyOf(other);
        if (otherKey && this.slotOf(otherKey) === slot)
          this.slot(slot).push(other);
      }
      return;
    }
    // New to the cache, which puts it last of its namespace: after the slot's objects of its
    // namespace and of the namespaces before it.
    const slot = this.slot(this.slotOf(key));
    const rank = (o: T) => this.objects.rankOf(o.metadata.namespace) ?? -1;
    const mine = rank(object);
    let at = slot.length;
    while (at > 0 && rank(slot[at - 1]) > mine) at--;
    slot.splice(at, 0, object);
  }

  /** The cache no longer holds `previous`. */
  removed(previous: T): void {
    const key = this.keyOf(previous);
    const slot = key ? this.slots.get(this.slotOf(key)) : undefined;
    const at = slot ? slot.indexOf(previous) : -1;
    if (!slot || at < 0) return;
    if (slot.length === 1) this.slots.delete(this.slotOf(key!));
    else slot.splice(at, 1);
  }

  private slotOf(key: string): number {
    return hashOf(key) % this.slotCount;
  }

  private slot(slot: number): T[] {
    let objects = this.slots.get(slot);
    if (!objects) {
      objects = [];
      this.slots.set(slot, objects);
    }
    return objects;
  }

  private replace(slot: number, previous: T, object: T): void {
    const objects = this.slots.get(slot);
    const at = objects ? objects.indexOf(previous) : -1;
    if (objects && at >= 0) objects[at] = object;
  }
}
