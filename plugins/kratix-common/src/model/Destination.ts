import {
  Condition,
  KubernetesObject,
  ObjectMeta,
  SecretRef,
} from './kubernetes';

/** How a Destination lays files out in its state store. @public */
export type FilepathMode = 'nestedByMetadata' | 'aggregatedYAML' | 'none';

/** Reference from a Destination to its state store. @public */
export interface StateStoreRef {
  kind: 'GitStateStore' | 'BucketStateStore';
  name: string;
}

/** A Kratix Destination: a worker cluster or any other target of scheduled documents. @public */
export interface Destination extends KubernetesObject {
  kind: 'Destination';
  metadata: ObjectMeta;
  spec: {
    path?: string;
    stateStoreRef?: StateStoreRef;
    strictMatchLabels?: boolean;
    filepath?: { mode?: FilepathMode; filename?: string };
    cleanup?: 'none' | 'all';
    initWorkloads?: { enabled?: boolean };
    secretRef?: SecretRef;
  };
  status?: { conditions?: Condition[] };
}

/** The pre-August-2023 name of a Destination; it had no status. @public */
export interface LegacyCluster extends KubernetesObject {
  kind: 'Cluster';
  metadata: ObjectMeta;
  spec: { path?: string; stateStoreRef?: StateStoreRef; secretRef?: SecretRef };
}

/** Status shared by both state-store kinds. @public */
export interface StateStoreStatus {
  status?: 'Ready' | 'NotReady' | string;
  observedGeneration?: number;
  conditions?: Condition[];
}

/** A git repository Kratix writes scheduled documents to. @public */
export interface GitStateStore extends KubernetesObject {
  kind: 'GitStateStore';
  metadata: ObjectMeta;
  spec: {
    url: string;
    branch?: string;
    path?: string;
    authMethod?: 'basicAuth' | 'ssh' | 'githubApp';
    secretRef?: SecretRef;
    gitAuthor?: { name?: string; email?: string };
  };
  status?: StateStoreStatus;
}

/** An S3-compatible bucket Kratix writes scheduled documents to. @public */
export interface BucketStateStore extends KubernetesObject {
  kind: 'BucketStateStore';
  metadata: ObjectMeta;
  spec: {
    bucketName: string;
    endpoint: string;
    insecure?: boolean;
    useDualStack?: boolean;
    path?: string;
    authMethod?: 'accessKey' | 'IAM';
    secretRef?: SecretRef;
  };
  status?: StateStoreStatus;
}

/** Either kind of state store. @public */
export type StateStore = GitStateStore | BucketStateStore;
