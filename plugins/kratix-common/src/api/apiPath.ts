import { validateDns1123Label } from '../validation/kubernetesNames';
import { PromiseApi } from './promiseApi';

// Namespaces and names usually come from users; refuse rather than encode anything that
// could change the shape of the path.
function assertDns1123Label(field: string, value: string): void {
  const errors = validateDns1123Label(field, value);
  if (errors.length > 0) throw new Error(errors.map(e => e.message).join('; '));
}

/**
 * The Kubernetes REST path of a Promise's request collection in the storage version, in one
 * namespace (`/apis/<group>/<version>/namespaces/<ns>/<plural>`) or across all of them
 * (`/apis/<group>/<version>/<plural>`).
 * @public
 */
export function apiPathFor(api: PromiseApi, namespace?: string): string {
  const base = `/apis/${encodeURIComponent(api.group)}/${encodeURIComponent(
    api.storageVersion,
  )}`;
  const plural = encodeURIComponent(api.plural);
  // A cluster-scoped API has no namespaced path (Kratix itself only allows Namespaced).
  if (namespace === undefined || api.scope === 'Cluster')
    return `${base}/${plural}`;
  assertDns1123Label('namespace', namespace);
  return `${base}/namespaces/${namespace}/${plural}`;
}

/** The Kubernetes REST path of one request (`…/namespaces/<ns>/<plural>/<name>`). @public */
export function requestPathFor(
  api: PromiseApi,
  namespace: string,
  name: string,
): string {
  assertDns1123Label('name', name);
  return `${apiPathFor(api, namespace)}/${name}`;
}
