import { extractPromiseApi } from '../api/promiseApi';
import { KratixPromise, ResourceRequest } from '../model';

/** What a new request is made of. @public */
export interface ResourceRequestInputs {
  name: string;
  namespace: string;
  spec?: Record<string, unknown>;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/**
 * Builds a request object in the Promise API's group, storage version and kind as written
 * (often lower-case), without validating it.
 * @public
 */
export function buildResourceRequest(
  promise: KratixPromise,
  inputs: ResourceRequestInputs,
): ResourceRequest {
  const api = extractPromiseApi(promise);
  // Callers are expected to have checked hasApi or validateResourceRequest already.
  if (!api)
    throw new Error(
      `Promise "${promise.metadata?.name}" has no API, so it takes no resource requests`,
    );
  const hasEntries = (
    map?: Record<string, string>,
  ): map is Record<string, string> => !!map && Object.keys(map).length > 0;
  // Empty maps are left out so the written YAML carries no `labels: {}` noise.
  return {
    apiVersion: api.apiVersion,
    kind: api.kind,
    metadata: {
      name: inputs.name,
      namespace: inputs.namespace,
      ...(hasEntries(inputs.labels) ? { labels: { ...inputs.labels } } : {}),
      ...(hasEntries(inputs.annotations)
        ? { annotations: { ...inputs.annotations } }
        : {}),
    },
    spec: inputs.spec ?? {},
  };
}
