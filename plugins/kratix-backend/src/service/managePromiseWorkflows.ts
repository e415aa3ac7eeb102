import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import {
  kratixPromiseManagePermission,
  PROMISE_MANAGE_ACTIONS,
  PromiseManageAction,
} from '@kratix-backstage/plugin-kratix-common';
import {
  KratixAccess,
  KratixPlatform,
} from '@kratix-backstage/plugin-kratix-node';
import { ensureSynced } from '../routes/ensureSynced';
import { readFrom } from './platformFor';

/** The action as sent, checked: 400 naming the ones there are. */
export function promiseManageAction(action: unknown): PromiseManageAction {
  if (!PROMISE_MANAGE_ACTIONS.includes(action as PromiseManageAction))
    throw new InputError(
      `action: one of ${PROMISE_MANAGE_ACTIONS.join(
        ', ',
      )} (got ${JSON.stringify(action ?? null)})`,
    );
  return action as PromiseManageAction;
}

/**
 * Pauses, resumes, re-runs or resumes a Promise's suspended workflow, for the REST route and
 * the agent action alike: only the platform's admins may (`kratix.promise.manage`, decided
 * per platform), checked before the platform is read.
 */
export async function managePromiseWorkflows(
  access: KratixAccess,
  credentials: BackstageCredentials,
  platform: KratixPlatform,
  promise: string,
  action: PromiseManageAction,
  options: { author?: { name: string; email: string }; requester?: string },
): Promise<{ message: string; commit?: string; pullRequestUrl?: string }> {
  await access.require(
    credentials,
    kratixPromiseManagePermission,
    platform.name,
    "controlling a Promise's workflows is a platform admin act",
  );
  if (!platform.managePromise)
    throw new ConflictError(
      `Platform ${platform.name} cannot change its Promises' labels`,
    );
  await ensureSynced(platform);
  return readFrom(platform, () =>
    platform.managePromise!(promise, action, options),
  );
}
