import { setTimeout as sleep } from 'node:timers/promises';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  DryRunPreview,
  kratixResourceCreatePermission,
} from '@kratix-backstage/plugin-kratix-common';
import {
  DryRunSupport,
  KratixAccess,
  KratixPlatform,
  RequestRef,
  ResourceRequestWriter,
  writeResourceRequest,
} from '@kratix-backstage/plugin-kratix-node';
import { requireRequestManager } from './manageResourceRequest';

/** What a dry run of a request asks: the request and the spec to try. */
export interface RequestDryRunInput extends RequestRef {
  spec?: Record<string, unknown>;
}

/** Whether the platform runs Kratix's DryRun; a platform that cannot ask says so. */
async function supportOf(platform: KratixPlatform): Promise<DryRunSupport> {
  return (
    (await platform.dryRunSupport?.()) ?? {
      supported: false,
      reason: `Platform ${platform.name} cannot run Kratix's DryRun; showing the document the suite would write`,
    }
  );
}

/** The request as the platform has it, or as an open pull request proposes it. */
async function requestExists(
  platform: KratixPlatform,
  ref: RequestRef,
): Promise<boolean> {
  const onPlatform = (
    await platform.listRequests({
      promise: ref.promise,
      namespace: ref.namespace,
    })
  ).some(r => r.metadata.name === ref.name);
  return onPlatform || !!(await platform.findPendingRequest?.(ref));
}

/**
 * Starts Kratix's DryRun of a request with a spec, for the REST route and the agent action
 * alike. A preview needs what the change itself needs: `kratix.resource.create` for a new
 * name, the manage permission on an existing request (its owner or an admin, as its update
 * does). The spec is checked first exactly as that create or update checks it
 * (writeResourceRequest, without writing: 400 naming the field), so nothing is created for
 * a spec the write would refuse. Then, where the platform serves no DryRun, it says why.
 */
export async function startRequestDryRun(
  access: KratixAccess,
  credentials: BackstageCredentials,
  platform: KratixPlatform,
  input: RequestDryRunInput,
  writer: ResourceRequestWriter & { requester: string },
): Promise<DryRunPreview> {
  const { spec = {}, ...ref } = input;
  const exists = await requestExists(platform, ref);
  if (exists)
    await requireRequestManager(access, credentials, platform.name, ref);
  else await access.require(credentials, kratixResourceCreatePermission);
  await writeResourceRequest(
    platform,
    ref.promise,
    { name: ref.name, namespace: ref.namespace, spec },
    { operation: exists ? 'update' : 'create', dryRun: true, writer },
  );
  const support = await supportOf(platform);
  if (!support.supported || !platform.startDryRun) {
    return {
      supported: false,
      reason: support.supported
        ? `Platform ${platform.name} cannot run Kratix's DryRun`
        : support.reason,
    };
  }
  const started = await platform.startDryRun(ref, spec, {
    requester: writer.requester,
    asUser: writer.asUser,
  });
  return started.preview;
}

/**
 * A DryRun read back, for whoever started it and the platform's admins (what a pipeline
 * would write may hold secrets): 403 for anyone else, 404 for none of that name.
 */
export async function readRequestDryRun(
  access: KratixAccess,
  credentials: BackstageCredentials,
  actor: string,
  platform: KratixPlatform,
  namespace: string,
  name: string,
): Promise<DryRunPreview> {
  const support = await supportOf(platform);
  if (!support.supported || !platform.readDryRun)
    return {
      supported: false,
      reason: support.supported
        ? `Platform ${platform.name} cannot run Kratix's DryRun`
        : support.reason,
    };
  const found = await platform.readDryRun(namespace, name);
  if (!found)
    throw new NotFoundError(
      `No DryRun ${namespace}/${name} on platform ${platform.name}`,
    );
  if (
    found.requester !== actor &&
    !(await access.isPlatformAdmin(credentials, platform.name))
  )
    throw new NotAllowedError(
      `Not allowed to read DryRun ${namespace}/${name} on platform ${platform.name}: only whoever started it and platform admins may`,
    );
  return found.preview;
}

/**
 * Reads a started DryRun again until Kratix has finished with it or `timeoutMs` has passed
 * (then it is returned pending, with how to read it later).
 */
export async function waitForDryRun(
  platform: KratixPlatform,
  started: DryRunPreview,
  timeoutMs: number,
): Promise<DryRunPreview> {
  if (!started.supported || started.state !== 'pending' || !platform.readDryRun)
    return started;
  const deadline = Date.now() + timeoutMs;
  let wait = 250;
  let latest = started;
  while (Date.now() < deadline) {
    await sleep(Math.min(wait, Math.max(0, deadline - Date.now())));
    wait = Math.min(wait * 2, 2000);
    const found = await platform.readDryRun(started.namespace, started.name);
    if (!found) break;
    latest = found.preview;
    if (latest.supported && latest.state !== 'pending') return latest;
  }
  if (!latest.supported || latest.state !== 'pending') return latest;
  return {
    ...latest,
    message:
      latest.message ??
      `Kratix has not finished this DryRun within ${Math.round(
        timeoutMs / 1000,
      )} s; read it again later (GET /platforms/${platform.name}/dry-runs/${
        latest.namespace
      }/${latest.name})`,
  };
}
