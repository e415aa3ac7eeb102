import { describePattern } from '../validation/describePattern';
import { lenientRegExp } from '../validation/lenientRegExp';

/**
 * The `ui:field` names the generated Templates use; the frontend plugin registers a scaffolder
 * field extension under each (in the legacy app and in the new frontend system).
 * @public
 */
export const KRATIX_FORM_FIELDS = {
  /** A text or number input that checks the value while it is typed. */
  text: 'KratixTextField',
  /** Rows of key and value for a free-form object, with a YAML mode for nested values. */
  keyValue: 'KratixKeyValueField',
  /** The last page: what Kratix's DryRun says the request would change (or why it cannot). */
  dryRunPreview: 'KratixDryRunPreview',
} as const;

/** A form field's schema, as far as these checks read it. @public */
export type ScalarSchema = Record<string, unknown>;

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** The JSON type a scalar form field holds, `null` left aside for nullable fields. @public */
export function scalarType(schema: ScalarSchema): string | undefined {
  const type = schema.type;
  if (Array.isArray(type)) return type.find(t => t !== 'null') as string;
  return typeof type === 'string' ? type : undefined;
}

/**
 * What a patterned field's value must be, never the regular expression itself (a person filling
 * in a form should not have to read one): the pattern in words where the suite has words for it
 * (`describePattern`), else a sentence from the field's title and description ("Must be a valid
 * Team id: Team that owns the database"), which are what its author wrote for people.
 * @public
 */
export function patternMessage(schema: ScalarSchema): string {
  const words =
    typeof schema.pattern === 'string'
      ? describePattern(schema.pattern)
      : undefined;
  if (words) return `Must be ${words}`;
  const title =
    typeof schema.title === 'string' && schema.title ? schema.title : 'value';
  const description =
    typeof schema.description === 'string'
      ? schema.description.trim().replace(/\.$/, '')
      : '';
  return `Must be a valid ${title}${description ? `: ${description}` : ''}`;
}

/**
 * What a form field's value must be, one sentence per constraint of its schema, keyed by the
 * JSON Schema keyword (`pattern`, `maxLength`, `minimum`, ...). The generator puts these in
 * the field's `errorMessage` (the scaffolder form's ajv-errors keyword), and the Kratix text
 * field shows the same sentence while the user types, so a problem reads alike live and after
 * Next.
 * @public
 */
export function formErrorMessages(
  schema: ScalarSchema,
): Record<string, string> {
  const out: Record<string, string> = {};
  const type = scalarType(schema);
  if (type === 'integer') out.type = 'Must be a whole number';
  if (type === 'number') out.type = 'Must be a number';
  if (typeof schema.pattern === 'string') out.pattern = patternMessage(schema);
  if (typeof schema.minLength === 'number')
    out.minLength = `Must be at least ${plural(schema.minLength, 'character')}`;
  if (typeof schema.maxLength === 'number')
    out.maxLength = `Must be no more than ${plural(
      schema.maxLength,
      'character',
    )}`;
  if (typeof schema.minimum === 'number')
    out.minimum = `Must be at least ${schema.minimum}`;
  if (typeof schema.maximum === 'number')
    out.maximum = `Must be at most ${schema.maximum}`;
  if (typeof schema.exclusiveMinimum === 'number')
    out.exclusiveMinimum = `Must be greater than ${schema.exclusiveMinimum}`;
  if (typeof schema.exclusiveMaximum === 'number')
    out.exclusiveMaximum = `Must be less than ${schema.exclusiveMaximum}`;
  if (typeof schema.multipleOf === 'number')
    out.multipleOf = `Must be a multiple of ${schema.multipleOf}`;
  if (Array.isArray(schema.enum))
    out.enum = `Must be one of ${schema.enum
      .map(v => JSON.stringify(v))
      .join(', ')}`;
  return out;
}

/** Whether a scalar field's schema has anything to check while the user types. @internal */
export function hasLiveChecks(schema: ScalarSchema): boolean {
  const type = scalarType(schema);
  if (type !== 'string' && type !== 'integer' && type !== 'number')
    return false;
  if (schema.enum) return false;
  return [
    'pattern',
    'minLength',
    'maxLength',
    'minimum',
    'maximum',
    'exclusiveMinimum',
    'exclusiveMaximum',
    'multipleOf',
  ].some(key => schema[key] !== undefined);
}

/**
 * Checks a value typed into a scalar form field against its schema, and returns what is
 * wrong in the words of `formErrorMessages` (the first problem only), or undefined when the
 * value passes or is empty (a missing required value is the form's own "required" check).
 * @public
 */
export function checkFormValue(
  schema: ScalarSchema,
  value: unknown,
): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const messages = formErrorMessages(schema);
  const type = scalarType(schema);
  if (type === 'integer' || type === 'number') {
    if (typeof value !== 'number' || !Number.isFinite(value))
      return messages.type;
    if (type === 'integer' && !Number.isInteger(value)) return messages.type;
    const n = (key: string) => schema[key] as number | undefined;
    if (n('minimum') !== undefined && value < n('minimum')!)
      return messages.minimum;
    if (n('maximum') !== undefined && value > n('maximum')!)
      return messages.maximum;
    if (n('exclusiveMinimum') !== undefined && value <= n('exclusiveMinimum')!)
      return messages.exclusiveMinimum;
    if (n('exclusiveMaximum') !== undefined && value >= n('exclusiveMaximum')!)
      return messages.exclusiveMaximum;
    const step = n('multipleOf');
    if (step !== undefined && step > 0) {
      // As ajv does: a quotient within rounding error of a whole number passes (0.3 / 0.1).
      const quotient = value / step;
      if (Math.abs(quotient - Math.round(quotient)) > 1e-8)
        return messages.multipleOf;
    }
  }
  if (typeof value === 'string') {
    // Counted in code points, as the API server and ajv count them.
    const length = [...value].length;
    if (typeof schema.minLength === 'number' && length < schema.minLength)
      return messages.minLength;
    if (typeof schema.maxLength === 'number' && length > schema.maxLength)
      return messages.maxLength;
    if (
      typeof schema.pattern === 'string' &&
      !lenientRegExp(schema.pattern, 'u').test(value)
    )
      return messages.pattern;
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value))
    return messages.enum;
  return undefined;
}
