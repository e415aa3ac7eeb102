import {
  FLOATING_VERSION,
  isResourceBindingOf,
  KRATIX_LABELS,
  PromiseRevision,
  ResourceRequest,
} from '@kratix-backstage/plugin-kratix-common';
import { KratixPlatform, RequestRef } from '../platform/KratixPlatform';

/**
 * The PromiseRevision a request reconciles against, found as Kratix finds it
 * (internal/controller/dynamic_resource_request_controller.go fetchRevision): its
 * ResourceBinding's `spec.version` (`latest` meaning the revision with `status.latest`), or,
 * without a Binding, the request's `status.resourceBindingVersion`; the latest revision for
 * a request bound to nothing yet. Revisions are the Promise's by its `kratix.io/promise-name`
 * label and matched by exact version (promiseRevisionByExactVersion). Undefined where the
 * platform reads no revisions (gitops mode, a Kratix before PromiseRevisions) or the
 * version is not retained (Kratix cannot reconcile it either).
 */
export async function boundRevision(
  platform: KratixPlatform,
  ref: RequestRef,
  request: ResourceRequest,
): Promise<PromiseRevision | undefined> {
  if (!platform.listPromiseRevisions) return undefined;
  const [revisions, bindings] = await Promise.all([
    platform.listPromiseRevisions(),
    platform.listResourceBindings?.() ?? Promise.resolve([]),
  ]);
  // A Kratix that predates PromiseRevisions has none to check against.
  if (!revisions) return undefined;
  const own = revisions.filter(
    r => r.metadata.labels?.[KRATIX_LABELS.promiseName] === ref.promise,
  );
  const binding = bindings.find(b => isResourceBindingOf(b, ref));
  const fromStatus = (
    request.status as { resourceBindingVersion?: unknown } | undefined
  )?.resourceBindingVersion;
  const version =
    binding?.spec.version ??
    (typeof fromStatus === 'string' ? fromStatus : undefined);
  if (!version || version === FLOATING_VERSION)
    return own.find(r => r.status?.latest === true);
  const exact = own.filter(r => r.spec.version === version);
  // Kratix refuses a version two revisions claim; so does this check.
  return exact.length === 1 ? exact[0] : undefined;
}
