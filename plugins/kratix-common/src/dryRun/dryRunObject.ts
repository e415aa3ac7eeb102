import { Condition } from '../model/kubernetes';

/**
 * Kratix's DryRun resource (api/v1alpha1/dryrun_types.go at Kratix HEAD; a preview feature,
 * absent from v0.125.0): namespaced, with a status subresource.
 * @public
 */
export const DRY_RUN_RESOURCE = {
  group: 'platform.kratix.io',
  version: 'v1alpha1',
  plural: 'dryruns',
  kind: 'DryRun',
  namespaced: true,
} as const;

/**
 * The labels Kratix puts on what a DryRun makes (api/v1alpha1/work_types.go), and the
 * condition types of its status (internal/controller/dryrun_controller.go).
 * @public
 */
export const DRY_RUN_KEYS = {
  /** On the ephemeral request, its Works and the summary Work: `"true"`. */
  dryRun: 'kratix.io/dry-run',
  /** On the summary Work: `"true"`. */
  summary: 'kratix.io/dry-run-summary',
  /** On the ephemeral request and the summary Work: the DryRun's name. */
  owner: 'kratix.io/dry-run-owner',
  /** On a component DryRun: the compound DryRun's name. */
  parent: 'kratix.io/dry-run-parent',
  /** True once the summary is written; False (PipelineFailed) when a pipeline failed. */
  completedCondition: 'Completed',
  /** Compound requests only: whether every component's preview finished. */
  componentsSucceededCondition: 'ComponentsSucceeded',
} as const;

/** One component DryRun a compound DryRun raised, as its status reports it. @public */
export interface KratixDryRunComponentStatus {
  promise: string;
  request: string;
  namespace?: string;
  dryRun: string;
  phase: string;
  message?: string;
}

/** A DryRun object as the API server returns it. @public */
export interface KratixDryRun {
  apiVersion: string;
  kind: 'DryRun';
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    creationTimestamp?: string;
  };
  spec: {
    promiseRef: { name: string };
    resourceRequestRef: { name: string; namespace?: string };
    resource: Record<string, unknown>;
  };
  status?: {
    conditions?: Condition[];
    components?: KratixDryRunComponentStatus[];
  };
}
