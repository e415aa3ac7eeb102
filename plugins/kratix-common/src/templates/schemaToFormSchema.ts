import { JSONSchemaProps } from '../model';
import { describePattern } from '../validation/describePattern';

/** A JSON Schema for a scaffolder form field (react-jsonschema-form dialect). @public */
export type FormSchema = Record<string, unknown>;

const KEPT = [
  'type',
  'title',
  'description',
  'enum',
  'default',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'required',
];

/** Turns a property name into a label a person reads: `dbName` → `Db name`. @public */
export function humanise(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[-_]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Converts a CRD's structural schema into a form schema the scaffolder renders: every
 * constraint the API server checks is kept, so the form refuses what Kratix would; free-form
 * maps (`x-kubernetes-preserve-unknown-fields`, `additionalProperties`) become key/value
 * editors of strings, which always produce valid input; int-or-string becomes a string
 * with the description saying both are accepted.
 * @public
 */
export function schemaToFormSchema(
  schema: JSONSchemaProps,
  name?: string,
): FormSchema {
  const out: FormSchema = {};
  for (const key of KEPT) if (schema[key] !== undefined) out[key] = schema[key];
  // The API's own field name, as written: it is what the request document will say.
  if (name && !out.title) out.title = name;
  if (schema['x-kubernetes-int-or-string']) {
    out.type = 'string';
    out.description = [schema.description, 'A number or a string.']
      .filter(Boolean)
      .join(' ');
  }
  if (schema.nullable && typeof out.type === 'string')
    out.type = [out.type, 'null'];
  if (schema.pattern) {
    // What is allowed, in words where there are some; the pattern itself stays in the help text.
    const words = describePattern(schema.pattern);
    out.description = [
      out.description,
      words ? `Allowed: ${words}.` : `Must match the pattern below.`,
    ]
      .filter(Boolean)
      .join(' ');
    out['ui:help'] = `Pattern: ${schema.pattern}`;
  }
  const example = (schema as { example?: unknown }).example;
  if (
    example !== undefined &&
    example !== null &&
    typeof example !== 'object'
  ) {
    out['ui:placeholder'] = String(example);
  }
  const freeForm =
    schema['x-kubernetes-preserve-unknown-fields'] ||
    (schema.type === 'object' &&
      !schema.properties &&
      schema.additionalProperties !== false);
  if (schema.properties) {
    out.type = 'object';
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([key, value]) => [
        key,
        schemaToFormSchema(value, key),
      ]),
    );
  } else if (freeForm) {
    out.type = 'object';
    const values =
      schema.additionalProperties &&
      typeof schema.additionalProperties === 'object'
        ? schemaToFormSchema(schema.additionalProperties)
        : { type: 'string' };
    out.additionalProperties = values;
    out.description = [
      schema.description,
      'Add a key and a value for each entry.',
    ]
      .filter(Boolean)
      .join(' ');
  }
  if (schema.items) {
    out.type = 'array';
    out.items = schemaToFormSchema(schema.items);
  }
  if (!out.type && (schema.anyOf || schema.oneOf)) out.type = 'string';
  return out;
}
