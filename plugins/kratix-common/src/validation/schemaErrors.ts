import type { ErrorObject } from 'ajv';
import { describePattern } from './describePattern';
import { appendFieldPath, quoteValue } from './fieldPath';
import { ValidationError } from './validationResult';

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean',
  array: 'an array',
  object: 'an object',
  null: 'null',
};

function describeTypes(type: unknown): string {
  const types = Array.isArray(type) ? type : String(type).split(',');
  return types.map(t => TYPE_NAMES[t] ?? t).join(' or ');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

// Counts code points, as both ajv and Kubernetes do for minLength/maxLength.
function sizeOf(value: unknown): number | undefined {
  if (typeof value === 'string') return [...value].length;
  if (Array.isArray(value)) return value.length;
  if (typeof value === 'object' && value !== null)
    return Object.keys(value).length;
  return undefined;
}

/** Turns ajv's `/databases/0/name` into `spec.databases[0].name`, using the data to tell indexes from keys. */
function fieldOf(root: string, instancePath: string, data: unknown): string {
  let field = root;
  let current: unknown = data;
  for (const raw of instancePath.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      field = appendFieldPath(field, Number(segment));
      current = current[Number(segment)];
    } else {
      field = appendFieldPath(field, segment);
      current =
        typeof current === 'object' && current !== null
          ? (current as Record<string, unknown>)[segment]
          : undefined;
    }
  }
  return field;
}

function messageOf(error: ErrorObject, field: string): string {
  const params = error.params as Record<string, any>;
  const got =
    error.data === undefined ? '' : ` (got ${quoteValue(error.data)})`;
  const size = sizeOf(error.data);
  const has = (noun: string) =>
    size === undefined ? '' : ` (it has ${plural(size, noun)})`;
  switch (error.keyword) {
    case 'required':
      return `${field} is required`;
    case 'additionalProperties':
      return `${field} is not a field of this Promise's API (Kubernetes would silently drop it)`;
    case 'type':
      return `${field} must be ${describeTypes(params.type)}${got}`;
    case 'enum':
      return `${field} must be one of ${(params.allowedValues as unknown[])
        .map(v => quoteValue(v))
        .join(', ')}${got}`;
    case 'const':
      return `${field} must be ${quoteValue(params.allowedValue)}${got}`;
    case 'pattern': {
      const words = describePattern(String(params.pattern));
      return words
        ? `${field} must be ${words} (pattern ${params.pattern})${got}`
        : `${field} must match the pattern ${params.pattern}${got}`;
    }
    case 'format':
      return `${field} must be a valid ${params.format}${got}`;
    case 'minimum':
      return `${field} must be at least ${params.limit}${got}`;
    case 'maximum':
      return `${field} must be at most ${params.limit}${got}`;
    case 'exclusiveMinimum':
      return `${field} must be greater than ${params.limit}${got}`;
    case 'exclusiveMaximum':
      return `${field} must be less than ${params.limit}${got}`;
    case 'multipleOf':
      return `${field} must be a multiple of ${params.multipleOf}${got}`;
    case 'minLength':
      return `${field} must be at least ${plural(
        params.limit,
        'character',
      )} long${has('character')}`;
    case 'maxLength':
      return `${field} must be no more than ${plural(
        params.limit,
        'character',
      )}${has('character')}`;
    case 'minItems':
      return `${field} must have at least ${plural(params.limit, 'item')}${has(
        'item',
      )}`;
    case 'maxItems':
      return `${field} must have no more than ${plural(
        params.limit,
        'item',
      )}${has('item')}`;
    case 'minProperties':
      return `${field} must have at least ${plural(params.limit, 'field')}${has(
        'field',
      )}`;
    case 'maxProperties':
      return `${field} must have no more than ${plural(
        params.limit,
        'field',
      )}${has('field')}`;
    case 'uniqueItems':
      return `${field} must not contain duplicates (items ${params.j} and ${params.i} are equal)`;
    case 'anyOf':
      return `${field} does not match any of the allowed forms${got}`;
    case 'oneOf':
      return `${field} must match exactly one of the allowed forms${got}`;
    case 'not':
      return `${field} has a form that is not allowed${got}`;
    default:
      return `${field} ${error.message ?? `fails the ${error.keyword} rule`}`;
  }
}

function fieldOfError(error: ErrorObject, root: string, data: unknown): string {
  const parent = fieldOf(root, error.instancePath, data);
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required')
    return appendFieldPath(parent, String(params.missingProperty));
  if (error.keyword === 'additionalProperties')
    return appendFieldPath(parent, String(params.additionalProperty));
  return parent;
}

/**
 * A failed anyOf/oneOf also reports why each branch failed; those reasons contradict one
 * another ("must be a string", "must be an integer") and only the summary helps a user.
 */
function withoutBranchErrors(errors: ErrorObject[]): ErrorObject[] {
  const junctions = errors
    .filter(e => e.keyword === 'anyOf' || e.keyword === 'oneOf')
    .map(e => `${e.schemaPath}/`);
  return errors.filter(
    e => !junctions.some(prefix => e.schemaPath.startsWith(prefix)),
  );
}

/**
 * Turns ajv errors into field-level errors whose paths start at `root` (`spec.size`,
 * `spec.databases[0].name`) and whose messages name the field and the broken rule.
 * @internal
 */
export function toValidationErrors(
  errors: ErrorObject[] | null | undefined,
  root: string,
  data: unknown,
): ValidationError[] {
  return withoutBranchErrors(errors ?? []).map(error => {
    const field = fieldOfError(error, root, data);
    return { field, message: messageOf(error, field), keyword: error.keyword };
  });
}
