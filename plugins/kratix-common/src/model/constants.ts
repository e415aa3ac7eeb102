/** The API group and version every Kratix kind shares. @public */
export const KRATIX_GROUP = 'platform.kratix.io';
/** @public */
export const KRATIX_VERSION = 'v1alpha1';
/** `platform.kratix.io/v1alpha1`. @public */
export const KRATIX_API_VERSION = `${KRATIX_GROUP}/${KRATIX_VERSION}`;
/** Namespace where Kratix runs and keeps Promise-level Works. @public */
export const KRATIX_SYSTEM_NAMESPACE = 'kratix-platform-system';

/** Kind, plural and scope of each Kratix custom resource the suite reads. @public */
export const KRATIX_KINDS = {
  Promise: { plural: 'promises', namespaced: false },
  PromiseRelease: { plural: 'promisereleases', namespaced: false },
  PromiseRevision: { plural: 'promiserevisions', namespaced: false },
  ResourceBinding: { plural: 'resourcebindings', namespaced: true },
  Destination: { plural: 'destinations', namespaced: false },
  Cluster: { plural: 'clusters', namespaced: false },
  GitStateStore: { plural: 'gitstatestores', namespaced: false },
  BucketStateStore: { plural: 'bucketstatestores', namespaced: false },
  Work: { plural: 'works', namespaced: true },
  WorkPlacement: { plural: 'workplacements', namespaced: true },
  HealthRecord: { plural: 'healthrecords', namespaced: true },
} as const;

/** A Kratix kind the suite knows. @public */
export type KratixKind = keyof typeof KRATIX_KINDS;

/**
 * Kinds that older Kratix installations lack; a client treats their absence as "none",
 * not as an error.
 * @public
 */
export const OPTIONAL_KRATIX_KINDS: readonly KratixKind[] = [
  'Cluster',
  'PromiseRelease',
  'PromiseRevision',
  'ResourceBinding',
  'HealthRecord',
];

/** Labels and annotations Kratix reads or writes. @public */
export const KRATIX_LABELS = {
  promiseName: 'kratix.io/promise-name',
  promiseVersion: 'kratix.io/promise-version',
  promiseReleaseName: 'kratix.io/promise-release-name',
  resourceName: 'kratix.io/resource-name',
  resourceNamespace: 'kratix.io/resource-namespace',
  manualReconciliation: 'kratix.io/manual-reconciliation',
  reconcileResources: 'kratix.io/reconcile-resources',
  paused: 'kratix.io/paused',
  workflowSuspended: 'kratix.io/workflow-suspended',
  workType: 'kratix.io/work-type',
  workAction: 'kratix.io/work-action',
  workflowType: 'kratix.io/workflow-type',
  workflowAction: 'kratix.io/workflow-action',
  pipelineName: 'kratix.io/pipeline-name',
  work: 'kratix.io/work',
  workloadGroupId: 'kratix.io/workload-group-id',
  targetDestinationName: 'kratix.io/targetDestinationName',
  misplaced: 'kratix.io/misplaced',
  latestRevision: 'kratix.io/latest-revision',
  componentOfPromiseName: 'kratix.io/component-of-promise-name',
  componentOfResourceName: 'kratix.io/component-of-resource-name',
  componentOfResourceNamespace: 'kratix.io/component-of-resource-namespace',
  parentPromiseName: 'kratix.io/parent-promise-name',
  parentResourceName: 'kratix.io/parent-resource-name',
  parentResourceNamespace: 'kratix.io/parent-resource-namespace',
  managedBy: 'app.kubernetes.io/managed-by',
  hash: 'kratix.io/hash',
  reconciliationInterval: 'kratix.io/reconciliation-interval',
  /** W3C traceparent of the object's trace (an annotation; Kratix HEAD internal/telemetry/tracing.go). */
  traceParent: 'kratix.io/trace-parent',
} as const;
