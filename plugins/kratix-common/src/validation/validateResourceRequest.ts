import {
  extractPromiseApi,
  PromiseApi,
  PromiseApiVersion,
} from '../api/promiseApi';
import { KratixPromise } from '../model';
import { quoteValue } from './fieldPath';
import { validateDns1123Label, validateLabels } from './kubernetesNames';
import { noApiError } from './noApiError';
import { specErrorsFor } from './specErrorsFor';
import {
  ValidationError,
  ValidationResult,
  validationResultOf,
} from './validationResult';

/** A proposed request as a form collects it; values are unchecked, hence `unknown`. @public */
export interface ResourceRequestDraft {
  name: unknown;
  namespace: unknown;
  spec?: unknown;
  labels?: unknown;
}

/** A whole request object as a user or template wrote it, unchecked. @public */
export interface ResourceRequestCandidate {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: unknown;
  spec?: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCandidate(
  request: ResourceRequestDraft | ResourceRequestCandidate,
): request is ResourceRequestCandidate {
  return 'metadata' in request || 'apiVersion' in request || 'kind' in request;
}

/** Checks a whole object's apiVersion and kind, and picks the API version whose schema applies. */
function checkType(
  api: PromiseApi,
  request: ResourceRequestCandidate,
  errors: ValidationError[],
): PromiseApiVersion | undefined {
  const storage = api.versions.find(v => v.name === api.storageVersion);
  const { apiVersion, kind } = request;
  let version = storage;
  if (typeof apiVersion !== 'string' || apiVersion === '') {
    errors.push({
      field: 'apiVersion',
      message: `apiVersion is required (expected "${api.apiVersion}")`,
      keyword: 'required',
    });
  } else {
    const slash = apiVersion.lastIndexOf('/');
    const group = slash === -1 ? '' : apiVersion.slice(0, slash);
    const named = api.versions.find(
      v => v.name === apiVersion.slice(slash + 1),
    );
    let problem: string | undefined;
    if (group !== api.group)
      problem = `is not in the Promise API's group "${api.group}"`;
    else if (!named)
      problem = `is not a version of the Promise API (it has ${api.versions
        .map(v => v.name)
        .join(', ')})`;
    else if (!named.served) problem = `is not served; use "${api.apiVersion}"`;
    if (problem)
      errors.push({
        field: 'apiVersion',
        message: `apiVersion ${quoteValue(apiVersion)} ${problem}`,
        keyword: 'apiVersion',
      });
    else version = named;
  }
  if (kind === undefined || kind === null || kind === '') {
    errors.push({
      field: 'kind',
      message: `kind is required (expected "${api.kind}")`,
      keyword: 'required',
    });
  } else if (kind !== api.kind) {
    // Kinds are case-sensitive, and Promise kinds are often lower-case (`redis`).
    errors.push({
      field: 'kind',
      message: `kind ${quoteValue(kind)} must be "${
        api.kind
      }", spelt exactly as the Promise API spells it`,
      keyword: 'kind',
    });
  }
  return version;
}

function checkMetadata(
  api: PromiseApi,
  name: unknown,
  namespace: unknown,
  labels: unknown,
): ValidationError[] {
  const noNamespace =
    namespace === undefined || namespace === null || namespace === '';
  let namespaceErrors: ValidationError[] = [];
  if (api.scope === 'Namespaced')
    namespaceErrors = validateDns1123Label('metadata.namespace', namespace);
  else if (!noNamespace) {
    namespaceErrors = [
      {
        field: 'metadata.namespace',
        message:
          'metadata.namespace must be empty: this Promise API is cluster-scoped',
        keyword: 'scope',
      },
    ];
  }
  return [
    ...validateDns1123Label('metadata.name', name),
    ...namespaceErrors,
    ...validateLabels('metadata.labels', labels),
  ];
}

/**
 * Validates a proposed request before anything is written: apiVersion and kind (for whole
 * objects), Kubernetes name rules for `metadata.name` and `metadata.namespace`, label keys
 * and values, and `spec` against the Promise API's schema; an API-less Promise yields one
 * error on `promise`.
 * @public
 */
export function validateResourceRequest(
  promise: KratixPromise,
  request: ResourceRequestDraft | ResourceRequestCandidate,
): ValidationResult {
  const api = extractPromiseApi(promise);
  if (!api) return validationResultOf([noApiError(promise)]);
  const errors: ValidationError[] = [];
  let version = api.versions.find(v => v.name === api.storageVersion);
  if (isCandidate(request)) {
    version = checkType(api, request, errors);
    const { metadata } = request;
    if (isRecord(metadata)) {
      errors.push(
        ...checkMetadata(
          api,
          metadata.name,
          metadata.namespace,
          metadata.labels,
        ),
      );
    } else {
      const problem =
        metadata === undefined
          ? 'is required'
          : `must be an object (got ${quoteValue(metadata)})`;
      errors.push({
        field: 'metadata',
        message: `metadata ${problem}`,
        keyword: metadata === undefined ? 'required' : 'type',
      });
    }
  } else {
    errors.push(
      ...checkMetadata(api, request.name, request.namespace, request.labels),
    );
  }
  if (version)
    errors.push(...specErrorsFor(promise, api, version, request.spec));
  return validationResultOf(errors);
}
