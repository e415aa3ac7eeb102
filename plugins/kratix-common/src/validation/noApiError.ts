import { KratixPromise } from '../model';
import { ValidationError } from './validationResult';

/** The single error for a Promise that offers no API and therefore takes no requests. @internal */
export function noApiError(promise: KratixPromise): ValidationError {
  const name = promise.metadata?.name ?? '(unnamed)';
  return {
    field: 'promise',
    message: `Promise "${name}" has no API, so it takes no resource requests`,
    keyword: 'noApi',
  };
}
