import { JSONSchemaProps } from '@kratix-backstage/plugin-kratix-common';

/** One field of a Promise API's `spec`, as an agent needs it to fill a request in. */
export interface SpecFieldSummary {
  /** Dotted path under `spec`: `env`, `database.size`, `plugins[]`, `users[].name`. */
  path: string;
  /** `string`, `integer`, `number`, `boolean`, `object`, `array of <type>`, `int-or-string` or `any`. */
  type: string;
  /** Required within its parent object (a nested field only when its parent is given). */
  required: boolean;
  description?: string;
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  /** The object takes keys the schema does not list (`x-kubernetes-preserve-unknown-fields` or `additionalProperties`). */
  freeForm?: boolean;
}

/** The `spec` fields of a Promise API, flattened. */
export interface SpecSchemaSummary {
  fields: SpecFieldSummary[];
  /** True when fields were left out past the depth or count limit. */
  truncated: boolean;
}

const MAX_DEPTH = 4;
const MAX_FIELDS = 80;

function typeOf(schema: JSONSchemaProps): string {
  if (schema['x-kubernetes-int-or-string']) return 'int-or-string';
  const type = Array.isArray(schema.type)
    ? schema.type.join(' or ')
    : schema.type;
  if (type === 'array')
    return `array of ${schema.items ? typeOf(schema.items) : 'any'}`;
  if (type) return type;
  if (schema.properties) return 'object';
  return 'any';
}

function isFreeForm(schema: JSONSchemaProps): boolean {
  return (
    !!schema['x-kubernetes-preserve-unknown-fields'] ||
    schema.additionalProperties === true ||
    typeof schema.additionalProperties === 'object'
  );
}

/**
 * Flattens a Promise API's `spec` schema into the fields a request fills in, with the
 * constraints the REST API validates against (enum, bounds, pattern), so an agent can build
 * a valid `spec` without reading the whole CRD. Nested objects and array items are walked to
 * a fixed depth; a cut is reported, never silent.
 */
export function summarizeSpecSchema(
  schema: JSONSchemaProps | undefined,
): SpecSchemaSummary {
  const fields: SpecFieldSummary[] = [];
  let truncated = false;
  const walk = (object: JSONSchemaProps, prefix: string, depth: number) => {
    const required = new Set(object.required ?? []);
    for (const [key, child] of Object.entries(object.properties ?? {})) {
      if (fields.length >= MAX_FIELDS) {
        truncated = true;
        return;
      }
      const path = `${prefix}${key}`;
      const field: SpecFieldSummary = {
        path,
        type: typeOf(child),
        required: required.has(key),
      };
      for (const k of [
        'description',
        'enum',
        'default',
        'minimum',
        'maximum',
        'minLength',
        'maxLength',
        'pattern',
        'format',
      ] as const) {
        if (child[k] !== undefined) (field as any)[k] = child[k];
      }
      if (isFreeForm(child)) field.freeForm = true;
      fields.push(field);
      let nested: { schema: JSONSchemaProps; path: string } | undefined;
      if (child.properties) nested = { schema: child, path: `${path}.` };
      else if (child.items?.properties)
        nested = { schema: child.items, path: `${path}[].` };
      if (nested) {
        if (depth + 1 >= MAX_DEPTH) truncated = true;
        else walk(nested.schema, nested.path, depth + 1);
      }
    }
  };
  if (schema) walk(schema, '', 0);
  return { fields, truncated };
}
