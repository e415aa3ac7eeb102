/**
 * The small slice of Kubernetes object shapes the Kratix model builds on.
 * Kept local so kratix-common stays free of any client library.
 */

/** Metadata every Kubernetes object carries. @public */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  generation?: number;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: Array<{
    apiVersion: string;
    kind: string;
    name: string;
    uid?: string;
    controller?: boolean;
  }>;
}

/** Any Kubernetes object: apiVersion, kind, metadata and free-form rest. @public */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

/** A standard metav1 Condition as Kratix writes it. @public */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}

/** A reference to a Secret, as state stores use it. @public */
export interface SecretRef {
  name: string;
  namespace?: string;
}

/** Label selector by equality, the only kind Kratix scheduling uses. @public */
export type MatchLabels = Record<string, string>;
