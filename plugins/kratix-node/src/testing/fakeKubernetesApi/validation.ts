import { SchemaFieldError } from '../fakeSchemaValidation';
import { groupVersion, Obj, Served } from './model';
import { status } from './responses';

// Kubernetes' own validation messages (k8s.io/apimachinery/pkg/util/validation).
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1123_LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

/** One field error, formatted as Kubernetes' field.Error. */
export interface FieldError {
  field: string;
  reason:
    | 'FieldValueInvalid'
    | 'FieldValueRequired'
    | 'FieldValueForbidden'
    | SchemaFieldError['reason'];
  message: string;
}

export const invalid = (
  field: string,
  value: unknown,
  detail: string,
): FieldError => ({
  field,
  reason: 'FieldValueInvalid',
  message: `Invalid value: ${JSON.stringify(value)}: ${detail}`,
});

export const required = (field: string, detail?: string): FieldError => ({
  field,
  reason: 'FieldValueRequired',
  message: detail ? `Required value: ${detail}` : 'Required value',
});

function qualifiedNameErrors(value: string): string[] {
  const parts = value.split('/');
  let name = value;
  const errors: string[] = [];
  if (parts.length === 2) {
    const [prefix] = parts;
    name = parts[1];
    if (!prefix) errors.push('prefix part must be non-empty');
    else if (prefix.length > 253)
      errors.push('prefix part must be no more than 253 characters');
    else if (!DNS1123_SUBDOMAIN.test(prefix))
      errors.push(`prefix part ${DNS1123_SUBDOMAIN_MSG}`);
  } else if (parts.length > 2) {
    return [
      `a qualified name ${QUALIFIED_NAME_MSG} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (!name) errors.push('name part must be non-empty');
  else if (name.length > 63)
    errors.push('name part must be no more than 63 characters');
  else if (!QUALIFIED_NAME.test(name))
    errors.push(`name part ${QUALIFIED_NAME_MSG}`);
  return errors;
}

/** The object's name, labels and annotations, checked as the API server checks them. */
export function metadataErrors(object: Obj, resource: Served): FieldError[] {
  const errors: FieldError[] = [];
  const { name, labels, annotations } = object.metadata;
  if (!name) {
    errors.push(required('metadata.name', 'name or generateName is required'));
  } else if (resource.plural === 'namespaces' && !resource.group) {
    if (name.length > 63)
      errors.push(
        invalid('metadata.name', name, 'must be no more than 63 characters'),
      );
    else if (!DNS1123_LABEL.test(name))
      errors.push(invalid('metadata.name', name, DNS1123_LABEL_MSG));
  } else if (name.length > 253) {
    errors.push(
      invalid('metadata.name', name, 'must be no more than 253 characters'),
    );
  } else if (!DNS1123_SUBDOMAIN.test(name)) {
    errors.push(invalid('metadata.name', name, DNS1123_SUBDOMAIN_MSG));
  }
  for (const [key, value] of Object.entries(labels ?? {})) {
    for (const e of qualifiedNameErrors(key))
      errors.push(invalid('metadata.labels', key, e));
    if (typeof value !== 'string')
      errors.push(invalid('metadata.labels', value, 'must be a string'));
    else if (value.length > 63)
      errors.push(
        invalid('metadata.labels', value, 'must be no more than 63 characters'),
      );
    else if (!LABEL_VALUE.test(value))
      errors.push(invalid('metadata.labels', value, LABEL_VALUE_MSG));
  }
  for (const [key, value] of Object.entries(annotations ?? {})) {
    for (const e of qualifiedNameErrors(key.toLowerCase()))
      errors.push(invalid('metadata.annotations', key, e));
    if (typeof value !== 'string')
      errors.push(invalid('metadata.annotations', value, 'must be a string'));
  }
  return errors;
}

/** 400 when the body's apiVersion and kind are not the URL's resource. */
export function typeProblem(resource: Served, body: any): Response | undefined {
  if (typeof body !== 'object' || Array.isArray(body))
    return status(400, 'BadRequest', 'the request body must be an object');
  const expected = groupVersion(resource);
  // Compiled-in types default a missing apiVersion and kind from the URL; custom ones do not.
  if (!body.kind && !resource.builtIn)
    return status(
      400,
      'BadRequest',
      `Object 'Kind' is missing in '${JSON.stringify(body).slice(0, 200)}'`,
    );
  if (!body.apiVersion && !resource.builtIn)
    return status(
      400,
      'BadRequest',
      `Object 'apiVersion' is missing in '${JSON.stringify(body).slice(
        0,
        200,
      )}'`,
    );
  if (body.apiVersion && body.apiVersion !== expected)
    return status(
      400,
      'BadRequest',
      `the API version in the data (${body.apiVersion}) does not match the expected API version (${expected})`,
    );
  if (body.kind && body.kind !== resource.kind)
    return status(
      400,
      'BadRequest',
      `the object provided is unrecognized (must be of type ${resource.kind}): no kind "${body.kind}" is registered for version "${expected}"`,
    );
  return undefined;
}
