import { extractPromiseApi } from '../api/promiseApi';
import { JSONSchemaProps, KratixPromise } from '../model/Promise';

/** One property-level change between two API schemas. @public */
export interface SchemaPropertyChange {
  /** Dotted path from the schema's root, `[]` for array items: `spec.replicas`, `spec.users[].name`. */
  path: string;
  change: 'added' | 'removed' | 'changed';
  fromType?: string;
  toType?: string;
  /** What changed on a property present on both sides (type, required, enum, default, ...). */
  details?: string[];
}

/** The storage version's schema of a Promise spec's API (spec.api or legacy xaasCrd). @public */
export function apiSchemaOf(
  spec: KratixPromise['spec'] | undefined,
): JSONSchemaProps | undefined {
  if (!spec) return undefined;
  return extractPromiseApi({
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'Promise',
    metadata: { name: '' },
    spec,
  } as KratixPromise)?.schema;
}

const typeOf = (s: JSONSchemaProps): string => {
  if (s['x-kubernetes-int-or-string']) return 'int-or-string';
  if (s.type === 'array' && s.items) return `array<${typeOf(s.items)}>`;
  return String(s.type ?? (s.properties ? 'object' : 'any'));
};

const COMPARED = [
  'enum',
  'default',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'nullable',
] as const;

function children(
  s: JSONSchemaProps,
  path: string,
): Map<string, { schema: JSONSchemaProps; required: boolean }> {
  const out = new Map<string, { schema: JSONSchemaProps; required: boolean }>();
  for (const [name, child] of Object.entries(s.properties ?? {}))
    out.set(path ? `${path}.${name}` : name, {
      schema: child,
      required: (s.required ?? []).includes(name),
    });
  if (s.items) out.set(`${path}[]`, { schema: s.items, required: false });
  if (s.additionalProperties && typeof s.additionalProperties === 'object')
    out.set(`${path}.*`, {
      schema: s.additionalProperties,
      required: false,
    });
  return out;
}

/**
 * The property-level difference of two API schemas (openAPIV3Schema): properties added,
 * removed, or changed in type, in being required, or in a constraint, each by its path.
 * A removed or added object is one change; its own properties are not listed again.
 * @public
 */
export function diffApiSchemas(
  from: JSONSchemaProps | undefined,
  to: JSONSchemaProps | undefined,
): SchemaPropertyChange[] {
  const changes: SchemaPropertyChange[] = [];
  const walk = (a: JSONSchemaProps, b: JSONSchemaProps, path: string) => {
    const before = children(a, path);
    const after = children(b, path);
    for (const [p, { schema, required }] of before) {
      const other = after.get(p);
      if (!other) {
        changes.push({
          path: p,
          change: 'removed',
          fromType: typeOf(schema),
          ...(required && { details: ['was required'] }),
        });
        continue;
      }
      const details: string[] = [];
      if (typeOf(schema) !== typeOf(other.schema)) details.push('type');
      if (required !== other.required)
        details.push(other.required ? 'now required' : 'no longer required');
      for (const key of COMPARED)
        if (JSON.stringify(schema[key]) !== JSON.stringify(other.schema[key]))
          details.push(key);
      if (details.length)
        changes.push({
          path: p,
          change: 'changed',
          fromType: typeOf(schema),
          toType: typeOf(other.schema),
          details,
        });
      walk(schema, other.schema, p);
    }
    for (const [p, { schema, required }] of after)
      if (!before.has(p))
        changes.push({
          path: p,
          change: 'added',
          toType: typeOf(schema),
          ...(required && { details: ['required'] }),
        });
  };
  walk(from ?? {}, to ?? {}, '');
  return changes.sort((x, y) => x.path.localeCompare(y.path));
}
