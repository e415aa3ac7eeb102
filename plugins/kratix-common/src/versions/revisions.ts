import { KRATIX_LABELS } from '../model/constants';
import {
  isResourceBindingOf,
  PromiseRevision,
  ResourceBinding,
} from '../model/versioning';

/** The label Kratix puts on the latest PromiseRevision of a Promise (promiserevision_types.go LatestRevisionLabel). @public */
export const LATEST_REVISION_LABEL = 'kratix.io/latest-revision';

/** The `spec.version` of a ResourceBinding that follows the latest revision (dynamic_resource_request_controller.go LatestVersion). @public */
export const FLOATING_VERSION = 'latest';

/** One retained version of a Promise. @public */
export interface PromiseRevisionView {
  /** The PromiseRevision's object name. */
  name: string;
  version: string;
  /** When Kratix created the revision (its creationTimestamp), where known. */
  createdAt?: string;
  /** Whether it is the revision requests following `latest` reconcile against. */
  latest: boolean;
}

/** How a request follows the Promise's versions. @public */
export type VersionStrategy = 'floating' | 'pinned';

/** A request bound to a Promise version through its ResourceBinding. @public */
export interface BoundRequestView {
  namespace: string;
  name: string;
  binding: string;
  /** `spec.version` as written: a version, or `latest`. */
  desiredVersion: string;
  /** The version `desiredVersion` means today (`latest` resolved to the latest revision). */
  resolvedVersion?: string;
  appliedVersion?: string;
  failedVersion?: string;
  strategy: VersionStrategy;
  /** The revision the request runs now: the last applied one, else the one it is bound to. */
  revision?: string;
  /** The UpgradeSucceeded condition, while one is recorded. */
  upgrade?: { status: string; reason?: string; message?: string };
  /** Owner entity ref of the request, where the caller knows it. */
  owner?: string;
}

/**
 * The revisions of a Promise, newest first. Latest is `status.latest`, which is what Kratix
 * resolves `latest` against (dynamic_resource_request_controller.go latestRevision); before
 * the status is written, the `kratix.io/latest-revision` label Kratix sets with it
 * (promise_controller.go SetLatestRevisionLabel) stands in.
 * @public
 */
export function promiseRevisionViews(
  promise: string,
  revisions: PromiseRevision[],
): PromiseRevisionView[] {
  // Listed by the Promise's shared label, as Kratix lists them (latestRevision).
  const own = revisions.filter(
    r => r.metadata.labels?.[KRATIX_LABELS.promiseName] === promise,
  );
  const byStatus = own.some(r => r.status?.latest === true);
  return own
    .map(r => ({
      name: r.metadata.name,
      version: r.spec.version,
      ...(r.metadata.creationTimestamp && {
        createdAt: r.metadata.creationTimestamp,
      }),
      latest: byStatus
        ? r.status?.latest === true
        : r.metadata.labels?.[LATEST_REVISION_LABEL] === 'true',
    }))
    .sort(
      (a, b) =>
        Number(b.latest) - Number(a.latest) ||
        (b.createdAt ?? '').localeCompare(a.createdAt ?? '') ||
        b.version.localeCompare(a.version),
    );
}

/** The version of the latest revision, if any. @public */
export function latestRevisionVersion(
  revisions: PromiseRevisionView[],
): string | undefined {
  return revisions.find(r => r.latest)?.version;
}

/** Pinned unless the binding follows `latest` (cmd/main.go: "floating" writes `latest`). @public */
export function versionStrategyOf(binding: ResourceBinding): VersionStrategy {
  return binding.spec?.version === FLOATING_VERSION ? 'floating' : 'pinned';
}

/**
 * The requests of a Promise with the revision each is bound to, from their ResourceBindings
 * (resourcebinding_types.go: spec.version, status.lastAppliedVersion/failedVersion,
 * condition UpgradeSucceeded). A binding is the request's by its labels, as Kratix finds it.
 * @public
 */
export function boundRequestViews(
  promise: string,
  bindings: ResourceBinding[],
  latestVersion: string | undefined,
  ownerOf: (ref: {
    namespace: string;
    name: string;
  }) => string | undefined = () => undefined,
): BoundRequestView[] {
  return bindings
    .filter(b => b.metadata.labels?.[KRATIX_LABELS.promiseName] === promise)
    .filter(b =>
      isResourceBindingOf(b, {
        promise,
        namespace: b.spec.resourceRef.namespace,
        name: b.spec.resourceRef.name,
      }),
    )
    .map(b => {
      const ref = {
        namespace: b.spec.resourceRef.namespace,
        name: b.spec.resourceRef.name,
      };
      const strategy = versionStrategyOf(b);
      const resolvedVersion =
        strategy === 'floating' ? latestVersion : b.spec.version;
      const applied = b.status?.lastAppliedVersion;
      const condition = b.status?.conditions?.find(
        c => c.type === 'UpgradeSucceeded',
      );
      const owner = ownerOf(ref);
      return {
        ...ref,
        binding: b.metadata.name,
        desiredVersion: b.spec.version,
        ...(resolvedVersion && { resolvedVersion }),
        ...(applied && { appliedVersion: applied }),
        ...(b.status?.failedVersion && {
          failedVersion: b.status.failedVersion,
        }),
        strategy,
        ...((applied || resolvedVersion) && {
          revision: applied || resolvedVersion,
        }),
        ...(condition && {
          upgrade: {
            status: condition.status,
            ...(condition.reason && { reason: condition.reason }),
            ...(condition.message && { message: condition.message }),
          },
        }),
        ...(owner && { owner }),
      };
    })
    .sort(
      (a, b) =>
        a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name),
    );
}

/** How many requests run a revision other than the latest one (0 without a latest revision). @public */
export function countOnOlderRevisions(
  requests: BoundRequestView[],
  latestVersion: string | undefined,
): number {
  if (!latestVersion) return 0;
  return requests.filter(r => r.revision && r.revision !== latestVersion)
    .length;
}

/**
 * Whether `version` is one a request may be moved to: `latest`, or a retained revision
 * (Kratix reconciles a pinned binding only against the PromiseRevision of exactly that
 * version: dynamic_resource_request_controller.go promiseRevisionByExactVersion).
 * @public
 */
export function isRetainedVersion(
  version: string,
  revisions: PromiseRevisionView[],
): boolean {
  return (
    version === FLOATING_VERSION || revisions.some(r => r.version === version)
  );
}

/**
 * Why a request of `promise` may not move to `version` on `platform` (naming the versions it
 * may move to), or undefined where it may: the one wording of the REST routes, the actions and
 * every platform mode.
 * @public
 */
export function unretainedVersionMessage(
  version: string,
  revisions: PromiseRevisionView[],
  where: { promise: string; platform: string },
): string | undefined {
  if (isRetainedVersion(version, revisions)) return undefined;
  const retained = [FLOATING_VERSION, ...revisions.map(r => r.version)];
  return `Version ${version} is not a retained revision of Promise ${
    where.promise
  } on platform ${where.platform}; retained: ${retained.join(', ')}`;
}
