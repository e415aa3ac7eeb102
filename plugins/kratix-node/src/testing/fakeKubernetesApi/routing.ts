import { FakeRequestAttributes } from './auth';

/** What a resource URL names. */
export interface Route {
  group: string;
  version: string;
  namespace?: string;
  plural: string;
  name?: string;
  sub?: string;
}

/** `/api/<v>/...` and `/apis/<g>/<v>/...` into group, version, namespace, plural, name, sub. */
export function parseRoute(path: string): Route | undefined {
  let m = /^\/api\/([^/]+)(\/.*)?$/.exec(path);
  let group = '';
  let version: string;
  let rest: string;
  if (m) {
    version = m[1];
    rest = m[2] ?? '';
  } else {
    m = /^\/apis\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path);
    if (!m) return undefined;
    group = m[1];
    version = m[2];
    rest = m[3] ?? '';
  }
  let parts = rest.split('/').filter(Boolean).map(decodeURIComponent);
  let namespace: string | undefined;
  if (
    parts[0] === 'namespaces' &&
    parts.length >= 3 &&
    !['status', 'finalize'].includes(parts[2])
  ) {
    namespace = parts[1];
    parts = parts.slice(2);
  }
  if (parts.length === 0 || parts.length > 3) return undefined;
  const [plural, name, sub] = parts;
  return { group, version, namespace, plural, name, sub };
}

/** The RBAC verb of a request to a route. */
export function verbOf(
  method: string,
  route: Route,
  params: URLSearchParams,
): string {
  const collectionRead = params.get('watch') === 'true' ? 'watch' : 'list';
  return (
    (
      {
        GET: route.name ? 'get' : collectionRead,
        POST: 'create',
        PUT: 'update',
        PATCH: 'patch',
        DELETE: route.name ? 'delete' : 'deletecollection',
      } as Record<string, string>
    )[method] ?? method.toLowerCase()
  );
}

/** What a request asks the authorizer, but the user. */
export function requestAttributes(
  route: Route,
  verb: string,
): Omit<FakeRequestAttributes, 'user'> {
  return {
    verb,
    group: route.group,
    resource: route.plural,
    subresource: route.sub,
    // For namespaces themselves, RBAC sees the namespace's own name as the namespace.
    namespace:
      route.plural === 'namespaces' && !route.group
        ? route.name
        : route.namespace,
    name: route.name,
  };
}

/** The name a served call is counted under (`FakeKubernetesApi.calls`). */
export function callName(verb: string, route: Route, method: string): string {
  return (
    (
      {
        list: 'LIST',
        watch: 'WATCH',
        get: route.sub === 'log' ? 'GET log' : 'GET',
        create: 'CREATE',
        update: 'REPLACE',
        patch: 'PATCH',
        delete: 'DELETE',
        deletecollection: 'DELETECOLLECTION',
      } as Record<string, string>
    )[verb] ?? method
  );
}
