/**
 * What Kratix's DryRun (platform.kratix.io/v1alpha1, Kratix's preview feature) says a
 * request would change, as the suite reads it from the DryRun's status and its summary Work
 * (Kratix's `internal/controller/dryrun_controller.go`).
 */

/** One file a pipeline would add, change or remove. @public */
export interface DryRunFileChange {
  /** The file's path relative to the pipeline's `/kratix/output`. */
  path: string;
  change: 'added' | 'modified' | 'removed';
  /** The document for an added or removed file; a unified diff for a modified one. */
  text: string;
}

/** What one pipeline of the request would write, against what it wrote last. @public */
export interface DryRunPipelineDiff {
  pipeline: string;
  added: number;
  modified: number;
  removed: number;
  files: DryRunFileChange[];
}

/** A component request of a compound request, with the DryRun Kratix raised for it. @public */
export interface DryRunComponent {
  promise: string;
  request: string;
  namespace?: string;
  /** The component DryRun's name. */
  dryRun: string;
  phase: 'Pending' | 'Succeeded' | 'Failed';
  /** Why it failed, or that it did not finish. */
  message?: string;
  pipelines: DryRunPipelineDiff[];
}

/**
 * A dry run of a request on a platform: not supported there (and why), or the DryRun the
 * suite created, pending until Kratix writes its summary.
 * @public
 */
export type DryRunPreview =
  | {
      supported: false;
      /** Why not, in words (the platform's Kratix has no DryRun, gitops mode, no rights). */
      reason: string;
    }
  | {
      supported: true;
      /** The DryRun object's name and namespace, to read it again. */
      name: string;
      namespace: string;
      state: 'pending' | 'completed' | 'failed';
      /** The failure, or what the preview lacks. */
      message?: string;
      /**
       * Whether the preview covers everything: a completed run of a plain request, or a
       * compound one whose `ComponentsSucceeded` condition is True.
       */
      complete: boolean;
      pipelines: DryRunPipelineDiff[];
      components: DryRunComponent[];
      /** Kratix's summary as written (markdown), once completed. */
      summary?: string;
    };
