import { randomUUID } from 'node:crypto';
import { KubernetesObject } from '@kratix-backstage/plugin-kratix-common';
import { crdServedResources, establishedStatus } from './crds';
import {
  asServed,
  clone,
  EventType,
  isCrd,
  isNamespace,
  nextGeneration,
  now,
  Obj,
  objectId,
  resourceKey,
  Served,
  sortedByKey,
  StoredEvent,
  storeKey,
} from './model';

/** Told of every change of the store (the watch cache). */
export interface StoreListener {
  changed(event: StoredEvent): void;
  /** A kind stopped being served (its CRD was deleted): its watches end. */
  storeRemoved(store: string): void;
}

const CRDS = 'apiextensions.k8s.io/customresourcedefinitions';
const NAMESPACES = 'core/namespaces';

/**
 * The API server's storage: the resource types served, their objects, and the
 * resourceVersion counter; with the object lifecycle the server and its built-in
 * controllers run (finalizers, namespace termination, CRDs starting and stopping to serve).
 */
export class ObjectStore {
  private readonly resources = new Map<string, Served>();
  private readonly objects = new Map<string, Map<string, Obj>>();
  private readonly listeners: StoreListener[] = [];
  private revision = 1000;

  /** The current resourceVersion. */
  get rv(): number {
    return this.revision;
  }

  subscribe(listener: StoreListener): void {
    this.listeners.push(listener);
  }

  // ---------------------------------------------------------------------------------------
  // Resource types

  registerServed(
    resource: Omit<Served, 'builtIn' | 'crd'>,
    builtIn: boolean,
    crd?: string,
  ): void {
    const served: Served = { ...resource, builtIn, crd };
    this.resources.set(resourceKey(served), served);
    if (!this.objects.has(storeKey(served)))
      this.objects.set(storeKey(served), new Map());
  }

  unregister(group: string, version: string, plural: string): void {
    this.resources.delete(resourceKey({ group, version, plural }));
  }

  /** The resource served at a group, version and plural, if any. */
  served(route: {
    group: string;
    version: string;
    plural: string;
  }): Served | undefined {
    return this.resources.get(resourceKey(route));
  }

  /** Every resource type served right now (for discovery). */
  servedResources(): Served[] {
    return [...this.resources.values()];
  }

  resourceFor(apiVersion: string, kind: string): Served {
    const [group, version] = apiVersion.includes('/')
      ? apiVersion.split('/')
      : ['', apiVersion];
    const candidates = [...this.resources.values()].filter(
      r => r.group === group && r.version === version,
    );
    const found =
      candidates.find(r => r.kind === kind) ??
      candidates.find(r => r.kind.toLowerCase() === kind.toLowerCase());
    if (found) return found;
    // A kind whose CRD is no longer served keeps its objects; the storage version will do.
    const anyVersion = [...this.resources.values()].find(
      r => r.group === group && r.kind === kind,
    );
    if (anyVersion) return anyVersion;
    throw new Error(
      `FakeKubernetesApi: no resource registered for ${apiVersion} ${kind}`,
    );
  }

  // ---------------------------------------------------------------------------------------
  // Reads

  /** The objects of a resource's store, by `objectId`. */
  storeOf(resource: { group: string; plural: string }): Map<string, Obj> {
    return this.objects.get(storeKey(resource))!;
  }

  /** Every object of a store, in list order. */
  objectsIn(store: string): Obj[] {
    return sortedByKey([...this.objects.get(store)!.values()]);
  }

  namespace(name: string): Obj | undefined {
    return this.objects.get(NAMESPACES)?.get(objectId(undefined, name));
  }

  /** The CRD object that defines a custom resource. */
  crdOf(resource: Served): Obj | undefined {
    return resource.crd
      ? this.objects.get(CRDS)?.get(objectId(undefined, resource.crd))
      : undefined;
  }

  // ---------------------------------------------------------------------------------------
  // Direct access, as a controller (or the test) has it

  /** Adds or replaces an object as a controller would; see `FakeKubernetesApi.put`. */
  put(object: KubernetesObject): KubernetesObject {
    const resource = this.resourceFor(object.apiVersion, object.kind);
    const store = this.storeOf(resource);
    const given = clone(object) as Obj;
    if (resource.namespaced && given.metadata.namespace)
      this.ensureNamespace(given.metadata.namespace);
    if (!resource.namespaced) delete given.metadata.namespace;
    const id = objectId(given.metadata.namespace, given.metadata.name);
    const existing = store.get(id);
    given.metadata.uid =
      existing?.metadata.uid ?? given.metadata.uid ?? randomUUID();
    given.metadata.creationTimestamp =
      existing?.metadata.creationTimestamp ??
      given.metadata.creationTimestamp ??
      now();
    given.metadata.generation =
      given.metadata.generation ??
      (existing ? nextGeneration(existing, given, resource) : undefined) ??
      1;
    return this.commit(resource, given, existing);
  }

  remove(
    apiVersion: string,
    kind: string,
    name: string,
    namespace?: string,
  ): void {
    const resource = this.resourceFor(apiVersion, kind);
    const existing = this.storeOf(resource).get(
      objectId(resource.namespaced ? namespace : undefined, name),
    );
    if (existing) this.erase(resource, existing);
  }

  list(apiVersion: string, kind: string): KubernetesObject[] {
    const resource = this.resourceFor(apiVersion, kind);
    return sortedByKey([...this.storeOf(resource).values()]).map(o =>
      asServed(o, resource),
    );
  }

