import {
  KRATIX_LABELS,
  KubernetesObject,
  ObjectMeta,
  ResourceRequest,
  Work,
  Workload,
  WorkPlacement,
} from '@kratix-backstage/plugin-kratix-common';

/*
 * The forms the watch caches keep objects in. There are one or more Works and
 * WorkPlacements per request, so every byte kept of them is multiplied by the number of
 * requests: what no page reads is dropped, and strings and small parts that repeat
 * (namespaces, Promise names, labels, workload paths, selectors, conditions) are kept once
 * and shared by every object that has them.
 */

/**
 * The pools of shared strings and parts. Bounded: when a pool is full it starts again, so it
 * never holds more than a few thousand entries.
 */
const POOL_SIZE = 20_000;
const sharedStrings = new Map<string, string>();
const sharedParts = new Map<string, unknown>();

function shareString<T>(value: T): T {
  if (typeof value !== 'string') return value;
  const known = sharedStrings.get(value);
  if (known !== undefined) return known as T;
  if (sharedStrings.size >= POOL_SIZE) sharedStrings.clear();
  sharedStrings.set(value, value);
  return value;
}

/** The one copy of a small JSON value equal to this one (cached objects are never changed). */
function sharePart<T>(value: T): T {
  if (value === undefined || value === null) return value;
  const key = JSON.stringify(value);
  const known = sharedParts.get(key);
  if (known !== undefined) return known as T;
  if (sharedParts.size >= POOL_SIZE) sharedParts.clear();
  sharedParts.set(key, value);
  return value;
}

/**
 * Labels whose value names one Work: shared by nothing, so kept out of the pool, where
 * they would only push out the values that repeat.
 */
const ONE_WORK_LABELS = new Set<string>([
  KRATIX_LABELS.work,
  KRATIX_LABELS.workloadGroupId,
]);

/** A string map's (labels', annotations') values replaced by their shared copies. */
function shareValuesOf(map: Record<string, string> | undefined): void {
  if (!map) return;
  for (const key in map)
    if (!ONE_WORK_LABELS.has(key)) map[key] = shareString(map[key]);
}

/**
 * The metadata members no page reads that can be large (`managedFields` with its
 * `fieldsV1` is often most of an object's size): lists cut them out of the answer's bytes,
 * so they are never parsed. Looking for a member costs a search of the whole answer, which
 * costs more than parsing the small ones forTheCache drops after.
 */
export const CUT_BEFORE_PARSING = ['managedFields', 'ownerReferences'];

type WorkSpec = Work['spec'] & WorkPlacement['spec'];

const hasContent = (workloads: Workload[] | undefined) =>
  !!workloads?.some(w => w.content !== undefined);

/** A workload without its document: `{filepath}` and whatever else it has but `content`. */
function withoutContent({ content: _content, ...rest }: Workload) {
  return rest;
}

/** The spec without its workloads' content: the same object if it has none. */
function specWithoutContent(spec: WorkSpec): WorkSpec {
  if (
    !hasContent(spec.workloads) &&
    !spec.workloadGroups?.some(g => hasContent(g.workloads))
  )
    return spec;
  const kept: WorkSpec = { ...spec };
  if (spec.workloads) kept.workloads = spec.workloads.map(withoutContent);
  if (spec.workloadGroups)
    kept.workloadGroups = spec.workloadGroups.map(g => ({
      ...g,
      ...(g.workloads ? { workloads: g.workloads.map(withoutContent) } : {}),
    }));
  return kept;
}

/**
 * A Work or WorkPlacement as the cache keeps it: what pages and placements read (name,
 * namespace, labels, annotations, generation, the spec with each workload's `filepath`, the
 * status). Left out: each workload's `content` (a gzip+base64 copy of an output document,
 * which readWorkloads reads on demand; lists leave it out before parsing), and managedFields,
 * owner references, finalizers, uid, resourceVersion and creation time, which nothing reads.
 * The object is the caller's own, freshly decoded: its parts are kept rather than copied
 * (a spec is copied only when it has content to leave out), with repeated strings and parts
 * swapped for the shared ones.
 */
