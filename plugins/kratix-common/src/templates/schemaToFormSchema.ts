import { JSONSchemaProps } from '../model';
import { describePattern } from '../validation/describePattern';
import {
  formErrorMessages,
  hasLiveChecks,
  KRATIX_FORM_FIELDS,
} from './formValueErrors';

/** A JSON Schema for a scaffolder form field (react-jsonschema-form dialect). @public */
export type FormSchema = Record<string, unknown>;

/**
 * The JSON Schema keywords a form field keeps from a Promise API's property: what a person
 * fills in and what the form checks as they type. (A form that validates with the suite's
 * own validator leaves out `pattern` and `format`; see `FORM_KEYWORDS_CHECKED_ELSEWHERE`.)
 * @public
 */
export const FORM_SCHEMA_KEYWORDS: readonly string[] = [
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

/** Keywords a form leaves to the suite's validator, which says in words what they allow. @public */
export const FORM_KEYWORDS_CHECKED_ELSEWHERE: readonly string[] = [
  'pattern',
  'format',
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
 * constraint the API server checks is kept, so the form refuses what Kratix would, and each
 * carries its sentence in `errorMessage` (ajv-errors, which the scaffolder form loads);
 * constrained text and number fields use the `KratixTextField` field, which says what is
 * wrong while the user types; free-form objects (`x-kubernetes-preserve-unknown-fields`,
 * `additionalProperties` without `properties`) use the `KratixKeyValueField` editor, whose
 * value is an object; int-or-string becomes a string with the description saying both are
 * accepted; defaults (enum defaults included) are kept, so the form starts on them.
 * @public
 */
export function schemaToFormSchema(
  schema: JSONSchemaProps,
  name?: string,
): FormSchema {
  const out: FormSchema = {};
  for (const key of FORM_SCHEMA_KEYWORDS)
    if (schema[key] !== undefined) out[key] = schema[key];
  // OpenAPI v3.0 (what CRDs use) says `exclusiveMinimum: true` beside `minimum`; the form's
  // JSON Schema draft 7 wants the bound itself, and refuses to compile a boolean there.
  for (const [exclusive, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof out[exclusive] !== 'boolean') continue;
    if (out[exclusive] && typeof out[bound] === 'number') {
      out[exclusive] = out[bound];
      delete out[bound];
    } else delete out[exclusive];
  }
  // An enum without a type (allowed in int-or-string and loose schemas) gets the type of its
  // values, so the form renders a select of them.
  if (
    !out.type &&
    Array.isArray(schema.enum) &&
    schema.enum.length &&
    !schema['x-kubernetes-int-or-string']
  ) {
    const types = new Set(schema.enum.map(v => typeof v));
    if (
      types.size === 1 &&
      ['string', 'number', 'boolean'].includes([...types][0])
    )
      out.type = [...types][0];
  }
  // A label a person reads: the schema's title, else the property's name in words ("Team id"
  // for `teamId`); the request document keeps the name as written.
  if (name && !out.title) out.title = humanise(name);
  if (schema['x-kubernetes-int-or-string']) {
    out.type = 'string';
    out.description = [schema.description, 'A number or a string.']
      .filter(Boolean)
      .join(' ');
  }
  if (schema.nullable && typeof out.type === 'string')
    out.type = [out.type, 'null'];
  if (schema.pattern) {
    // What is allowed, in words where the suite has some; never the expression itself, here or
    // in the error (see patternMessage), which the field's own description stands in for.
    const words = describePattern(schema.pattern);
    if (words)
      out.description = [out.description, `Allowed: ${words}.`]
        .filter(Boolean)
        .join(' ');
    // A pattern JavaScript cannot compile (Go's RE2 accepts some it does not) would stop the
    // whole form page from validating; the API server still checks it.
    if (!compiles(schema.pattern)) delete out.pattern;
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
    // The editor's value is an object; a typed map (`additionalProperties: {type: string}`)
    // keeps its value schema, so the editor reads values as that type and the form checks them.
    if (
      schema.additionalProperties &&
      typeof schema.additionalProperties === 'object'
    )
      out.additionalProperties = schemaToFormSchema(
        schema.additionalProperties,
      );
    out['ui:field'] = KRATIX_FORM_FIELDS.keyValue;
    // The editor hands the form its text when it cannot be read as an object (invalid YAML,
    // a key given twice), so that Next stops here; the editor itself shows the details.
    out.errorMessage = {
      type: 'Must be keys and values: correct the entries marked above',
    };
  }
  if (schema.items) {
    out.type = 'array';
    out.items = schemaToFormSchema(schema.items);
  }
  if (!out.type && (schema.anyOf || schema.oneOf)) out.type = 'string';
  if (!out.properties && !out.items && !freeForm) {
    const messages = formErrorMessages(out);
    // A bare type needs no words of its own: the widget for it takes only that type.
    if (Object.keys(messages).some(keyword => keyword !== 'type'))
      out.errorMessage = messages;
    // The scaffolder validates only on Next (a form-wide `liveValidate` is an app setting,
    // not one a template can carry); this field checks as the user types.
    if (hasLiveChecks(out)) out['ui:field'] = KRATIX_FORM_FIELDS.text;
  }
  return out;
}

function compiles(pattern: string): boolean {
  try {
    return Boolean(new RegExp(pattern, 'u'));
  } catch {
    return false;
  }
}
