import { InputError } from '@backstage/errors';
import {
  kratixReadPermission,
  MANAGE_ACTIONS,
  ManageAction,
} from '@kratix-backstage/plugin-kratix-common';
import {
  checkUpgradeVersion,
  requireRequestManager,
} from '../service/manageResourceRequest';
import { readFrom } from '../service/platformFor';
import {
  KratixActionsOptions,
  PLATFORM_INPUT_DESCRIPTION,
} from './KratixActionsOptions';
import { manageActOutput, manageActOutputFields } from './manageActOutput';
import { runPlatformAct } from './platformAct';

/**
 * Registers `kratix:manage-request`: the manage acts of
 * `POST /platforms/:platform/promises/:promise/requests/:namespace/:name/actions`, with its
 * checks (the request's owner or a platform admin) and its audit event.
 */
export function registerManageRequestAction(options: KratixActionsOptions) {
  const { actionsRegistry, access } = options;
  actionsRegistry.register({
    name: 'manage-request',
    title: 'Manage a Kratix resource request',
    description: `Acts on a resource request: rerun (Kratix runs its workflows again now, kratix.io/manual-reconciliation), pause and resume its reconciliation (kratix.io/paused), resume-suspended (resumes a workflow a pipeline suspended, kratix.io/workflow-suspended), upgrade (moves it to another Promise version: give version) or delete (Kratix runs its delete workflows and removes what it made).
Only the request's owner or a platform admin may (kratix.resource.manage). On a git platform the act is a commit (or a pull request) to the request's document, taking effect once applied. Follow the request with kratix:get-request.`,
    visibilityPermission: kratixReadPermission,
    // delete removes the request and what Kratix made for it.
    attributes: { readOnly: false, destructive: true, idempotent: false },
    schema: {
      input: z =>
        z.object({
          platform: z.string().optional().describe(PLATFORM_INPUT_DESCRIPTION),
          promise: z.string().min(1).describe('Name of the Promise'),
          namespace: z.string().min(1).describe("The request's namespace"),
          name: z.string().min(1).describe("The request's name"),
          action: z
            .enum(MANAGE_ACTIONS as [ManageAction, ...ManageAction[]])
            .describe(MANAGE_ACTIONS.join(', ')),
          version: z
            .string()
            .min(1)
            .optional()
            .describe('For upgrade: the Promise version to move to'),
        }),
      output: z => z.object(manageActOutputFields(z)),
    },
    async action({ input, credentials, logger }) {
      const { promise, namespace, name, action, version } = input;
      const ref = { promise, namespace, name };
      const { result, actor } = await runPlatformAct(options, credentials, {
        eventId: 'request-manage',
        platform: input.platform,
        meta: { promise, namespace, name, action: String(action) },
        checkInput: () => {
          if (!MANAGE_ACTIONS.includes(action))
            throw new InputError(`action: one of ${MANAGE_ACTIONS.join(', ')}`);
          checkUpgradeVersion(action, version);
        },
        allow: platform =>
          requireRequestManager(access, credentials, platform.name, ref),
        actAsUserRefusal: {
          does: 'acts',
          instead: 'manage this request from the Kratix pages instead',
        },
        run: (platform, { actor: requester, author }) =>
          readFrom(platform, () =>
            platform.manageRequest(ref, action, { version, author, requester }),
          ),
        outcome: r => ({ commit: r.commit ?? null }),
      });
      logger.info(`${result.message} by ${actor} through the actions registry`);
      return manageActOutput(result);
    },
  });
}
