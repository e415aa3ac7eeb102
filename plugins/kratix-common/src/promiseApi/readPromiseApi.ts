import { JSONSchemaProps, KratixPromise, PromiseApiCrd } from '../model';

/** The resource API a Promise offers, taken from the CRD in `spec.api`. @public */
export interface PromiseApi {
  /** CRD name, e.g. `jenkins.marketplace.kratix.io`. */
  crdName?: string;
  group: string;
  /** The storage version (else the first), which requests are written in. */
  version: string;
  servedVersions: string[];
  /** As written by the author; marketplace kinds are often lower-case. */
  kind: string;
  plural: string;
  /** True when the CRD named no plural and it was derived from the kind. */
  pluralDerived: boolean;
  singular?: string;
  scope: 'Namespaced' | 'Cluster';
  /** `group/version`. */
  apiVersion: string;
  /** openAPIV3Schema of the storage version. */
  schema?: JSONSchemaProps;
  /** The `spec` property of that schema, which a request fills in. */
  specSchema?: JSONSchemaProps;
}

function crdOf(promise: KratixPromise): PromiseApiCrd | undefined {
  // Promises before mid-2023 called the API `xaasCrd`.
  const legacy = (promise.spec as { xaasCrd?: PromiseApiCrd } | undefined)?.xaasCrd;
  return promise.spec?.api ?? legacy;
}

/** Whether a Promise offers an API (and so can take requests). @public */
export function hasPromiseApi(promise: KratixPromise): boolean {
  return readPromiseApi(promise) !== undefined;
}

/**
 * Reads group, storage version, kind, plural, scope and schema from a Promise's API;
 * undefined for API-less Promises (dependencies only, such as an ingress controller).
 * @public
 */
export function readPromiseApi(promise: KratixPromise): PromiseApi | undefined {
  const crd = crdOf(promise);
  const spec = crd?.spec;
  const kind = spec?.names?.kind;
  if (!spec?.group || !kind) return undefined;
  const versions = spec.versions ?? [];
  const storage = versions.find(v => v.storage) ?? versions[0];
  if (!storage) return undefined;
  const schema = storage.schema?.openAPIV3Schema;
  const plural = spec.names?.plural;
  return {
    crdName: crd?.metadata?.name,
    group: spec.group,
    version: storage.name,
    servedVersions: versions.filter(v => v.served !== false).map(v => v.name),
    kind,
    plural: plural ?? kind.toLowerCase(),
    pluralDerived: !plural,
    singular: spec.names?.singular,
    scope: spec.scope ?? 'Namespaced',
    apiVersion: `${spec.group}/${storage.name}`,
    schema,
    specSchema: schema?.properties?.spec,
  };
}

/**
 * The Kubernetes REST path of a Promise's request collection, in one namespace or across
 * all of them.
 * @public
 */
export function requestCollectionPath(api: PromiseApi, namespace?: string): string {
  const base = `/apis/${api.group}/${api.version}`;
  if (api.scope === 'Namespaced' && namespace) {
    return `${base}/namespaces/${encodeURIComponent(namespace)}/${api.plural}`;
  }
  return `${base}/${api.plural}`;
}
