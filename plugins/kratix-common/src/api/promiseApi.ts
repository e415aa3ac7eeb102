import { JSONSchemaProps, KratixPromise, PromiseApiCrd } from '../model';

/** One version of a Promise API as the embedded CRD declares it. @public */
export interface PromiseApiVersion {
  name: string;
  served: boolean;
  storage: boolean;
  /** The version's `schema.openAPIV3Schema`, if it has one. */
  schema?: JSONSchemaProps;
}

/** The resource-request API a Promise offers, read from the CRD it embeds. @public */
export interface PromiseApi {
  /** Where the CRD came from: `spec.api`, or `spec.xaasCrd` on Promises from before mid-2023. */
  source: 'api' | 'xaasCrd';
  /** The CRD's `metadata.name`, else `<plural>.<group>` as Kubernetes requires it to be. */
  crdName: string;
  group: string;
  /** The version with `storage: true`, else the first; requests are written in it. */
  storageVersion: string;
  /** Every version with `served` not false, in declaration order. */
  servedVersions: string[];
  versions: PromiseApiVersion[];
  /** As written by the Promise author: marketplace kinds are often lower-case (`redis`). */
  kind: string;
  plural: string;
  /** True when the CRD names no plural and it fell back to the lower-cased kind. */
  pluralDerived: boolean;
  /** `names.singular`, else the lower-cased kind (Kubernetes' own default). */
  singular: string;
  scope: 'Namespaced' | 'Cluster';
  /** `<group>/<storageVersion>`, the apiVersion of a new request. */
  apiVersion: string;
  /** The storage version's openAPIV3Schema. */
  schema?: JSONSchemaProps;
  /** That schema's `spec` property: what a request fills in. */
  specSchema?: JSONSchemaProps;
}

// Fields of an apiextensions v1beta1 CRD, which old xaasCrd Promises may still carry.
interface V1beta1CrdSpec {
  version?: string;
  validation?: { openAPIV3Schema?: JSONSchemaProps };
}

function embeddedCrdOf(
  promise: KratixPromise,
): { crd: PromiseApiCrd; source: PromiseApi['source'] } | undefined {
  const spec = promise.spec as
    | (KratixPromise['spec'] & { xaasCrd?: PromiseApiCrd })
    | undefined;
  if (spec?.api) return { crd: spec.api, source: 'api' };
  if (spec?.xaasCrd) return { crd: spec.xaasCrd, source: 'xaasCrd' };
  return undefined;
}

function versionsOf(
  crdSpec: NonNullable<PromiseApiCrd['spec']>,
): PromiseApiVersion[] {
  const declared = (crdSpec.versions ?? []).filter(
    v => typeof v?.name === 'string' && v.name !== '',
  );
  if (declared.length > 0) {
    return declared.map(v => ({
      name: v.name,
      // Kubernetes requires `served`; a hand-written Promise that omits it means "this version".
      served: v.served !== false,
      storage: v.storage === true,
      schema: v.schema?.openAPIV3Schema,
    }));
  }
  const legacy = crdSpec as V1beta1CrdSpec;
  if (typeof legacy.version === 'string' && legacy.version !== '') {
    return [
      {
        name: legacy.version,
        served: true,
        storage: true,
        schema: legacy.validation?.openAPIV3Schema,
      },
    ];
  }
  return [];
}

/**
 * Reads a Promise's request API (group, storage version, kind, plural, scope, schema) from
 * `spec.api` or the legacy `spec.xaasCrd`; undefined when the Promise offers no usable API.
 * @public
 */
export function extractPromiseApi(
  promise: KratixPromise,
): PromiseApi | undefined {
  const embedded = embeddedCrdOf(promise);
  const crdSpec = embedded?.crd.spec;
  const group = crdSpec?.group;
  const kind = crdSpec?.names?.kind;
  if (!embedded || !crdSpec || !group || !kind) return undefined;

  const versions = versionsOf(crdSpec);
  const storage = versions.find(v => v.storage) ?? versions[0];
  if (!storage) return undefined;

  const declaredPlural = crdSpec.names?.plural;
  const plural = declaredPlural || kind.toLowerCase();
  const schema = storage.schema;
  return {
    source: embedded.source,
    crdName: embedded.crd.metadata?.name || `${plural}.${group}`,
    group,
    storageVersion: storage.name,
    servedVersions: versions.filter(v => v.served).map(v => v.name),
    versions,
    kind,
    plural,
    pluralDerived: !declaredPlural,
    singular: crdSpec.names?.singular || kind.toLowerCase(),
    scope: crdSpec.scope === 'Cluster' ? 'Cluster' : 'Namespaced',
    apiVersion: `${group}/${storage.name}`,
    schema,
    specSchema: schema?.properties?.spec,
  };
}

/** Whether a Promise offers an API and so can take resource requests. @public */
export function hasApi(promise: KratixPromise): boolean {
  return extractPromiseApi(promise) !== undefined;
}
