import { PromiseApi, PromiseApiVersion } from '../api/promiseApi';
import { KratixPromise } from '../model';
import { quoteValue } from './fieldPath';
import { toValidationErrors } from './schemaErrors';
import { compiledSpecSchemaFor } from './specValidatorCache';
import { ValidationError } from './validationResult';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Errors in `spec` against one version of a Promise API. Policy on fields the schema does
 * not declare: Kubernetes would silently prune them (unless `x-kubernetes-preserve-unknown-fields`
 * is set), losing what the user typed, so each one is reported as an `additionalProperties`
 * error. CEL rules (`x-kubernetes-validations`) are left to the API server.
 * @internal
 */
export function specErrorsFor(
  promise: KratixPromise,
  api: PromiseApi,
  version: PromiseApiVersion,
  spec: unknown,
): ValidationError[] {
  const rootSchema = version.schema;
  if (!rootSchema) return []; // No schema: the API server accepts anything, and so do we.
  if (spec === undefined) {
    if (rootSchema.required?.includes('spec')) {
      return [
        { field: 'spec', message: 'spec is required', keyword: 'required' },
      ];
    }
    // A missing spec is checked as an empty one, so its own required fields are still reported.
    return specErrorsFor(promise, api, version, {});
  }
  if (!isPlainObject(spec)) {
    return [
      {
        field: 'spec',
        message: `spec must be an object (got ${quoteValue(spec)})`,
        keyword: 'type',
      },
    ];
  }
  const specSchema = rootSchema.properties?.spec;
  if (!specSchema) {
    const dropped =
      rootSchema['x-kubernetes-preserve-unknown-fields'] !== true &&
      Object.keys(spec).length > 0;
    return dropped
      ? [
          {
            field: 'spec',
            message:
              "spec is not part of this Promise's API (Kubernetes would silently drop it)",
            keyword: 'additionalProperties',
          },
        ]
      : [];
  }
  const compiled = compiledSpecSchemaFor(
    promise,
    `${api.group}/${version.name}`,
    specSchema,
  );
  if ('compileError' in compiled) {
    return [
      {
        field: 'promise',
        message: `Promise "${promise.metadata?.name}" has a spec schema that cannot be checked: ${compiled.compileError}`,
        keyword: 'schema',
      },
    ];
  }
  return compiled.validate(spec)
    ? []
    : toValidationErrors(compiled.validate.errors, 'spec', spec);
}