  ensureNamespace(name: string, labels: Record<string, string> = {}): void {
    if (this.namespace(name)) return;
    this.put({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name,
        labels: { 'kubernetes.io/metadata.name': name, ...labels },
      },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    } as KubernetesObject);
  }

  // ---------------------------------------------------------------------------------------
  // Lifecycle

  /** Stores an object (or deletes it once terminating without finalizers), emitting an event. */
  commit(
    resource: Served,
    next: Obj,
    existing: Obj | undefined,
  ): KubernetesObject {
    const key = storeKey(resource);
    // A namespace also waits for its spec.finalizers (the namespace controller's).
    const finalizers = [
      ...(next.metadata.finalizers ?? []),
      ...(isNamespace(resource) ? next.spec?.finalizers ?? [] : []),
    ];
    if (next.metadata.deletionTimestamp && !finalizers.length) {
      if (existing) return this.erase(resource, existing);
      return next;
    }
    next.metadata.resourceVersion = String(++this.revision);
    if (isCrd(resource)) this.crdStored(next);
    this.objects
      .get(key)!
      .set(objectId(next.metadata.namespace, next.metadata.name), next);
    this.emit(existing ? 'MODIFIED' : 'ADDED', key, next, existing);
    return asServed(next, resource);
  }

  /** Removes an object at once, emitting DELETED; cascades for namespaces and CRDs. */
  erase(resource: Served, existing: Obj): KubernetesObject {
    const key = storeKey(resource);
    const store = this.objects.get(key)!;
    const id = objectId(existing.metadata.namespace, existing.metadata.name);
    if (store.get(id) !== existing) return asServed(existing, resource);
    store.delete(id);
    const gone = clone(existing);
    gone.metadata.resourceVersion = String(++this.revision);
    this.emit('DELETED', key, gone, existing);
    if (isCrd(resource)) this.crdRemoved(existing);
    const ns = existing.metadata.namespace;
    if (ns) this.finishNamespace(ns);
    return asServed(gone, resource);
  }

  /** Asks for an object's deletion: marked while it has finalizers, else removed. */
  requestDeletion(resource: Served, existing: Obj): KubernetesObject {
    if (isNamespace(resource)) return this.deleteNamespace(existing);
    if (!existing.metadata.finalizers?.length)
      return this.erase(resource, existing);
    if (existing.metadata.deletionTimestamp)
      return asServed(existing, resource);
    const marked = clone(existing);
    marked.metadata.deletionTimestamp = now();
    marked.metadata.deletionGracePeriodSeconds = 0;
    return this.commit(resource, marked, existing);
  }

  /** A namespace terminates: its objects are deleted, and it goes once it is empty. */
  private deleteNamespace(namespace: Obj): KubernetesObject {
    const nsResource = this.resources.get('core/v1/namespaces')!;
    let current = namespace;
    if (!namespace.metadata.deletionTimestamp) {
      const marked = clone(namespace);
      marked.metadata.deletionTimestamp = now();
      marked.status = { ...marked.status, phase: 'Terminating' };
      this.commit(nsResource, marked, namespace);
      current = marked;
    }
    const name = namespace.metadata.name;
    for (const resource of this.servedByStore()) {
      for (const o of [...this.storeOf(resource).values()])
        if (o.metadata.namespace === name) this.requestDeletion(resource, o);
    }
    this.finishNamespace(name);
    return asServed(this.namespace(name) ?? current, nsResource);
  }

  private finishNamespace(name: string): void {
    const ns = this.namespace(name);
    if (!ns?.metadata.deletionTimestamp) return;
    for (const store of this.objects.values())
      for (const o of store.values()) if (o.metadata.namespace === name) return;
    this.erase(this.resources.get('core/v1/namespaces')!, ns);
  }

  /** One served resource per store (for scans across every kind). */
  private servedByStore(): Served[] {
    const seen = new Map<string, Served>();
    for (const r of this.resources.values())
      if (!seen.has(storeKey(r))) seen.set(storeKey(r), r);
    return [...seen.values()];
  }

  /** The apiextensions controller: serve the CRD's versions and say so in its status. */
  private crdStored(crd: Obj): void {
    const served = crdServedResources(crd);
    if (!served) return;
    for (const [key, r] of this.resources) {
      if (
        r.crd === crd.metadata.name &&
        !served.some(v => v.version === r.version)
      )
        this.resources.delete(key);
    }
    for (const resource of served)
      this.registerServed(resource, false, crd.metadata.name);
    crd.status = establishedStatus(crd);
  }

  /** A deleted CRD stops being served; its objects and their watches go with it. */
  private crdRemoved(crd: Obj): void {
    let gone: Served | undefined;
    for (const [key, r] of this.resources) {
      if (r.crd === crd.metadata.name) {
        gone = r;
        this.resources.delete(key);
      }
    }
    if (!gone) return;
    const key = storeKey(gone);
    const store = this.objects.get(key)!;
    for (const o of [...store.values()]) {
      store.delete(objectId(o.metadata.namespace, o.metadata.name));
      const deleted = clone(o);
      deleted.metadata.resourceVersion = String(++this.revision);
      this.emit('DELETED', key, deleted, o);
    }
    for (const listener of this.listeners) listener.storeRemoved(key);
  }

  private emit(type: EventType, store: string, object: Obj, prev?: Obj): void {
    const event: StoredEvent = {
      rv: this.revision,
      type,
      store,
      object: clone(object),
      prev: prev && clone(prev),
    };
    for (const listener of this.listeners) listener.changed(event);
  }
}
