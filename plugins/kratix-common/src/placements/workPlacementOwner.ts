import {
  KRATIX_SYSTEM_NAMESPACE,
  KratixPromise,
  ResourceRequest,
} from '../model';

/** What a WorkPlacement's documents belong to, read back from its name. @public */
export interface WorkPlacementOwner {
  type: 'dependency' | 'resource';
  promise: string;
  /** The request's own namespace (not the pipeline namespace its Works may run in). */
  namespace?: string;
  resource?: string;
  /** Unknown for names Kratix v0.125.0 made, which did not carry the pipeline. */
  pipeline?: string;
}

/** The Promises and requests a WorkPlacement may belong to. @public */
export interface WorkPlacementCandidates {
  promises: KratixPromise[];
  requests: Array<{ promise: string; request: ResourceRequest }>;
}

/**
 * A name as Kratix's objectutil.processName makes it (lib/objectutil/name.go): one longer
 * than maxNameLength (63 - 1 - 5 = 57) cut to its first 56 characters, then trailing
 * characters that are not letters or digits dropped.
 */
function processedName(name: string): string {
  let out = name.length > 57 ? name.slice(0, 56) : name;
  while (out.length > 0 && !/[a-zA-Z0-9]$/.test(out)) out = out.slice(0, -1);
  return out;
}

/**
 * The name Kratix gives a WorkPlacement: its Work's name (Promise, request, the request's
 * namespace where the Promise runs pipelines in a pipeline namespace, and pipeline, cut by
 * processName and followed by five random characters: work-creator/lib/work_creator.go
 * buildWorkIdentifier, lib/objectutil/name.go GenerateObjectName), a dot, the Destination,
 * and the first five characters of the workload group id (internal/controller/scheduler.go).
 * `random` stands for the five random characters.
 * @public
 */
export function workPlacementName(parts: {
  promise: string;
  resource?: string;
  /** Only where the Promise runs its pipelines in a pipeline namespace. */
  resourceNamespace?: string;
  pipeline: string;
  random: string;
  destination: string;
  groupId5: string;
}): string {
  const identifier = [
    parts.promise,
    parts.resource,
    parts.resource ? parts.resourceNamespace : undefined,
    parts.pipeline,
  ]
    .filter(Boolean)
    .join('-');
  return `${processedName(identifier)}-${parts.random}.${parts.destination}-${
    parts.groupId5
  }`;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The namespace a Promise's request's Works and WorkPlacements live in. @public */
export function workNamespaceOf(
  promise: KratixPromise | undefined,
  requestNamespace: string,
): string {
  return (
    promise?.spec?.workflows?.config?.pipelineNamespace || requestNamespace
  );
}

/**
 * Who a WorkPlacement belongs to, from its namespace and name: Kratix names a Work after its
 * Promise, request, request namespace (with a pipeline namespace) and pipeline, cut to 56
 * characters and followed by five random characters (work-creator/lib/work_creator.go
 * buildWorkIdentifier; lib/objectutil/name.go GenerateObjectName), and each WorkPlacement
 * `<work>.<destination>-<first five of the group id>` (internal/controller/scheduler.go).
 * Kratix v0.125.0 named Works `<promise>-<request>` (no pipeline); both are recognised.
 * Undefined when no given Promise or request makes the name.
 * @public
 */
export function workPlacementOwner(
  workPlacement: { namespace: string; name: string },
  destination: string,
  candidates: WorkPlacementCandidates,
): WorkPlacementOwner | undefined {
  const suffix = new RegExp(
    `^(.*)-[a-z0-9]{5}\\.${escape(destination)}-[a-z0-9]{5}$`,
  );
  const work = suffix.exec(workPlacement.name)?.[1];
  if (!work) return undefined;
  const pipelinesOf = (p: KratixPromise, kind: 'promise' | 'resource') =>
    (p.spec?.workflows?.[kind]?.configure ?? []).map(
      w => w.metadata?.name ?? '',
    );
  const byName = new Map(candidates.promises.map(p => [p.metadata.name, p]));
  for (const { promise: name, request } of candidates.requests) {
    const promise = byName.get(name);
    const requestNamespace = request.metadata.namespace ?? 'default';
    if (workNamespaceOf(promise, requestNamespace) !== workPlacement.namespace)
      continue;
    const inPipelineNamespace =
      !!promise?.spec?.workflows?.config?.pipelineNamespace;
    const base = inPipelineNamespace
      ? `${name}-${request.metadata.name}-${requestNamespace}`
      : `${name}-${request.metadata.name}`;
    const owner: WorkPlacementOwner = {
      type: 'resource',
      promise: name,
      namespace: requestNamespace,
      resource: request.metadata.name,
    };
    const pipeline = (promise ? pipelinesOf(promise, 'resource') : []).find(
      p => processedName(`${base}-${p}`) === work,
    );
    if (pipeline) return { ...owner, pipeline };
    if (processedName(base) === work) return owner;
  }
  if (workPlacement.namespace !== KRATIX_SYSTEM_NAMESPACE) return undefined;
  for (const promise of candidates.promises) {
    const name = promise.metadata.name;
    const pipeline = pipelinesOf(promise, 'promise').find(
      p => processedName(`${name}-${p}`) === work,
    );
    if (pipeline) return { type: 'dependency', promise: name, pipeline };
    // Static dependencies: `<promise>-static-deps` (promise_controller.go); v0.125.0: `<promise>`.
    if (
      processedName(`${name}-static-deps`) === work ||
      processedName(name) === work
    )
      return { type: 'dependency', promise: name };
  }
  return undefined;
}
