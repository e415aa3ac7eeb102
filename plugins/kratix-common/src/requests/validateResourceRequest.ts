import { KratixPromise, ResourceRequest } from '../model';
import { readPromiseApi } from '../promiseApi';
import { checkDns1123Label, checkLabelValue, FieldError } from './kubernetesNames';
import { validateRequestSpec } from './validateRequestSpec';

/** What a request is made of before it becomes an object. @public */
export interface RequestInput {
  name: unknown;
  namespace: unknown;
  spec?: unknown;
  labels?: Record<string, string>;
}

/** Outcome of validating a request: valid, or every field-level problem. @public */
export interface RequestValidation {
  valid: boolean;
  errors: FieldError[];
}

/**
 * Validates a proposed request completely before anything is written: Kubernetes name
 * rules for `metadata.name` and `metadata.namespace`, label values, and `spec` against the
 * Promise's schema.
 * @public
 */
export function validateResourceRequest(promise: KratixPromise, input: RequestInput): RequestValidation {
  const errors: FieldError[] = [
    ...checkDns1123Label('metadata.name', input.name),
    ...checkDns1123Label('metadata.namespace', input.namespace),
  ];
  for (const [key, value] of Object.entries(input.labels ?? {})) {
    errors.push(...checkLabelValue(`metadata.labels.${key}`, String(value)));
  }
  errors.push(...validateRequestSpec(promise, input.spec));
  return { valid: errors.length === 0, errors };
}

/**
 * Builds the request object in the Promise API's group, storage version and kind.
 * @public
 */
export function buildResourceRequest(
  promise: KratixPromise,
  input: {
    name: string;
    namespace: string;
    spec?: Record<string, unknown>;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  },
): ResourceRequest {
  const api = readPromiseApi(promise);
  if (!api) throw new Error(`Promise ${promise.metadata.name} has no API and takes no requests`);
  return {
    apiVersion: api.apiVersion,
    kind: api.kind,
    metadata: {
      name: input.name,
      namespace: input.namespace,
      ...(input.labels && Object.keys(input.labels).length ? { labels: input.labels } : {}),
      ...(input.annotations && Object.keys(input.annotations).length ? { annotations: input.annotations } : {}),
    },
    spec: input.spec ?? {},
  };
}
