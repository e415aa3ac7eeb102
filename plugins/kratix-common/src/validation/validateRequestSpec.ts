import { extractPromiseApi } from '../api/promiseApi';
import { KratixPromise } from '../model';
import { noApiError } from './noApiError';
import { specErrorsFor } from './specErrorsFor';
import { ValidationResult, validationResultOf } from './validationResult';

/**
 * Validates a request's `spec` against the Promise API's storage version (or the named
 * version), reporting every problem with its field path (`spec.databases[0].name`).
 * @public
 */
export function validateRequestSpec(
  promise: KratixPromise,
  spec: unknown,
  versionName?: string,
): ValidationResult {
  const api = extractPromiseApi(promise);
  if (!api) return validationResultOf([noApiError(promise)]);
  const wanted = versionName ?? api.storageVersion;
  const version = api.versions.find(v => v.name === wanted);
  if (!version) {
    return validationResultOf([
      {
        field: 'apiVersion',
        message: `apiVersion "${
          api.group
        }/${wanted}" is not a version of this Promise's API (it has ${api.versions
          .map(v => v.name)
          .join(', ')})`,
        keyword: 'apiVersion',
      },
    ]);
  }
  return validationResultOf(specErrorsFor(promise, api, version, spec));
}
