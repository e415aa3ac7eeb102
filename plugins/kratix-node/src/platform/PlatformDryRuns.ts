import type { SupportedDryRunPreview } from '@kratix-backstage/plugin-kratix-common';
import type { RequestRef, UserClusterCredentials } from './KratixPlatform';

/** Whether a platform can run Kratix's DryRun, and why not. @public */
export type DryRunSupport =
  | { supported: true }
  | { supported: false; reason: string };

/** Who starts a DryRun. @public */
export interface DryRunStartOptions {
  /** The entity ref of whoever asks, recorded on the DryRun (only they and admins read it). */
  requester: string;
  /** The caller's own cluster token, for platforms that write as the user. */
  asUser?: UserClusterCredentials;
}

/** A DryRun the suite started on a platform, as far as Kratix has got with it. @public */
export interface PlatformDryRun {
  preview: SupportedDryRunPreview;
  /** Who started it (the suite's annotation); undefined on a DryRun the suite did not make. */
  requester?: string;
  /** The Promise and the request it previews. */
  promise: string;
  request: { namespace: string; name: string };
}

/** The label and annotation the suite puts on the DryRuns it makes. @public */
export const SUITE_DRY_RUN_KEYS = {
  managedBy: 'app.kubernetes.io/managed-by',
  managedByValue: 'kratix-backstage',
  requester: 'kratix-backstage.io/requested-by',
} as const;

/** Why a platform in gitops mode shows no DryRun. @public */
export const GITOPS_DRY_RUN_REASON =
  "gitops mode has no cluster to run Kratix's DryRun; showing the document the suite would write";

/** The DryRun methods of a platform (see KratixPlatform). @public */
export interface PlatformDryRunMethods {
  /** Whether the platform serves Kratix's DryRun (asked of its API server, briefly cached). */
  dryRunSupport?(): Promise<DryRunSupport>;
  /**
   * Creates a DryRun of a request with this spec (the caller validates it and checks who
   * may); old DryRuns the suite made are deleted first. ConflictError where unsupported.
   */
  startDryRun?(
    ref: RequestRef,
    spec: Record<string, unknown>,
    options: DryRunStartOptions,
  ): Promise<PlatformDryRun>;
  /** A DryRun and its summary Work, or undefined where there is none of that name. */
  readDryRun?(
    namespace: string,
    name: string,
  ): Promise<PlatformDryRun | undefined>;
}
