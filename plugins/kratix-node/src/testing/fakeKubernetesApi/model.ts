import { KubernetesObject } from '@kratix-backstage/plugin-kratix-common';

/** A resource type the fake API server serves. @public */
export interface FakeResource {
  /** '' for the core group. */
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
  /**
   * Subresources served besides the object: `status` (then writes to the object leave its
   * status alone, and only `/status` changes it), `log` (pods). None when unset.
   */
  subresources?: string[];
  /** The singular name discovery reports; the lower-cased kind when unset. */
  singular?: string;
  /** Short names discovery reports. */
  shortNames?: string[];
}

/** A resource type as the fake serves it. */
export interface Served extends FakeResource {
  subresources: string[];
  /** Compiled into the server (core, batch, apiextensions), not defined by a CRD. */
  builtIn: boolean;
  /** The CRD that defines it. */
  crd?: string;
}

/** A stored object, with the fields the fake reads loosely typed. */
export type Obj = KubernetesObject & {
  spec?: any;
  status?: any;
  metadata: KubernetesObject['metadata'] & {
    generateName?: string;
    deletionGracePeriodSeconds?: number;
  };
};

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change of the store, as the watch cache keeps it. */
export interface StoredEvent {
  rv: number;
  type: EventType;
  store: string;
  object: KubernetesObject;
  /** The object before this change (for selector transitions). */
  prev?: KubernetesObject;
}

export const resourceKey = (r: {
  group: string;
  version: string;
  plural: string;
}) => `${r.group || 'core'}/${r.version}/${r.plural}`;
/** The store of a resource's objects, shared by every version it is served at. */
export const storeKey = (r: { group: string; plural: string }) =>
  `${r.group || 'core'}/${r.plural}`;
export const groupVersion = (r: { group: string; version: string }) =>
  r.group ? `${r.group}/${r.version}` : r.version;
/** `plural.group`, or `plural` for the core group, as Kubernetes names a GroupResource. */
export const groupResource = (r: { group: string; plural: string }) =>
  r.group ? `${r.plural}.${r.group}` : r.plural;
/** `Kind.group`, or `Kind` for the core group, as Kubernetes names a GroupKind. */
export const groupKind = (r: { group: string; kind: string }) =>
  r.group ? `${r.kind}.${r.group}` : r.kind;

export const clone = <T>(value: T): T => structuredClone(value);
/** JSON with sorted keys, to compare objects whatever their key order. */
export const canonical = (value: unknown): string =>
  JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
export const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

/** An object's key in its store: `namespace/name`, or `/name` at the cluster scope. */
export const objectId = (namespace: string | undefined, name: string): string =>
  `${namespace ?? ''}/${name}`;

/** Sorts in place by namespace and name, the order the API server lists in. */
export function sortedByKey<T extends KubernetesObject>(objects: T[]): T[] {
  return objects.sort((a, b) =>
    objectId(a.metadata.namespace, a.metadata.name).localeCompare(
      objectId(b.metadata.namespace, b.metadata.name),
    ),
  );
}

/** An object as a given version of its resource serves it (CRD conversion `None`). */
export function asServed(object: Obj, resource: Served): Obj {
  const out = clone(object);
  out.apiVersion = groupVersion(resource);
  return out;
}

export const isNamespace = (resource: Served): boolean =>
  resource.plural === 'namespaces' && !resource.group;

export const isCrd = (resource: Served): boolean =>
  resource.group === 'apiextensions.k8s.io' &&
  resource.plural === 'customresourcedefinitions';

/** Kubernetes bumps generation on any change outside metadata (and status, with /status). */
export function nextGeneration(
  existing: Obj,
  next: Obj,
  resource: Served,
): number {
  const strip = (o: Obj) => {
    const { metadata: _m, status: _s, ...rest } = o;
    return canonical(
      resource.subresources.includes('status')
        ? rest
        : { ...rest, status: o.status },
    );
  };
  const changed = strip(existing) !== strip(next);
  return (existing.metadata.generation ?? 1) + (changed ? 1 : 0);
}
