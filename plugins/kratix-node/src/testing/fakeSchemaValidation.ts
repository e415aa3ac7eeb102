/**
 * The API server's validation of a custom resource against its CRD's structural schema, as
 * far as the fake needs it: required properties, types and enums, with Kubernetes' field
 * paths, reasons and messages (k8s.io/apiextensions-apiserver validation, as the real server
 * answers them; compared in packages/backend/src/kratix/fake.scenario.test.ts).
 */

/** One field error, formatted as Kubernetes' field.Error. */
export interface SchemaFieldError {
  field: string;
  reason:
    | 'FieldValueRequired'
    | 'FieldValueTypeInvalid'
    | 'FieldValueNotSupported';
  message: string;
}

interface Schema {
  type?: string;
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number')
    return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(expected: string, value: unknown): boolean {
  const actual = typeOf(value);
  return actual === expected || (expected === 'number' && actual === 'integer');
}

function validate(
  value: unknown,
  schema: Schema,
  path: string,
  errors: SchemaFieldError[],
): void {
  if (schema['x-kubernetes-int-or-string']) return;
  if (schema.type && value !== undefined && !typeMatches(schema.type, value)) {
    errors.push({
      field: path,
      reason: 'FieldValueTypeInvalid',
      message: `Invalid value: "${typeOf(
        value,
      )}": ${path} in body must be of type ${schema.type}: "${typeOf(value)}"`,
    });
    return;
  }
  if (schema.enum && !schema.enum.some(e => e === value)) {
    errors.push({
      field: path,
      reason: 'FieldValueNotSupported',
      message: `Unsupported value: ${JSON.stringify(
        value,
      )}: supported values: ${schema.enum
        .map(e => JSON.stringify(e))
        .join(', ')}`,
    });
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    for (const name of schema.required ?? []) {
      if (object[name] === undefined)
        errors.push({
          field: `${path}.${name}`,
          reason: 'FieldValueRequired',
          message: 'Required value',
        });
    }
    for (const [name, child] of Object.entries(schema.properties ?? {})) {
      if (object[name] !== undefined)
        validate(object[name], child, `${path}.${name}`, errors);
    }
  }
  if (Array.isArray(value) && schema.items) {
    value.forEach((item, i) =>
      validate(item, schema.items!, `${path}[${i}]`, errors),
    );
  }
}

/**
 * Errors of a custom resource against the schema of its version, in the order the API server
 * lists them; `metadata`, `apiVersion` and `kind` are the server's own business.
 */
export function customResourceSchemaErrors(
  object: Record<string, unknown>,
  schema: unknown,
): SchemaFieldError[] {
  const root = (schema ?? {}) as Schema;
  const errors: SchemaFieldError[] = [];
  for (const name of root.required ?? []) {
    if (['metadata', 'apiVersion', 'kind'].includes(name)) continue;
    if (object[name] === undefined)
      errors.push({
        field: name,
        reason: 'FieldValueRequired',
        message: 'Required value',
      });
  }
  for (const [name, child] of Object.entries(root.properties ?? {})) {
    if (['metadata', 'apiVersion', 'kind'].includes(name)) continue;
    if (object[name] !== undefined) validate(object[name], child, name, errors);
  }
  return errors;
}
