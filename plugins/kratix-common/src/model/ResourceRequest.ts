import { Condition, KubernetesObject, ObjectMeta } from './kubernetes';
import { KratixWorkflowsStatus } from './Promise';
import { HealthState } from './versioning';

/** One entry of `status.healthStatus.healthRecords`. @public */
export interface RequestHealthRecord {
  state: HealthState;
  lastRun?: number;
  source?: { name: string; namespace?: string };
  details?: unknown;
}

/**
 * `status` of a resource request: Kratix's own keys plus whatever the pipelines wrote to
 * `status.yaml` (hence the index signature).
 * @public
 */
export interface ResourceRequestStatus {
  message?: string;
  observedGeneration?: number;
  workflows?: number;
  workflowsSucceeded?: number;
  workflowsFailed?: number;
  promiseVersion?: string;
  resourceBindingVersion?: string;
  lastSuccessfulConfigureWorkflowTime?: string;
  conditions?: Condition[];
  kratix?: { workflows?: KratixWorkflowsStatus; [key: string]: unknown };
  healthStatus?: { state?: HealthState; healthRecords?: RequestHealthRecord[] };
  /** Older docs' single-record shape. */
  healthRecord?: { state?: HealthState; lastRun?: number; details?: unknown };
  [key: string]: unknown;
}

/** A request for a Promise's service: an object of the Promise API's kind, namespaced. @public */
export interface ResourceRequest extends KubernetesObject {
  metadata: ObjectMeta & { namespace: string };
  spec?: Record<string, unknown>;
  status?: ResourceRequestStatus;
}
