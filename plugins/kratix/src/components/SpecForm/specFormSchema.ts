import {
  describePattern,
  FORM_KEYWORDS_CHECKED_ELSEWHERE,
  FORM_SCHEMA_KEYWORDS,
  humanise,
  JSONSchemaProps,
} from '@kratix-backstage/plugin-kratix-common';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';

/** The custom fields the spec form registers (see `SpecForm`). */
export const SPEC_FORM_FIELDS = {
  /** A free-form object, edited as YAML. */
  yamlObject: 'kratixYamlObject',
  /** A value that is a number or a string (int-or-string, or an untyped property). */
  looseValue: 'kratixLooseValue',
} as const;

/** A form for a Promise API's spec schema: what rjsf renders, and how. */
export interface SpecFormSchema {
  schema: RJSFSchema;
  uiSchema: UiSchema;
}

// The template's keywords but pattern and format: the dialog checks those with the suite's
// validator and says in words what they allow.
const KEPT = FORM_SCHEMA_KEYWORDS.filter(
  key => !FORM_KEYWORDS_CHECKED_ELSEWHERE.includes(key),
);

/** Whether a property is an object of any keys, which the form edits as YAML. */
export function isFreeFormObject(schema: JSONSchemaProps): boolean {
  if (schema.properties) return false;
  return Boolean(
    schema['x-kubernetes-preserve-unknown-fields'] ||
      (schema.type === 'object' && schema.additionalProperties !== false),
  );
}

const sentence = (...parts: Array<string | undefined>) =>
  parts.filter(Boolean).join(' ') || undefined;

/**
 * Converts a Promise API's structural spec schema into the schema and ui schema of the
 * request's edit form. Labels are the schema's title, else the property name in words;
 * descriptions, enums, required marks, bounds and defaults are kept so rjsf shows them.
 * Patterns and formats are left out of the form's schema: the dialog checks the spec with
 * the suite's own validator (the one Kratix's API server agrees with) and says in words what
 * a pattern allows. Free-form objects and int-or-string values get fields of their own.
 */
export function toSpecFormSchema(
  source: JSONSchemaProps,
  name?: string,
): SpecFormSchema {
  const schema: Record<string, unknown> = {};
  const uiSchema: UiSchema = {};
  for (const key of KEPT)
    if (source[key] !== undefined) schema[key] = source[key];
  if (name !== undefined)
    schema.title =
      typeof source.title === 'string' ? source.title : humanise(name);

  // CRDs are OpenAPI v3.0: `exclusiveMinimum: true` beside `minimum`; rjsf reads draft 7 bounds.
  for (const [exclusive, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof schema[exclusive] !== 'boolean') continue;
    if (schema[exclusive] && typeof schema[bound] === 'number') {
      schema[exclusive] = schema[bound];
      delete schema[bound];
    } else delete schema[exclusive];
  }
  // An enum without a type gets the type of its values, so rjsf renders a select of them.
  if (!schema.type && Array.isArray(source.enum) && source.enum.length) {
    const types = new Set(source.enum.map(v => typeof v));
    const [only] = [...types];
    if (types.size === 1 && ['string', 'number', 'boolean'].includes(only))
      schema.type = only;
  }
  if (source.pattern) {
    const words = describePattern(source.pattern);
    schema.description = sentence(
      source.description,
      words ? `Allowed: ${words}.` : undefined,
    );
  }
  // Defaults are shown, not written: the API server applies them, and the form must not put
  // values in the spec the user did not choose (see SpecForm's default-state behaviour).
  if (source.default !== undefined && typeof source.default !== 'object')
    schema.description = sentence(
      schema.description as string | undefined,
      `Default: ${String(source.default)}.`,
    );

  if (source.properties) {
    schema.type = 'object';
    const properties: Record<string, RJSFSchema> = {};
    for (const [key, value] of Object.entries(source.properties)) {
      const child = toSpecFormSchema(value, key);
      properties[key] = child.schema;
      if (Object.keys(child.uiSchema).length) uiSchema[key] = child.uiSchema;
    }
    schema.properties = properties;
  } else if (isFreeFormObject(source)) {
    schema.type = 'object';
    uiSchema['ui:field'] = SPEC_FORM_FIELDS.yamlObject;
  } else if (source.items) {
    schema.type = 'array';
    const items = toSpecFormSchema(source.items);
    schema.items = items.schema;
    if (Object.keys(items.uiSchema).length) uiSchema.items = items.uiSchema;
  } else if (source['x-kubernetes-int-or-string']) {
    schema.type = ['integer', 'string'];
    schema.description = sentence(
      schema.description as string | undefined,
      'A number or a string.',
    );
    uiSchema['ui:field'] = SPEC_FORM_FIELDS.looseValue;
  } else if (!schema.type) {
    // anyOf/oneOf or no type at all: the form reads the text as a number, true/false or text.
    uiSchema['ui:field'] = SPEC_FORM_FIELDS.looseValue;
  } else if (source.nullable && typeof schema.type === 'string') {
    schema.type = [schema.type, 'null'];
  }
  return { schema: schema as RJSFSchema, uiSchema };
}
