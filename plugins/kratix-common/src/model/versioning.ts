import { Condition, KubernetesObject, ObjectMeta } from './kubernetes';
import { KratixPromise } from './Promise';

/** Installs a Promise from a URL at a version. @public */
export interface PromiseRelease extends KubernetesObject {
  kind: 'PromiseRelease';
  metadata: ObjectMeta;
  spec: {
    version?: string;
    sourceRef: {
      type: 'http';
      url: string;
      secretRef?: { name: string; namespace?: string };
    };
  };
  status?: {
    status?: 'Installed' | 'Error installing' | string;
    conditions?: Condition[];
  };
}

/** A snapshot of a Promise spec at one installed version (managed by Kratix). @public */
export interface PromiseRevision extends KubernetesObject {
  kind: 'PromiseRevision';
  metadata: ObjectMeta;
  spec: {
    promiseRef: { name: string };
    promiseSpec?: KratixPromise['spec'];
    version: string;
  };
  status?: { latest?: boolean; conditions?: Condition[] };
}

/** Binds one resource request to a Promise version; editing `spec.version` upgrades it. @public */
export interface ResourceBinding extends KubernetesObject {
  kind: 'ResourceBinding';
  metadata: ObjectMeta;
  spec: {
    version: string;
    promiseRef: { name: string };
    resourceRef: { name: string; namespace: string; generation?: number };
  };
  status?: {
    lastAppliedVersion?: string;
    failedVersion?: string;
    conditions?: Condition[];
  };
}

/** Health state vocabulary of a HealthRecord. @public */
export type HealthState =
  | 'unknown'
  | 'ready'
  | 'unhealthy'
  | 'healthy'
  | 'degraded';

/** A health report about one resource request; it has `data`, not spec/status. @public */
export interface HealthRecord extends KubernetesObject {
  kind: 'HealthRecord';
  metadata: ObjectMeta;
  data: {
    promiseRef: { name: string };
    resourceRef: { name: string; namespace: string; generation?: number };
    state?: HealthState;
    lastRun?: number;
    details?: unknown;
  };
}
