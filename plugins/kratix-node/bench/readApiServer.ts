/*
 * The API server bench:read reads from, in its own process (so the bench process's memory is
 * only what the cache holds) and over real HTTP on 127.0.0.1. It serves list (paged with
 * `limit` and `continue`, as the Kubernetes API does), get and watch for the platform of
 * readFixtures, every object made and serialised before it listens (so a list costs
 * what sending it costs, not what making the bench's objects costs).
 *
 * Run as a child: `node --import tsx readApiServer.ts '<scale json>'`; it sends
 * `{ port }` over IPC when listening. `GET /bench/calls` answers its call counts (uncounted).
 * A list's `labelSelector` is applied here, on the server, as the Kubernetes API applies it
 * (equality, inequality, existence and set-based terms, all of them ANDed).
 */
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  destination,
  KRATIX,
  promise,
  ReadScale,
  request,
  work,
  workPlacement,
} from './readFixtures';

const scale: ReadScale = JSON.parse(process.argv[2]);
const RESOURCE_VERSION = '9000000';

/** A collection: how many items, and the JSON of item i (and its namespace and name). */
interface Collection {
  kind: string;
  apiVersion: string;
  size: number;
  /** Item i as JSON bytes (made once, so sending a page is copying bytes). */
  item(i: number): Buffer;
  namespaceOf(i: number): string | undefined;
  nameOf(i: number): string;
  labelsOf(i: number): Record<string, string> | undefined;
}

const fixed = (kind: string, apiVersion: string, objects: any[]) => {
  const json = objects.map(o => Buffer.from(JSON.stringify(o)));
  return {
    kind,
    apiVersion,
    size: objects.length,
    item: (i: number) => json[i],
    namespaceOf: (i: number) => objects[i].metadata.namespace,
    nameOf: (i: number) => objects[i].metadata.name,
    labelsOf: (i: number) => objects[i].metadata.labels,
  };
};

interface GeneratedCollection extends Collection {
  find(name: string): number | undefined;
}

/** Works or WorkPlacements, made and serialised once before the server listens. */
const generated = (
  kind: string,
  make: (i: number) => {
    metadata: {
      name: string;
      namespace?: string;
      labels?: Record<string, string>;
    };
  },
): GeneratedCollection => {
  const json: Buffer[] = new Array(scale.works);
  const names: string[] = new Array(scale.works);
  const namespaces: string[] = new Array(scale.works);
  const labels: Array<Record<string, string> | undefined> = new Array(
    scale.works,
  );
  const index = new Map<string, number>();
  for (let i = 0; i < scale.works; i++) {
    const object = make(i);
    json[i] = Buffer.from(JSON.stringify(object));
    names[i] = object.metadata.name;
    namespaces[i] = object.metadata.namespace!;
    labels[i] = object.metadata.labels;
    index.set(names[i], i);
  }
  return {
    kind,
    apiVersion: KRATIX,
    size: scale.works,
    item: i => json[i],
    namespaceOf: i => namespaces[i],
    nameOf: i => names[i],
    labelsOf: i => labels[i],
    find: name => index.get(name),
  };
};

const works = generated('Work', i => work(scale, i));
const workPlacements = generated('WorkPlacement', i => workPlacement(scale, i));

const kratix = new Map<string, Collection>([
  [
    'promises',
    fixed(
      'Promise',
      KRATIX,
      Array.from({ length: scale.promises }, (_, i) => promise(i)),
    ),
  ],
  [
    'destinations',
    fixed(
      'Destination',
      KRATIX,
      Array.from({ length: scale.destinations }, (_, i) => destination(i)),
    ),
  ],
  [
    'gitstatestores',
    fixed('GitStateStore', KRATIX, [
      {
        apiVersion: KRATIX,
        kind: 'GitStateStore',
        metadata: { name: 'default' },
        spec: {
          url: 'https://git.example.com/state.git',
          branch: 'main',
          path: 'clusters',
        },
      },
    ]),
  ],
  ['works', works],
  ['workplacements', workPlacements],
]);

/** Each Promise's requests, made once. */
const requestsByPromise: any[][] = Array.from(
  { length: scale.promises },
  () => [],
);
for (let i = 0; i < scale.requests; i++)
  requestsByPromise[i % scale.promises].push(request(scale, i));
const requestCollections = requestsByPromise.map((items, p) =>
  fixed(`Service${p}`, 'bench.kratix.io/v1', items),
);

const calls: Record<string, number> = {};
const count = (name: string) => {
  calls[name] = (calls[name] ?? 0) + 1;
};
const watches = new Set<ServerResponse>();

