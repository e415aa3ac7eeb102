import { HttpResponse } from 'msw';
import { groupVersion, Served } from './model';
import { NOT_FOUND_PAGE } from './responses';

const ALL_VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

/** Kubernetes' version priority: GA over beta over alpha, higher numbers first. */
function versionPriority(version: string): number[] {
  const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(version);
  if (!m) return [0, 0, 0];
  const stage = ({ alpha: 1, beta: 2 } as Record<string, number>)[m[2]] ?? 3;
  return [stage, Number(m[1]), Number(m[3] ?? 0)];
}
const byVersionPriority = (a: string, b: string) => {
  const [pa, pb] = [versionPriority(a), versionPriority(b)];
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pb[i] - pa[i];
  return a.localeCompare(b);
};

/** Paths anyone may read, as system:public-info-viewer allows them. */
export const PUBLIC_INFO_PATHS = ['/version', '/healthz', '/livez', '/readyz'];

/** The answer to a GET of a public-info path. */
export function publicInfo(path: string): Response {
  if (path !== '/version') return new HttpResponse('ok');
  return HttpResponse.json({
    major: '1',
    minor: '31',
    gitVersion: 'v1.31.0',
    platform: 'linux/amd64',
  });
}

/** `/api`, `/api/<v>`, `/apis`, `/apis/<g>` and `/apis/<g>/<v>`. */
export const isDiscoveryPath = (path: string) =>
  path === '/api' ||
  path === '/apis' ||
  /^\/api\/[^/]+$/.test(path) ||
  /^\/apis\/[^/]+(\/[^/]+)?$/.test(path);

/** Discovery documents, from the resources served right now. */
export function discovery(
  path: string,
  method: string,
  served: Served[],
  baseUrl: string,
): Response {
  const versionsOf = (group: string) =>
    [
      ...new Set(served.filter(r => r.group === group).map(r => r.version)),
    ].sort(byVersionPriority);
  const groupDoc = (group: string) => {
    const versions = versionsOf(group).map(v => ({
      groupVersion: `${group}/${v}`,
      version: v,
    }));
    return { name: group, versions, preferredVersion: versions[0] };
  };
  const resourceList = (group: string, version: string) => ({
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupVersion({ group, version }),
    resources: served
      .filter(r => r.group === group && r.version === version)
      .sort((a, b) => a.plural.localeCompare(b.plural))
      .flatMap(r => [
        {
          name: r.plural,
          singularName: r.singular ?? r.kind.toLowerCase(),
          namespaced: r.namespaced,
          kind: r.kind,
          verbs: ALL_VERBS,
          ...(r.shortNames?.length && { shortNames: r.shortNames }),
        },
        ...r.subresources.map(sub => ({
          name: `${r.plural}/${sub}`,
          singularName: '',
          namespaced: r.namespaced,
          kind: r.kind,
          verbs: sub === 'log' ? ['get'] : ['get', 'patch', 'update'],
        })),
      ]),
  });
  if (method !== 'GET') return NOT_FOUND_PAGE();
  if (path === '/api') {
    return HttpResponse.json({
      kind: 'APIVersions',
      versions: versionsOf(''),
      serverAddressByClientCIDRs: [
        { clientCIDR: '0.0.0.0/0', serverAddress: new URL(baseUrl).host },
      ],
    });
  }
  if (path === '/apis') {
    const groups = [
      ...new Set(served.map(r => r.group).filter(Boolean)),
    ].sort();
    return HttpResponse.json({
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: groups.map(groupDoc),
    });
  }
  const core = /^\/api\/([^/]+)$/.exec(path);
  if (core) {
    if (!versionsOf('').includes(core[1])) return NOT_FOUND_PAGE();
    return HttpResponse.json(resourceList('', core[1]));
  }
  const [, group, version] = /^\/apis\/([^/]+)(?:\/([^/]+))?$/.exec(path)!;
  const versions = versionsOf(group);
  if (!versions.length) return NOT_FOUND_PAGE();
  if (!version)
    return HttpResponse.json({
      kind: 'APIGroup',
      apiVersion: 'v1',
      ...groupDoc(group),
    });
  if (!versions.includes(version)) return NOT_FOUND_PAGE();
  return HttpResponse.json(resourceList(group, version));
}
