import {
  Destination,
  KratixPromise,
  LegacyCluster,
  ResourceRequest,
  readDestinationReadiness,
  readPromiseStatus,
  readRequestStatus,
} from '@kratix-backstage/plugin-kratix-common';

/** The row of the Promises list. */
export function promiseSummary(platform: string, promise: KratixPromise, requestCount: number) {
  const status = readPromiseStatus(promise);
  const crd = promise.spec?.api?.spec;
  return {
    platform,
    name: promise.metadata.name,
    version: status.version,
    availability: status.availability,
    reason: status.reason,
    message: status.message,
    kind: status.kind ?? crd?.names?.kind,
    group: crd?.group,
    hasApi: !!crd,
    requiredPromises: (promise.spec?.requiredPromises ?? []).map(r => r.name),
    requestCount,
  };
}

/** The row of the clusters list. */
export function destinationSummary(platform: string, destination: Destination | LegacyCluster) {
  const readiness = readDestinationReadiness(destination);
  return {
    platform,
    name: destination.metadata.name,
    kind: destination.kind,
    labels: destination.metadata.labels ?? {},
    path: destination.spec?.path,
    stateStore: destination.spec?.stateStoreRef,
    strictMatchLabels: destination.kind === 'Destination' ? !!destination.spec.strictMatchLabels : false,
    filepathMode: destination.kind === 'Destination' ? destination.spec.filepath?.mode ?? 'nestedByMetadata' : 'nestedByMetadata',
    ready: readiness,
  };
}

/** The row of the requests list. */
export function requestSummary(platform: string, promise: string, request: ResourceRequest) {
  const status = readRequestStatus(request);
  return {
    platform,
    promise,
    name: request.metadata.name,
    namespace: request.metadata.namespace,
    apiVersion: request.apiVersion,
    kind: request.kind,
    owner: request.metadata.labels?.['backstage.io/owner'],
    phase: status.phase,
    reason: status.reason,
    message: status.message,
    updating: status.catchUp.updating,
  };
}