function notFound(res: ServerResponse, what: string) {
  res.writeHead(404, { 'Content-Type': 'application/json' }).end(
    JSON.stringify({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `${what} not found`,
      reason: 'NotFound',
      code: 404,
    }),
  );
}

/**
 * A Kubernetes label selector as a test of an object's labels: comma-separated terms, each
 * `k=v`, `k==v`, `k!=v`, `k`, `!k`, `k in (a,b)` or `k notin (a,b)`.
 */
function labelMatcher(
  selector: string | null,
): (labels: Record<string, string> | undefined) => boolean {
  if (!selector) return () => true;
  // Split on the commas between terms, not those inside a set's parentheses.
  const terms = selector.match(/[^,(]+(\([^)]*\))?/g) ?? [];
  const tests = terms.map(term => {
    const t = term.trim();
    let m = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(t);
    if (m) {
      const [, key, op, members] = m;
      const values = new Set(members.split(',').map(v => v.trim()));
      return (l: Record<string, string>) =>
        op === 'in'
          ? key in l && values.has(l[key])
          : !(key in l) || !values.has(l[key]);
    }
    m = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(t);
    if (m) {
      const [, key, op, value] = m;
      return (l: Record<string, string>) =>
        op === '!=' ? l[key] !== value : l[key] === value;
    }
    if (t.startsWith('!'))
      return (l: Record<string, string>) => !(t.slice(1) in l);
    return (l: Record<string, string>) => t in l;
  });
  return labels => tests.every(test => test(labels ?? {}));
}

/** Writes a list answer as it is made, a chunk at a time, never as one string. */
function list(
  res: ServerResponse,
  c: Collection,
  url: URL,
  namespace?: string,
) {
  const limit = Number(url.searchParams.get('limit') ?? 0);
  let from = Number(url.searchParams.get('continue') ?? 0);
  count(from === 0 ? 'LIST' : 'LIST next page');
  // The namespace filter walks the collection; the cache lists across namespaces.
  const selected = labelMatcher(url.searchParams.get('labelSelector'));
  const indices: number[] = [];
  let i = from;
  for (; i < c.size && (!limit || indices.length < limit); i++) {
    if (
      (!namespace || c.namespaceOf(i) === namespace) &&
      selected(c.labelsOf(i))
    )
      indices.push(i);
  }
  from = i;
  const more = from < c.size;
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.write(
    `{"apiVersion":${JSON.stringify(c.apiVersion)},"kind":"${
      c.kind
    }List","metadata":{"resourceVersion":"${RESOURCE_VERSION}"${
      more && limit ? `,"continue":"${from}"` : ''
    }},"items":[`,
  );
  const comma = Buffer.from(',');
  for (let k = 0; k < indices.length; k += 200) {
    const chunk: Buffer[] = [];
    for (const j of indices.slice(k, k + 200)) {
      if (chunk.length || k) chunk.push(comma);
      chunk.push(c.item(j));
    }
    res.write(Buffer.concat(chunk));
  }
  res.end(']}');
}

function handle(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (url.pathname === '/bench/calls') {
    res
      .writeHead(200, { 'Content-Type': 'application/json' })
      .end(JSON.stringify({ ...calls, openWatches: watches.size }));
    return;
  }
  const m =
    /^\/(?:api\/v1|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?$/.exec(
      url.pathname,
    );
  if (!m || req.method !== 'GET') {
    notFound(res, url.pathname);
    return;
  }
  const [, group = '', , namespace, plural, name] = m;
  if (url.searchParams.get('watch') === 'true') {
    count('WATCH');
    // Nothing changes on this platform: the stream stays open, quiet, until the client goes.
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.flushHeaders();
    watches.add(res);
    res.on('close', () => watches.delete(res));
    return;
  }
  let collection: Collection | undefined;
  if (group === KRATIX.split('/')[0]) collection = kratix.get(plural);
  else if (group === 'bench.kratix.io') {
    const p = /^service(\d+)s$/.exec(plural);
    collection = p ? requestCollections[Number(p[1])] : undefined;
  }
  if (!name) {
    // Every other collection the platform caches (jobs, bindings, ...) is empty.
    list(
      res,
      collection ?? fixed(plural, group ? `${group}/v1` : 'v1', []),
      url,
      namespace,
    );
    return;
  }
  count('GET');
  const index =
    collection === works || collection === workPlacements
      ? (collection as GeneratedCollection).find(name)
      : undefined;
  if (index === undefined || collection!.namespaceOf(index) !== namespace) {
    notFound(res, `${plural} "${name}"`);
    return;
  }
  res
    .writeHead(200, { 'Content-Type': 'application/json' })
    .end(collection!.item(index));
}

const server = createServer(handle);
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
process.on('disconnect', () => process.exit(0));
