import { HttpResponse } from 'msw';
import { listBody } from './lists';
import { asServed, Obj, Served } from './model';
import { conflict } from './responses';
import { ObjectStore } from './store';

/**
 * DELETE of one object, with the body's uid and resourceVersion preconditions (409): marked
 * while it has finalizers, else gone.
 */
export async function deleteObject(
  request: Request,
  store: ObjectStore,
  resource: Served,
  existing: Obj,
  dryRun: boolean,
): Promise<Response> {
  const options = await request.json().catch(() => undefined);
  const pre = options?.preconditions;
  if (
    (pre?.uid && pre.uid !== existing.metadata.uid) ||
    (pre?.resourceVersion &&
      pre.resourceVersion !== existing.metadata.resourceVersion)
  ) {
    return conflict(
      resource,
      existing.metadata.name,
      pre.uid ? 'uid' : 'resourceVersion',
    );
  }
  if (dryRun) return HttpResponse.json(asServed(existing, resource));
  return HttpResponse.json(store.requestDeletion(resource, existing));
}

/** DELETE of a collection: every selected object, answered with the list of them. */
export function deleteCollection(
  store: ObjectStore,
  resource: Served,
  items: Obj[],
  dryRun: boolean,
): Response {
  if (!dryRun) for (const o of items) store.requestDeletion(resource, o);
  return HttpResponse.json(listBody(resource, store.rv, items));
}
