import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  KratixPlatform,
  ResourceRequestInput,
  writeResourceRequest,
} from '@kratix-backstage/plugin-kratix-node';
import { readFrom } from '../service/platformFor';
import { KratixActionsOptions } from './KratixActionsOptions';
import { runPlatformAct } from './platformAct';

/** The input of `kratix:make-request` and `kratix:update-request`. */
export type WriteRequestInput = ResourceRequestInput & {
  platform?: string;
  promise: string;
  namespace: string;
  name: string;
  dryRun?: boolean;
};

/**
 * Creates or updates a request through `writeResourceRequest` (the path the REST routes and
 * the scaffolder action take) with the caller's credentials, audited as `request-create` or
 * `request-update`: the one body of `kratix:make-request` and `kratix:update-request`.
 */
export function writeRequestAct(
  options: Pick<
    KratixActionsOptions,
    'platforms' | 'access' | 'auditor' | 'authorOf'
  >,
  credentials: BackstageCredentials,
  input: WriteRequestInput,
  how: {
    operation: 'create' | 'update';
    /** The permission beyond the owner rules `writeResourceRequest` applies. */
    allow?: (platform: KratixPlatform) => Promise<void>;
    /** Where to do it instead on a platform that acts as the signed-in user. */
    instead: string;
  },
) {
  const { access } = options;
  const { platform: platformName, promise, dryRun, ...fields } = input;
  return runPlatformAct(options, credentials, {
    eventId: how.operation === 'create' ? 'request-create' : 'request-update',
    platform: platformName,
    meta: {
      promise,
      namespace: fields.namespace,
      name: fields.name,
      dryRun: !!dryRun,
    },
    allow: how.allow,
    actAsUserRefusal: { does: 'writes requests', instead: how.instead },
    run: async (platform, { author }) => {
      const caller = await access.caller(credentials);
      return readFrom(platform, () =>
        writeResourceRequest(platform, promise, fields, {
          operation: how.operation,
          dryRun,
          writer: {
            caller,
            isAdmin: () => access.isPlatformAdmin(credentials, platform.name),
            canManage: ref => access.canManage(credentials, platform.name, ref),
            author,
          },
        }),
      );
    },
    outcome: written => ({
      action: written.action,
      path: written.path,
      commit: written.commit ?? null,
    }),
  });
}
