import { clone } from './model';

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: any, patch: any): any {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch))
    return patch;
  const out =
    target && typeof target === 'object' && !Array.isArray(target)
      ? { ...target }
      : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** RFC 6902 JSON patch (add, remove, replace, test). */
export function jsonPatch(
  target: any,
  ops: Array<{ op: string; path: string; value?: unknown }>,
): any {
  if (!Array.isArray(ops)) throw new Error('a JSON patch must be an array');
  const doc = clone(target);
  for (const op of ops) {
    const parts = op.path
      .split('/')
      .slice(1)
      .map(p => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = parts.pop()!;
    let parent = doc;
    for (const p of parts) {
      if (parent[p] === undefined) {
        if (op.op === 'add') parent[p] = {};
        else throw new Error(`path ${op.path} does not exist`);
      }
      parent = parent[p];
    }
    if (op.op === 'add' || op.op === 'replace') {
      if (op.op === 'replace' && !(last in parent))
        throw new Error(`path ${op.path} does not exist`);
      if (Array.isArray(parent) && last === '-') parent.push(op.value);
      else parent[last] = op.value;
    } else if (op.op === 'remove') {
      if (!(last in parent)) throw new Error(`path ${op.path} does not exist`);
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
    } else if (op.op === 'test') {
      if (JSON.stringify(parent[last]) !== JSON.stringify(op.value))
        throw new Error(`test failed at ${op.path}`);
    } else throw new Error(`unsupported op ${op.op}`);
  }
  return doc;
}
