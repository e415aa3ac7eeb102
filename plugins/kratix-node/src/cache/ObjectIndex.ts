import { KubernetesObject } from '@kratix-backstage/plugin-kratix-common';

/** Cached objects by namespace, then name, as a cache change hands them over. @public */
export interface ReadonlyObjectIndex<T> {
  get(namespace: string | undefined, name: string): T | undefined;
  readonly size: number;
}

/**
 * Objects by namespace, then name. Two levels rather than one map keyed by
 * `namespace/name`: the names the objects already hold are the keys, so a cache of
 * hundreds of thousands of objects makes no key string for each of them.
 * @internal
 */
export class ObjectIndex<T extends KubernetesObject>
  implements ReadonlyObjectIndex<T>
{
  private readonly byNamespace = new Map<string, Map<string, T>>();
  /** Each namespace's place in byNamespace, which keeps the order they were added in. */
  private readonly namespaceRanks = new Map<string, number>();
  private nextRank = 0;
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(namespace: string | undefined, name: string): T | undefined {
    return this.byNamespace.get(namespace ?? '')?.get(name);
  }

  /** Keeps the object in place of the one of its namespace and name; returns that one. */
  set(object: T): T | undefined {
    const namespace = object.metadata.namespace ?? '';
    let names = this.byNamespace.get(namespace);
    if (!names) {
      names = new Map();
      this.byNamespace.set(namespace, names);
      this.namespaceRanks.set(namespace, this.nextRank++);
    }
    const previous = names.get(object.metadata.name);
    names.set(object.metadata.name, object);
    if (!previous) this.count++;
    return previous;
  }

  /** Removes the object of this one's namespace and name; returns it. */
  delete(object: KubernetesObject): T | undefined {
    const namespace = object.metadata.namespace ?? '';
    const names = this.byNamespace.get(namespace);
    const previous = names?.get(object.metadata.name);
    if (!names || !previous) return undefined;
    names.delete(object.metadata.name);
    if (!names.size) {
      this.byNamespace.delete(namespace);
      this.namespaceRanks.delete(namespace);
    }
    this.count--;
    return previous;
  }

  /** Where a namespace's objects come in values(): after those of every lower rank. */
  rankOf(namespace: string | undefined): number | undefined {
    return this.namespaceRanks.get(namespace ?? '');
  }

  values(): T[] {
    const all: T[] = [];
    for (const names of this.byNamespace.values())
      for (const object of names.values()) all.push(object);
    return all;
  }
}
