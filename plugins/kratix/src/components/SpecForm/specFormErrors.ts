import {
  humanise,
  JSONSchemaProps,
  patternMessage,
  ValidationError,
} from '@kratix-backstage/plugin-kratix-common';
import type { ErrorSchema, UiSchema } from '@rjsf/utils';

type Segment = string | number;

/** `spec.databases[0]["app.kubernetes.io/name"]` → `['databases', 0, 'app.kubernetes.io/name']`. */
export function fieldSegments(field: string): Segment[] | undefined {
  if (
    field !== 'spec' &&
    !field.startsWith('spec.') &&
    !field.startsWith('spec[')
  )
    return undefined;
  const segments: Segment[] = [];
  const token =
    /\.([A-Za-z_$][A-Za-z0-9_$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  token.lastIndex = 'spec'.length;
  while (token.lastIndex < field.length) {
    const match = token.exec(field);
    if (!match) return undefined;
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(JSON.parse(match[3]) as string);
  }
  return segments;
}

/** The schema of the value at a path of the spec, as far as the Promise's API declares it. */
function schemaAt(
  root: JSONSchemaProps,
  segments: Segment[],
): JSONSchemaProps | undefined {
  let current: JSONSchemaProps | undefined = root;
  for (const segment of segments) {
    if (!current) return undefined;
    if (typeof segment === 'number') current = current.items;
    else if (current.properties?.[segment])
      current = current.properties[segment];
    else if (typeof current.additionalProperties === 'object')
      current = current.additionalProperties;
    else return undefined;
  }
  return current;
}

function valueAt(spec: unknown, segments: Segment[]): unknown {
  let current = spec;
  for (const segment of segments) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/**
 * The suite's validation errors with every pattern said in words: the validator names the
 * regular expression, which a person filling in a form should never have to read. The words
 * are those of the generated Templates' forms (`patternMessage`): the pattern's where the suite
 * has them, else the field's label and description.
 */
export function inWords(
  errors: ValidationError[],
  specSchema: JSONSchemaProps | undefined,
  spec: unknown,
): ValidationError[] {
  return errors.map(error => {
    if (error.keyword !== 'pattern') return error;
    const segments = fieldSegments(error.field) ?? [];
    const schema = specSchema && schemaAt(specSchema, segments);
    const last = segments[segments.length - 1];
    const value = valueAt(spec, segments);
    const got =
      typeof value === 'string' ? ` (got ${JSON.stringify(value)})` : '';
    // Labelled as the form labels the field (see toSpecFormSchema).
    const sentence = patternMessage({
      pattern: schema?.pattern,
      title:
        schema?.title ??
        (typeof last === 'string' ? humanise(last) : undefined),
      description: schema?.description,
    });
    return {
      ...error,
      message: `${error.field} ${sentence.replace(/^Must/, 'must')}${got}`,
    };
  });
}

const capitalised = (text: string) =>
  text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Places each error on the form field it is about, as rjsf's `extraErrors`: on the field
 * itself ("Must be at most 10"), or, inside a property the form edits as a whole (a free-form
 * object), on that property, naming the inner field. Errors no field shows (keys the API does
 * not declare, a Promise whose schema cannot be checked) are returned as `unplaced`.
 */
export function placeErrors(
  errors: ValidationError[],
  uiSchema: UiSchema,
  formSchema: { properties?: unknown; items?: unknown },
): { errorSchema: ErrorSchema; unplaced: ValidationError[] } {
  const errorSchema: Record<string, any> = {};
  const unplaced: ValidationError[] = [];
  for (const error of errors) {
    const segments = fieldSegments(error.field);
    let schema: any = formSchema;
    let ui: any = uiSchema;
    let node = errorSchema;
    let depth = 0;
    for (const segment of segments ?? []) {
      if (ui?.['ui:field']) break;
      const next =
        typeof segment === 'number'
          ? schema?.items
          : schema?.properties?.[segment];
      if (!next) break;
      schema = next;
      ui = typeof segment === 'number' ? ui?.items : ui?.[segment];
      node = node[segment] ??= {};
      depth++;
    }
    if (!segments || depth === 0) {
      unplaced.push(error);
      continue;
    }
    const whole = depth === segments.length;
    const message =
      whole && error.message.startsWith(`${error.field} `)
        ? capitalised(error.message.slice(error.field.length + 1))
        : error.message;
    (node.__errors ??= []).push(message);
  }
  return { errorSchema: errorSchema as ErrorSchema, unplaced };
}