export function forTheCache<T extends KubernetesObject>(object: T): T {
  const {
    managedFields: _managedFields,
    ownerReferences: _ownerReferences,
    finalizers: _finalizers,
    uid: _uid,
    resourceVersion: _resourceVersion,
    creationTimestamp: _creationTimestamp,
    ...metadata
  } = object.metadata as ObjectMeta & { managedFields?: unknown };
  const kept = { ...object, metadata } as KubernetesObject & {
    spec?: WorkSpec;
    status?: { conditions?: unknown[] };
  };
  kept.apiVersion = shareString(kept.apiVersion);
  kept.kind = shareString(kept.kind);
  if (metadata.namespace) metadata.namespace = shareString(metadata.namespace);
  shareValuesOf(metadata.labels);
  shareValuesOf(metadata.annotations);
  if (kept.spec) kept.spec = specWithoutContent(kept.spec);
  const spec = kept.spec;
  if (spec) {
    if (spec.promiseName) spec.promiseName = shareString(spec.promiseName);
    if (spec.resourceName) spec.resourceName = shareString(spec.resourceName);
    if (spec.targetDestinationName)
      spec.targetDestinationName = shareString(spec.targetDestinationName);
    // A WorkPlacement's id is its workload group's, which a label holds too.
    const groupId = metadata.labels?.[KRATIX_LABELS.workloadGroupId];
    if (spec.id !== undefined && spec.id === groupId) spec.id = groupId;
    if (spec.workloads) spec.workloads = sharePart(spec.workloads);
    for (const group of spec.workloadGroups ?? []) {
      if (group.directory) group.directory = shareString(group.directory);
      if (group.destinationSelectors)
        group.destinationSelectors = sharePart(group.destinationSelectors);
      if (group.workloads) group.workloads = sharePart(group.workloads);
    }
  }
  if (kept.status?.conditions)
    kept.status.conditions = sharePart(kept.status.conditions);
  return kept as T;
}

/**
 * A request as the cache keeps it: whole, but with the strings and parts that many requests
 * repeat (apiVersion, kind, namespace, label and annotation values, conditions) shared, and
 * `managedFields` cut to what is read (who changed it when, not which fields: `fieldsV1` is
 * most of a request's size on a real cluster).
 */
export function forTheRequestCache(request: ResourceRequest): ResourceRequest {
  const metadata = { ...request.metadata } as ResourceRequest['metadata'] & {
    managedFields?: Array<Record<string, unknown>>;
  };
  metadata.namespace = shareString(metadata.namespace);
  if (metadata.labels) metadata.labels = { ...metadata.labels };
  shareValuesOf(metadata.labels);
  if (metadata.annotations) metadata.annotations = { ...metadata.annotations };
  shareValuesOf(metadata.annotations);
  if (metadata.creationTimestamp)
    metadata.creationTimestamp = shareString(metadata.creationTimestamp);
  if (metadata.managedFields)
    metadata.managedFields = metadata.managedFields.map(
      ({ manager, operation, time, subresource }) =>
        sharePart({ manager, operation, time, subresource }),
    );
  const status = request.status as
    | { conditions?: unknown[]; message?: string }
    | undefined;
  return {
    ...request,
    apiVersion: shareString(request.apiVersion),
    kind: shareString(request.kind),
    metadata,
    ...(status
      ? {
          status: {
            ...status,
            // Kratix's status message repeats across requests ("Resource requested").
            ...(typeof status.message === 'string'
              ? { message: shareString(status.message) }
              : {}),
            ...(status.conditions
              ? { conditions: sharePart(status.conditions) }
              : {}),
          },
        }
      : {}),
  } as ResourceRequest;
}
