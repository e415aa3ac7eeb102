import { HttpResponse } from 'msw';
import { crdErrors, schemaErrors } from './crds';
import {
  asServed,
  canonical,
  clone,
  isCrd,
  nextGeneration,
  Obj,
  Served,
} from './model';
import { jsonPatch, mergePatch } from './patch';
import { conflict, invalidObject, status } from './responses';
import { Route } from './routing';
import { ObjectStore } from './store';
import { invalid, metadataErrors, typeProblem } from './validation';

/**
 * The object a PUT (`update`) or PATCH (`patch`) asks for: the body, or `existing` patched
 * by it (JSON patch, merge patch, and strategic merge patch for built-in kinds, read as a
 * merge patch); or the error answer.
 */
export function requestedObject(
  request: Request,
  verb: string,
  resource: Served,
  route: Route,
  existing: Obj,
  body: any,
): Obj | Response {
  if (verb === 'update') {
    const problem = typeProblem(resource, body);
    if (problem) return problem;
    const next = clone(body) as Obj;
    if (!next.metadata?.resourceVersion && !resource.builtIn) {
      return invalidObject(resource, route.name!, [
        invalid(
          'metadata.resourceVersion',
          0,
          'must be specified for an update',
        ),
      ]);
    }
    return next;
  }
  const type = (request.headers.get('content-type') ?? '').split(';')[0];
  let next: Obj;
  try {
    if (type === 'application/json-patch+json')
      next = jsonPatch(existing, body);
    else if (type === 'application/merge-patch+json')
      next = mergePatch(existing, body);
    else if (
      type === 'application/strategic-merge-patch+json' &&
      resource.builtIn
    )
      next = mergePatch(existing, body);
    else {
      return status(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json${
          resource.builtIn ? ', application/strategic-merge-patch+json' : ''
        }`,
      );
    }
  } catch (error) {
    return status(422, 'Invalid', (error as Error).message);
  }
  if (typeof next !== 'object' || !next || Array.isArray(next))
    return status(422, 'Invalid', 'the patch does not produce an object');
  return next;
}

/**
 * Writes `next` over `existing`: resourceVersion precondition (409), name and namespace as
 * the URL's (400), validation (422), no new finalizers while deleting; `/status` changes
 * status only, the object never its status where `/status` exists; generation bumped on
 * changes outside metadata; a write that changes nothing is not stored.
 */
export function updateObject(
  store: ObjectStore,
  resource: Served,
  route: Route,
  existing: Obj,
  next: Obj,
  dryRun: boolean,
): Response {
  const name = existing.metadata.name;
  next.metadata = { ...(next.metadata ?? {}) } as Obj['metadata'];
  if (next.metadata.name !== undefined && next.metadata.name !== name)
    return status(
      400,
      'BadRequest',
      `the name of the object (${next.metadata.name}) does not match the name on the URL (${name})`,
    );
  if (
    resource.namespaced &&
    next.metadata.namespace !== undefined &&
    next.metadata.namespace !== existing.metadata.namespace
  )
    return status(
      400,
      'BadRequest',
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  if (
    next.metadata.resourceVersion &&
    next.metadata.resourceVersion !== existing.metadata.resourceVersion
  )
    return conflict(resource, name);

  let merged: Obj;
  if (route.sub === 'status') {
    // /status changes status only.
    merged = clone(existing);
    if (next.status === undefined) delete merged.status;
    else merged.status = clone(next.status);
  } else {
    merged = clone(next);
    merged.apiVersion = existing.apiVersion;
    merged.kind = existing.kind;
    if (resource.subresources.includes('status')) {
      // The main resource never changes status where /status exists.
      if (existing.status === undefined) delete merged.status;
      else merged.status = clone(existing.status);
    }
    const errors = metadataErrors(merged, resource);
    if (isCrd(resource)) errors.push(...crdErrors(merged));
    errors.push(...schemaErrors(store.crdOf(resource), resource, merged));
    const added = (merged.metadata.finalizers ?? []).filter(
      f => !(existing.metadata.finalizers ?? []).includes(f),
    );
    if (existing.metadata.deletionTimestamp && added.length)
      errors.push({
        field: 'metadata.finalizers',
        reason: 'FieldValueForbidden',
        message: `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{${added
          .map(f => JSON.stringify(f))
          .join(', ')}}`,
      });
    if (errors.length) return invalidObject(resource, name, errors);
  }
  // Fields only the server sets.
  const meta = merged.metadata;
  meta.name = name;
  if (resource.namespaced) meta.namespace = existing.metadata.namespace;
  else delete meta.namespace;
  meta.uid = existing.metadata.uid;
  meta.creationTimestamp = existing.metadata.creationTimestamp;
  meta.resourceVersion = existing.metadata.resourceVersion;
  if (existing.metadata.deletionTimestamp) {
    meta.deletionTimestamp = existing.metadata.deletionTimestamp;
    meta.deletionGracePeriodSeconds =
      existing.metadata.deletionGracePeriodSeconds;
  } else {
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
  }
  meta.generation = nextGeneration(existing, merged, resource);
  // A write that changes nothing is not stored: same resourceVersion, no event.
  if (canonical(merged) === canonical(existing))
    return HttpResponse.json(asServed(existing, resource));
  if (dryRun) return HttpResponse.json(asServed(merged, resource));
  return HttpResponse.json(store.commit(resource, merged, existing));
}
