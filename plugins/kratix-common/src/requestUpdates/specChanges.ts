import { parseAllDocuments } from 'yaml';
import { canonicalJson } from '../model/canonicalJson';

/** One property of a request's spec that an update adds, removes or changes. @public */
export interface SpecChange {
  /** Dotted path from the spec: `spec.env`, `spec.database.size`; arrays count as one value. */
  path: string;
  change: 'added' | 'removed' | 'changed';
  from?: unknown;
  to?: unknown;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The property-level difference between a request's current spec and a new one: objects
 * are compared property by property, anything else (arrays included) as a whole value, key
 * order ignored. Sorted by path.
 * @public
 */
export function diffSpecs(
  from: unknown,
  to: unknown,
  path = 'spec',
): SpecChange[] {
  if (isPlainObject(from) && isPlainObject(to)) {
    const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])];
    return keys
      .flatMap(key => {
        const child = `${path}.${key}`;
        if (!(key in to))
          return [{ path: child, change: 'removed' as const, from: from[key] }];
        if (!(key in from))
          return [{ path: child, change: 'added' as const, to: to[key] }];
        return diffSpecs(from[key], to[key], child);
      })
      .sort((a, b) => a.path.localeCompare(b.path));
  }
  if (from === undefined && to === undefined) return [];
  if (canonicalJson(from) === canonicalJson(to)) return [];
  return [{ path, change: 'changed', from, to }];
}

/**
 * The spec of the request document a write answers with (YAML, one document); undefined
 * when the text holds no such object.
 * @public
 */
export function specOfRequestDocument(
  document: string,
): Record<string, unknown> | undefined {
  const [first] = parseAllDocuments(document);
  if (!first || first.errors.length > 0) return undefined;
  const value = first.toJS() as { spec?: unknown } | null;
  if (!isPlainObject(value)) return undefined;
  return isPlainObject(value.spec) ? value.spec : {};
}
