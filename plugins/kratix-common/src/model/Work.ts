import {
  Condition,
  KubernetesObject,
  MatchLabels,
  ObjectMeta,
} from './kubernetes';

/** Where a Work group's selectors came from. @public */
export type SelectorSource =
  | 'promise'
  | 'promise-workflow'
  | 'resource-workflow';

/** One file of a Work; `content` is gzip-compressed then base64-encoded. @public */
export interface Workload {
  filepath: string;
  content?: string;
}

/** A group of workloads scheduled together (one per output directory). @public */
export interface WorkloadGroup {
  id: string;
  directory: string;
  destinationSelectors?: Array<{
    matchLabels?: MatchLabels;
    source?: SelectorSource;
  }>;
  workloads?: Workload[];
}

/** Output of one pipeline run (or a Promise's static dependencies) waiting to be placed. @public */
export interface Work extends KubernetesObject {
  kind: 'Work';
  metadata: ObjectMeta;
  spec: {
    promiseName: string;
    resourceName?: string;
    lastExecutionTimestamp?: string;
    workloadGroups?: WorkloadGroup[];
  };
  status?: {
    conditions?: Condition[];
    workPlacements?: number;
    workPlacementsCreated?: number;
  };
}

/** One Work group placed on one Destination; its files are in the state store once Ready. @public */
export interface WorkPlacement extends KubernetesObject {
  kind: 'WorkPlacement';
  metadata: ObjectMeta;
  spec: {
    targetDestinationName: string;
    workloads?: Workload[];
    promiseName?: string;
    resourceName?: string;
    id?: string;
    generation?: number;
  };
  status?: { conditions?: Condition[]; versionID?: string };
}
