// What the embedded platform serves in the stock app (scripts/test-install.mjs): the Kratix
// API's Promises, the catalog's Templates and the scaffolder's `kratix:*` actions. Each probe
// resolves undefined when satisfied, else why not, for `poll`.
import { ACTIONS, PROMISES, PROMISES_WITH_API } from './config.mjs';
import { http } from './http.mjs';

/** GET /api/kratix/promises lists every one of PROMISES. */
export const promisesProbe = (base, token) => async () => {
  const r = await http(`${base}/api/kratix/promises`, { token });
  if (r.status !== 200) return `answered ${r.status} ${r.text.slice(0, 400)}`;
  const names = (r.json?.items ?? []).map(i => i.name);
  const missing = PROMISES.filter(p => !names.includes(p));
  if (missing.length)
    return `missing ${missing.join(', ')}; items [${names.join(
      ', ',
    )}]; errors ${JSON.stringify(r.json?.errors ?? [])}`;
  return undefined;
};

/** The catalog holds a Template for each of PROMISES_WITH_API. */
export const templatesProbe = (base, token) => async () => {
  const r = await http(
    `${base}/api/catalog/entities/by-query?filter=kind=template&limit=500`,
    { token },
  );
  if (r.status !== 200) return `answered ${r.status} ${r.text.slice(0, 400)}`;
  const items = r.json?.items ?? [];
  const has = p =>
    items.some(
      e =>
        e.metadata?.annotations?.['kratix.io/promise-name'] === p ||
        e.metadata?.name?.endsWith(`_${p}-promise-template`),
    );
  const missing = PROMISES_WITH_API.filter(p => !has(p));
  if (missing.length)
    return `no Template for ${missing.join(', ')}; Templates [${items
      .map(e => e.metadata?.name)
      .join(', ')}]`;
  return undefined;
};

/** The scaffolder lists every one of ACTIONS. */
export const actionsProbe = (base, token) => async () => {
  const r = await http(`${base}/api/scaffolder/v2/actions`, { token });
  if (r.status !== 200) return `answered ${r.status} ${r.text.slice(0, 400)}`;
  const list = Array.isArray(r.json)
    ? r.json
    : r.json?.items ?? r.json?.actions ?? [];
  const ids = list.map(a => a.id);
  const missing = ACTIONS.filter(a => !ids.includes(a));
  if (missing.length)
    return `missing ${missing.join(', ')}; kratix actions [${ids
      .filter(i => i.startsWith('kratix'))
      .join(', ')}]`;
  return undefined;
};
