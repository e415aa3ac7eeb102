import Ajv from 'ajv';
import { addKubernetesFormats } from './kubernetesFormats';
import { lenientRegExp } from './lenientRegExp';

/**
 * Vendor keywords CRD schemas carry. Declared so ajv knows them; none changes what a request
 * may contain except preserve-unknown-fields and int-or-string, which toAjvSchema rewrites.
 * CEL rules (`x-kubernetes-validations`) are left to the API server.
 * @internal
 */
export const KUBERNETES_SCHEMA_KEYWORDS = [
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-int-or-string',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-validations',
] as const;

/**
 * Makes an ajv instance for Kubernetes schemas: every error at once, the values that failed
 * (for messages), no defaults written into the user's data, and strict mode off because
 * CRD schemas carry keywords JSON Schema does not define.
 * @internal
 */
export function createKubernetesAjv(): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    strict: false,
    verbose: true,
    useDefaults: false,
    logger: false,
    code: { regExp: lenientRegExp },
  });
  for (const keyword of KUBERNETES_SCHEMA_KEYWORDS) ajv.addKeyword({ keyword });
  return addKubernetesFormats(ajv);
}
