import type { SchemaObject } from 'ajv';
import { JSONSchemaProps } from '../model';
import { KUBERNETES_CHECKED_FORMATS } from './kubernetesFormats';

// Kubernetes forbids these in CRD schemas; left in, they would make ajv resolve references.
// `nullable` is rewritten into the type below.
const DROPPED_KEYS = new Set([
  '$ref',
  '$schema',
  '$id',
  'id',
  'definitions',
  '$defs',
  'nullable',
]);
const JUNCTORS = ['allOf', 'anyOf', 'oneOf'] as const;
// The fields Kubernetes keeps on an `x-kubernetes-embedded-resource` object even when pruning.
const EMBEDDED_RESOURCE_FIELDS = {
  apiVersion: { type: 'string' },
  kind: { type: 'string' },
  metadata: { type: 'object' },
};

type Schema = Record<string, unknown>;

function isRecord(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mapValues(record: Schema, fn: (value: unknown) => Schema): Schema {
  return Object.fromEntries(
    Object.entries(record).map(([key, value]) => [key, fn(value)]),
  );
}

function isObjectSchema(node: Schema): boolean {
  return (
    node.type === 'object' ||
    (node.type === undefined && isRecord(node.properties))
  );
}

// An `anyOf` of exactly integer and string, which CRD generators write beside int-or-string.
function isIntOrStringAnyOf(anyOf: unknown): boolean {
  return (
    Array.isArray(anyOf) &&
    anyOf.every(
      branch =>
        isRecord(branch) &&
        Object.keys(branch).join() === 'type' &&
        ['integer', 'string'].includes(branch.type as string),
    )
  );
}

// OpenAPI 3.0 writes exclusive bounds as booleans beside minimum/maximum; ajv wants numbers.
function convertExclusiveBound(
  out: Schema,
  bound: 'minimum' | 'maximum',
  exclusive: 'exclusiveMinimum' | 'exclusiveMaximum',
): void {
  if (typeof out[exclusive] !== 'boolean') return;
  if (out[exclusive] === true && typeof out[bound] === 'number') {
    out[exclusive] = out[bound];
    delete out[bound];
  } else {
    delete out[exclusive];
  }
}

function allowNull(out: Schema): void {
  if (typeof out.type === 'string') out.type = [out.type, 'null'];
  else if (Array.isArray(out.type) && !out.type.includes('null'))
    out.type = [...out.type, 'null'];
  if (Array.isArray(out.enum) && !out.enum.includes(null))
    out.enum = [...out.enum, null];
}

/**
 * `closeObjects` is false inside allOf/anyOf/oneOf/not: in a structural schema only the
 * top-level properties decide what is pruned, and junctor branches merely add checks.
 */
function convert(node: unknown, closeObjects: boolean): Schema {
  if (!isRecord(node)) return {};
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    if (!DROPPED_KEYS.has(key)) out[key] = value;
  }
  const child = (value: unknown) => convert(value, closeObjects);
  if (isRecord(node.properties))
    out.properties = mapValues(node.properties, child);
  if (Array.isArray(node.items)) out.items = node.items.map(child);
  else if (isRecord(node.items)) out.items = child(node.items);
  if (isRecord(node.additionalProperties))
    out.additionalProperties = child(node.additionalProperties);
  for (const junctor of JUNCTORS) {
    if (Array.isArray(node[junctor]))
      out[junctor] = (node[junctor] as unknown[]).map(branch =>
        convert(branch, false),
      );
  }
  if (node.not !== undefined) out.not = convert(node.not, false);

  // Kubernetes ignores formats it does not know (int32, int64, float, double, …); so do we.
  if (
    typeof node.format === 'string' &&
    !KUBERNETES_CHECKED_FORMATS.has(node.format)
  )
    delete out.format;
  convertExclusiveBound(out, 'minimum', 'exclusiveMinimum');
  convertExclusiveBound(out, 'maximum', 'exclusiveMaximum');

  if (node['x-kubernetes-int-or-string'] === true) {
    out.type = ['integer', 'string'];
    // The generated anyOf only repeats the type and would double every error.
    if (isIntOrStringAnyOf(out.anyOf)) delete out.anyOf;
  }
  if (node.nullable === true) allowNull(out);

  // Kubernetes prunes fields a structural schema does not declare; the user would lose them
  // silently, so they are reported instead (see validateRequestSpec).
  const preservesUnknown =
    node['x-kubernetes-preserve-unknown-fields'] === true;
  if (
    closeObjects &&
    isObjectSchema(node) &&
    !preservesUnknown &&
    node.additionalProperties === undefined
  ) {
    out.additionalProperties = false;
    if (node['x-kubernetes-embedded-resource'] === true) {
      out.properties = {
        ...EMBEDDED_RESOURCE_FIELDS,
        ...(out.properties as Schema | undefined),
      };
    }
  }
  return out;
}

/**
 * Turns a Kubernetes structural schema (a CRD's openAPIV3Schema or part of it) into the
 * JSON Schema ajv checks with Kubernetes' meaning: `nullable` and int-or-string become type
 * unions, boolean exclusive bounds become numeric ones, unchecked formats are dropped, and
 * objects without `x-kubernetes-preserve-unknown-fields` reject undeclared fields.
 * @internal
 */
export function toAjvSchema(schema: JSONSchemaProps): SchemaObject {
  return convert(schema, true);
}
