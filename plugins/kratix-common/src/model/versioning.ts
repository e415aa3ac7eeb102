import { md5Hex } from '../stateStoreLayout/md5';
import { KRATIX_LABELS } from './constants';
import { Condition, KubernetesObject, ObjectMeta } from './kubernetes';
import { KratixPromise } from './Promise';

/** Installs a Promise from a URL at a version. @public */
export interface PromiseRelease extends KubernetesObject {
  kind: 'PromiseRelease';
  metadata: ObjectMeta;
  spec: {
    version?: string;
    sourceRef: {
      type: 'http';
      url: string;
      secretRef?: { name: string; namespace?: string };
    };
  };
  status?: {
    status?: 'Installed' | 'Error installing' | string;
    conditions?: Condition[];
  };
}

/**
 * The name of the PromiseRelease that installed a Promise, as Kratix marks it when it
 * installs one (internal/controller/promiserelease_controller.go installPromise): the
 * `kratix.io/promise-release-name` label, else the controlling owner reference of kind
 * PromiseRelease. Undefined for a Promise installed directly. Never guessed from names: the
 * document at a release's URL may name any Promise.
 * @public
 */
export function installingReleaseName(
  promise: KratixPromise,
): string | undefined {
  const label = promise.metadata.labels?.[KRATIX_LABELS.promiseReleaseName];
  if (label) return label;
  return promise.metadata.ownerReferences?.find(
    o => o.controller && o.kind === 'PromiseRelease',
  )?.name;
}

/**
 * The Promise a PromiseRelease installs from the document at its URL, as Kratix installs it
 * (internal/controller/promiserelease_controller.go validateVersion and installPromise): the
 * document's name, spec, labels and annotations, labelled `kratix.io/promise-release-name`
 * with the release's name. Or, where Kratix refuses to install it, the condition it sets on
 * the release: a document without a `kratix.io/promise-version` label, or one whose version
 * is not the release's `spec.version` (a release without one takes the document's).
 * @public
 */
export function promiseInstalledByRelease(
  release: PromiseRelease,
  document: KratixPromise,
):
  | { promise: KratixPromise; error?: undefined }
  | { error: { reason: string; message: string }; promise?: undefined } {
  const version = document.metadata.labels?.[KRATIX_LABELS.promiseVersion];
  if (!version)
    return {
      error: {
        reason: 'VersionLabelNotFound',
        message: 'Version label not found on Promise',
      },
    };
  const wanted = release.spec?.version;
  if (wanted && wanted !== version)
    return {
      error: {
        reason: 'VersionNotMatching',
        message: `Version labels do not match, found: ${version}, expected: ${wanted}`,
      },
    };
  const { name, labels, annotations } = document.metadata;
  return {
    promise: {
      apiVersion: document.apiVersion,
      kind: 'Promise',
      metadata: {
        name,
        labels: {
          ...labels,
          [KRATIX_LABELS.promiseReleaseName]: release.metadata.name,
        },
        ...(annotations && { annotations }),
      },
      spec: document.spec,
    } as KratixPromise,
  };
}

/** A snapshot of a Promise spec at one installed version (managed by Kratix). @public */
export interface PromiseRevision extends KubernetesObject {
  kind: 'PromiseRevision';
  metadata: ObjectMeta;
  spec: {
    promiseRef: { name: string };
    promiseSpec?: KratixPromise['spec'];
    version: string;
  };
  status?: { latest?: boolean; conditions?: Condition[] };
}

/** Binds one resource request to a Promise version; editing `spec.version` upgrades it. @public */
export interface ResourceBinding extends KubernetesObject {
  kind: 'ResourceBinding';
  metadata: ObjectMeta;
  spec: {
    version: string;
    promiseRef: { name: string };
    resourceRef: { name: string; namespace: string; generation?: number };
  };
  status?: {
    lastAppliedVersion?: string;
    failedVersion?: string;
    conditions?: Condition[];
  };
}

/**
 * A name as Kratix makes one deterministically (lib/objectutil/name.go
 * GenerateDeterministicObjectName): the name cut to 56 characters with trailing
 * non-alphanumerics dropped, then `-` and the first 5 hex digits of the md5 of the whole
 * name (or of `hashingInputs` joined by `-`, when given).
 * @public
 */
export function deterministicObjectName(
  name: string,
  ...hashingInputs: string[]
): string {
  const id = md5Hex(hashingInputs.length ? hashingInputs.join('-') : name);
  // maxNameLength is 63 - 1 - 5 (the separator and the hash); Kratix cuts to one less.
  let head = name.length > 57 ? name.slice(0, 56) : name;
  while (head && !/[a-zA-Z0-9]$/.test(head)) head = head.slice(0, -1);
  return `${head}-${id.slice(0, 5)}`;
}

/**
 * The `kratix.io/resource-name` label value Kratix gives a request's ResourceBinding
 * (internal/controller/dynamic_resource_request_controller.go resourceNameLabelValue): the
 * request's name, or, past the 63 characters a label value may have, the deterministic
 * object name derived from it.
 * @public
 */
export function resourceBindingLabelValue(resourceName: string): string {
  return resourceName.length <= 63
    ? resourceName
    : deterministicObjectName(resourceName);
}

/**
 * Whether a ResourceBinding is the one of a request, as Kratix finds it
 * (dynamic_resource_request_controller.go findResourceBinding): in the request's namespace,
 * labelled with the Promise's name and the request's {@link resourceBindingLabelValue},
 * whatever the Binding itself is named.
 * @public
 */
export function isResourceBindingOf(
  binding: ResourceBinding,
  ref: { promise: string; namespace: string; name: string },
): boolean {
  const labels = binding.metadata.labels ?? {};
  return (
    binding.metadata.namespace === ref.namespace &&
    labels[KRATIX_LABELS.promiseName] === ref.promise &&
    labels[KRATIX_LABELS.resourceName] === resourceBindingLabelValue(ref.name)
  );
}

/** Health state vocabulary of a HealthRecord. @public */
export type HealthState =
  | 'unknown'
  | 'ready'
  | 'unhealthy'
  | 'healthy'
  | 'degraded';

/** A health report about one resource request; it has `data`, not spec/status. @public */
export interface HealthRecord extends KubernetesObject {
  kind: 'HealthRecord';
  metadata: ObjectMeta;
  data: {
    promiseRef: { name: string };
    resourceRef: { name: string; namespace: string; generation?: number };
    state?: HealthState;
    lastRun?: number;
    details?: unknown;
  };
}
