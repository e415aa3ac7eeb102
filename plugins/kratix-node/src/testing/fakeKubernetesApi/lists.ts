import { HttpResponse } from 'msw';
import {
  KubernetesObject,
  matchesLabelSelector,
  parseLabelSelector,
} from '@kratix-backstage/plugin-kratix-common';
import { asServed, groupVersion, Obj, objectId, Served } from './model';
import { status } from './responses';

/** Fields a field selector may name, as the API server supports them for every kind. */
function parseFieldSelector(
  selector: string | null,
): Array<{ field: string; op: '=' | '!='; value: string }> {
  if (!selector) return [];
  return selector
    .split(',')
    .filter(s => s.trim())
    .map(part => {
      const m = /^\s*([^=!\s]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(part);
      if (!m) throw new Error(`invalid selector: '${selector}'`);
      if (!['metadata.name', 'metadata.namespace'].includes(m[1]))
        throw new Error(`field label not supported: ${m[1]}`);
      return { field: m[1], op: m[2] === '!=' ? '!=' : '=', value: m[3] };
    });
}

/**
 * The objects a request's `labelSelector` and `fieldSelector` select; throws with the API
 * server's message when either cannot be parsed.
 */
export function selectorOf(
  params: URLSearchParams,
): (o: KubernetesObject) => boolean {
  const labels = parseLabelSelector(params.get('labelSelector') ?? undefined);
  const fields = parseFieldSelector(params.get('fieldSelector'));
  return o =>
    matchesLabelSelector(o.metadata.labels, labels) &&
    fields.every(f => {
      const actual =
        (f.field === 'metadata.name'
          ? o.metadata.name
          : o.metadata.namespace) ?? '';
      return f.op === '=' ? actual === f.value : actual !== f.value;
    });
}

/** A `<Kind>List` of the given objects as a resource's version serves them. */
export function listBody(
  resource: Served,
  resourceVersion: number,
  items: Obj[],
) {
  return {
    apiVersion: groupVersion(resource),
    kind: `${resource.kind}List`,
    metadata: { resourceVersion: String(resourceVersion) },
    items: items.map(o => asServed(o, resource)),
  };
}

/** Where a list page starts, as its `continue` token carries it. */
interface ContinueKey {
  rv: string;
  start: string;
}

/**
 * One page of a list, as the API server serves it: `limit` items from the key the
 * `continue` token names, in key order, and a token for the rest. (The server keeps the
 * first page's snapshot; this fake serves later pages as the objects are then.) A token from
 * before the history kept (`expired`) is 410.
 */
export function listPage(
  resource: Served,
  items: Obj[],
  params: URLSearchParams,
  resourceVersion: number,
  expired: (rv: number) => boolean,
): Response {
  const limit = Number(params.get('limit') ?? 0);
  const continueToken = params.get('continue');
  const idOf = (o: KubernetesObject) =>
    objectId(o.metadata.namespace, o.metadata.name);
  let served = items;
  let listVersion = String(resourceVersion);
  let next: string | undefined;
  if (continueToken) {
    let from: ContinueKey;
    try {
      from = JSON.parse(Buffer.from(continueToken, 'base64').toString('utf8'));
      if (typeof from.start !== 'string') throw new Error();
    } catch {
      return status(400, 'BadRequest', 'continue key is not valid');
    }
    if (expired(Number(from.rv)))
      return status(
        410,
        'Expired',
        'The provided continue parameter is too old to display a consistent list result.',
      );
    listVersion = from.rv;
    served = served.filter(o => idOf(o).localeCompare(from.start) >= 0);
  }
  if (limit > 0 && served.length > limit) {
    const key: ContinueKey = { rv: listVersion, start: idOf(served[limit]) };
    next = Buffer.from(JSON.stringify(key)).toString('base64');
    served = served.slice(0, limit);
  }
  return HttpResponse.json({
    apiVersion: groupVersion(resource),
    kind: `${resource.kind}List`,
    metadata: {
      resourceVersion: listVersion,
      ...(next && { continue: next }),
      // The API server counts what is left only when no selector filters the list.
      ...(next &&
        !params.get('labelSelector') &&
        !params.get('fieldSelector') && {
          remainingItemCount:
            items.length - items.indexOf(served[served.length - 1]) - 1,
        }),
    },
    // Built-in lists carry their items without apiVersion and kind; custom ones with.
    items: served.map(o => {
      const out: Partial<Obj> = asServed(o, resource);
      if (resource.builtIn) {
        delete out.apiVersion;
        delete out.kind;
      }
      return out;
    }),
  });
}
