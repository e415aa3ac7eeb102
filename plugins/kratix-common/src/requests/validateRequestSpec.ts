import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { JSONSchemaProps, KratixPromise } from '../model';
import { readPromiseApi } from '../promiseApi';
import { FieldError } from './kubernetesNames';

// Kubernetes CRD schemas carry these vendor keywords; ajv must know them, not enforce them.
const KUBERNETES_KEYWORDS = [
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-int-or-string',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-validations',
];
// OpenAPI formats Kubernetes accepts that ajv-formats does not define.
const KUBERNETES_FORMATS = ['int32', 'int64', 'float', 'double', 'byte', 'binary', 'password', 'bsonobjectid', 'isbn', 'isbn10', 'isbn13', 'creditcard', 'ssn', 'hexcolor', 'rgbcolor', 'cidr', 'mac', 'datetime'];

function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: false });
  addFormats(ajv);
  for (const keyword of KUBERNETES_KEYWORDS) ajv.addKeyword(keyword);
  for (const format of KUBERNETES_FORMATS) {
    if (!ajv.formats[format]) ajv.addFormat(format, true);
  }
  return ajv;
}

/**
 * Turns a structural CRD schema into the JSON Schema ajv checks: `nullable` becomes a
 * null-allowing type, and objects without `x-kubernetes-preserve-unknown-fields` reject
 * unknown fields (Kubernetes would silently prune them, losing what the user typed).
 */
function toJsonSchema(schema: JSONSchemaProps): Record<string, unknown> {
  const out: Record<string, unknown> = { ...schema };
  if (schema.nullable && typeof schema.type === 'string') out.type = [schema.type, 'null'];
  delete out.nullable;
  if (schema.properties) {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([k, v]) => [k, toJsonSchema(v)]),
    );
    if (!schema['x-kubernetes-preserve-unknown-fields'] && schema.additionalProperties === undefined) {
      out.additionalProperties = false;
    }
  }
  if (schema.items) out.items = toJsonSchema(schema.items);
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    out.additionalProperties = toJsonSchema(schema.additionalProperties);
  }
  for (const key of ['oneOf', 'anyOf', 'allOf'] as const) {
    if (schema[key]) out[key] = schema[key]!.map(toJsonSchema);
  }
  if (schema['x-kubernetes-int-or-string']) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  return out;
}

function fieldOf(error: ErrorObject): string {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map(p => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : `${acc}.${part}`), 'spec');
  if (error.keyword === 'required') return `${path}.${(error.params as { missingProperty: string }).missingProperty}`;
  if (error.keyword === 'additionalProperties') {
    return `${path}.${(error.params as { additionalProperty: string }).additionalProperty}`;
  }
  return path;
}

function messageOf(error: ErrorObject, field: string): string {
  switch (error.keyword) {
    case 'required':
      return `${field} is required`;
    case 'additionalProperties':
      return `${field} is not a field of this Promise's API`;
    case 'enum':
      return `${field} must be one of: ${(error.params as { allowedValues: unknown[] }).allowedValues.map(v => JSON.stringify(v)).join(', ')}`;
    default:
      return `${field} ${error.message}`;
  }
}

const cache = new Map<string, ValidateFunction>();
const CACHE_LIMIT = 500;
const ajv = createAjv();

function validatorFor(promise: KratixPromise, specSchema: JSONSchemaProps): ValidateFunction {
  const key = `${promise.metadata.name}@${promise.metadata.uid ?? ''}/${promise.metadata.resourceVersion ?? promise.metadata.generation ?? ''}/${JSON.stringify(specSchema).length}`;
  let validate = cache.get(key);
  if (!validate) {
    validate = ajv.compile(toJsonSchema(specSchema));
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, validate);
  }
  return validate;
}

/**
 * Validates a request's `spec` against the Promise API's storage-version schema, returning
 * one error per problem with the field path (`spec.size`, `spec.databases[0].name`).
 * Compiled validators are cached per Promise version.
 * @public
 */
export function validateRequestSpec(promise: KratixPromise, spec: unknown): FieldError[] {
  const api = readPromiseApi(promise);
  if (!api) {
    return [{ field: 'promise', message: `Promise ${promise.metadata.name} has no API and takes no requests` }];
  }
  if (spec !== undefined && (spec === null || typeof spec !== 'object' || Array.isArray(spec))) {
    return [{ field: 'spec', message: 'spec must be an object' }];
  }
  if (!api.specSchema) return [];
  const validate = validatorFor(promise, api.specSchema);
  if (validate(spec ?? {})) return [];
  return (validate.errors ?? []).map(error => {
    const field = fieldOf(error);
    return { field, message: messageOf(error, field) };
  });
}
