import {
  Condition,
  KubernetesObject,
  MatchLabels,
  ObjectMeta,
} from './kubernetes';

/** One `{matchLabels}` entry of `spec.destinationSelectors`. @public */
export interface DestinationSelector {
  matchLabels?: MatchLabels;
}

/** A container of a Kratix Pipeline. @public */
export interface PipelineContainer {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: Array<{ name: string; value?: string; valueFrom?: unknown }>;
  [key: string]: unknown;
}

/** A `platform.kratix.io/v1alpha1` Pipeline, only ever an item of a workflow. @public */
export interface Pipeline {
  apiVersion: string;
  kind: 'Pipeline';
  metadata: {
    name: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec: {
    containers: PipelineContainer[];
    volumes?: unknown[];
    imagePullSecrets?: unknown[];
    rbac?: { serviceAccount?: string; permissions?: unknown[] };
    jobOptions?: { backoffLimit?: number };
    [key: string]: unknown;
  };
}

/** The configure and delete pipelines of one workflow type. @public */
export interface WorkflowActions {
  configure?: Pipeline[];
  delete?: Pipeline[];
}

/** `spec.workflows` of a Promise. @public */
export interface PromiseWorkflows {
  config?: { pipelineNamespace?: string; reconciliationInterval?: string };
  promise?: WorkflowActions;
  resource?: WorkflowActions;
}

/** A JSON Schema as CRDs carry it (openAPIV3Schema), loosely typed. @public */
export interface JSONSchemaProps {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JSONSchemaProps>;
  additionalProperties?: boolean | JSONSchemaProps;
  items?: JSONSchemaProps;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  oneOf?: JSONSchemaProps[];
  anyOf?: JSONSchemaProps[];
  allOf?: JSONSchemaProps[];
  nullable?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  [key: string]: unknown;
}

/** The CustomResourceDefinition embedded in `spec.api`. @public */
export interface PromiseApiCrd {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; labels?: Record<string, string> };
  spec?: {
    group?: string;
    names?: {
      kind?: string;
      plural?: string;
      singular?: string;
      shortNames?: string[];
      listKind?: string;
    };
    scope?: 'Namespaced' | 'Cluster';
    versions?: Array<{
      name: string;
      served?: boolean;
      storage?: boolean;
      schema?: { openAPIV3Schema?: JSONSchemaProps };
      additionalPrinterColumns?: unknown[];
    }>;
  };
}

/** `spec.requiredPromises[]`. @public */
export interface RequiredPromise {
  name: string;
  version?: string;
}

/** The pipeline entry under `status.kratix.workflows.pipelines`. @public */
export interface PipelineStatus {
  name: string;
  phase?: PipelinePhase;
  message?: string;
  nextRetryAt?: string;
  attempts?: number;
  lastTransitionTime?: string;
}

/** Phase of one pipeline of a workflow run. @public */
export type PipelinePhase =
  | 'Pending'
  | 'Running'
  | 'Succeeded'
  | 'Failed'
  | 'Suspended';

/** The Kratix-owned `status.kratix.workflows` block (March 2026 onwards). @public */
export interface KratixWorkflowsStatus {
  pipelines?: PipelineStatus[];
  suspendedGeneration?: number;
  lastSuccessfulConfigureWorkflowTime?: string;
}

/** `status` of a Promise: the older top-level fields plus the newer `kratix` block. @public */
export interface PromiseStatus {
  conditions?: Condition[];
  status?: 'Available' | 'Unavailable' | string;
  kind?: string;
  apiVersion?: string;
  version?: string;
  message?: string;
  observedGeneration?: number;
  lastAvailableTime?: string;
  workflows?: number;
  workflowsSucceeded?: number;
  workflowsFailed?: number;
  requiredPromises?: Array<{ name: string; version?: string; state?: string }>;
  requiredBy?: Array<{
    promise: { name: string; version?: string };
    requiredVersion?: string;
  }>;
  kratix?: {
    kind?: string;
    apiVersion?: string;
    version?: string;
    status?: string;
    lastAvailableTime?: string;
    workflows?: KratixWorkflowsStatus;
  };
}

/** A Kratix Promise (cluster-scoped). @public */
export interface KratixPromise extends KubernetesObject {
  kind: 'Promise';
  metadata: ObjectMeta;
  spec: {
    api?: PromiseApiCrd;
    dependencies?: KubernetesObject[];
    destinationSelectors?: DestinationSelector[];
    requiredPromises?: RequiredPromise[];
    workflows?: PromiseWorkflows;
  };
  status?: PromiseStatus;
}
