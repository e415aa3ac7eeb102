import { randomUUID } from 'node:crypto';
import { HttpResponse } from 'msw';
import { crdErrors, dryRunStatus, schemaErrors } from './crds';
import {
  clone,
  groupResource,
  groupVersion,
  isCrd,
  isNamespace,
  now,
  Obj,
  objectId,
  Served,
} from './model';
import { invalidObject, status } from './responses';
import { Route } from './routing';
import { ObjectStore } from './store';
import { metadataErrors, typeProblem } from './validation';

/** 403 for a create in a namespace that is being deleted. */
function namespaceTerminating(
  resource: Served,
  name: string | undefined,
  namespace: string,
): Response {
  return status(
    403,
    'Forbidden',
    `${groupResource(
      resource,
    )} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
    {
      name,
      group: resource.group,
      kind: resource.plural,
      causes: [
        {
          reason: 'NamespaceTerminating',
          message: `namespace ${namespace} is being terminated`,
          field: 'metadata.namespace',
        },
      ],
    },
  );
}

/**
 * POST to a collection: checks apiVersion and kind against the URL (400), the namespace
 * (404, or 403 while it terminates), names, labels, annotations and the CRD schema (422),
 * and existence (409); the server sets uid, generation and creationTimestamp.
 */
export function createObject(
  store: ObjectStore,
  resource: Served,
  route: Route,
  body: any,
  dryRun: boolean,
): Response {
  const problem = typeProblem(resource, body);
  if (problem) return problem;
  const object = clone(body) as Obj;
  object.apiVersion = groupVersion(resource);
  object.kind = resource.kind;
  object.metadata = { ...(object.metadata ?? {}) } as Obj['metadata'];
  const meta = object.metadata;
  if (resource.namespaced) {
    if (meta.namespace && meta.namespace !== route.namespace)
      return status(
        400,
        'BadRequest',
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    meta.namespace = route.namespace;
  } else delete meta.namespace;
  if (!meta.name && meta.generateName) {
    const chars = 'bcdfghjklmnpqrstvwxz2456789';
    meta.name =
      meta.generateName +
      Array.from(
        { length: 5 },
        () => chars[Math.floor(Math.random() * chars.length)],
      ).join('');
  }
  const errors = [
    ...metadataErrors(object, resource),
    ...(isCrd(resource) ? crdErrors(object) : []),
    ...schemaErrors(store.crdOf(resource), resource, object),
  ];
  if (errors.length) return invalidObject(resource, meta.name ?? '', errors);
  if (resource.namespaced) {
    const ns = store.namespace(route.namespace!);
    if (!ns)
      return status(
        404,
        'NotFound',
        `namespaces "${route.namespace}" not found`,
        { name: route.namespace, kind: 'namespaces' },
      );
    if (ns.metadata.deletionTimestamp)
      return namespaceTerminating(resource, meta.name, route.namespace!);
  }
  if (store.storeOf(resource).has(objectId(meta.namespace, meta.name)))
    return status(
      409,
      'AlreadyExists',
      `${groupResource(resource)} "${meta.name}" already exists`,
      { name: meta.name, group: resource.group, kind: resource.plural },
    );
  if (meta.resourceVersion)
    return status(
      500,
      'InternalError',
      'Internal error occurred: resourceVersion should not be set on objects to be created',
    );
  // Fields only the server sets.
  meta.uid = randomUUID();
  meta.creationTimestamp = now();
  meta.generation = 1;
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  if (resource.subresources.includes('status')) delete object.status;
  if (isNamespace(resource)) {
    object.spec = { finalizers: ['kubernetes'], ...object.spec };
    object.status = { phase: 'Active' };
  }
  if (dryRun) {
    if (isCrd(resource)) object.status = dryRunStatus(object);
    return HttpResponse.json(object, { status: 201 });
  }
  return HttpResponse.json(store.commit(resource, object, undefined), {
    status: 201,
  });
}
