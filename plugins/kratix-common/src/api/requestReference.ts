import { PromiseApi } from './promiseApi';

/** Identifies one resource request the way a Kubernetes object reference does. @public */
export interface RequestReference {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
}

/** Makes a reference to a request of a Promise's API, in the storage version. @public */
export function requestReference(
  api: PromiseApi,
  namespace: string,
  name: string,
): RequestReference {
  return { apiVersion: api.apiVersion, kind: api.kind, namespace, name };
}
