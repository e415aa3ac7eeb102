import { InputError, NotAllowedError } from '@backstage/errors';
import {
  kratixReadPermission,
  kratixResourceManagePermission,
  MANAGE_ACTIONS,
  ManageAction,
  requestResourceRef,
} from '@kratix-backstage/plugin-kratix-common';
import { audited } from '@kratix-backstage/plugin-kratix-node';
import { readFrom } from '../service/platformFor';
import {
  actorOf,
  KratixActionsOptions,
  onlyPlatformName,
  platformFor,
  PLATFORM_INPUT_DESCRIPTION,
  requireRead,
} from './KratixActionsOptions';

/**
 * Registers `kratix:manage-request`: the manage acts of
 * `POST /platforms/:platform/promises/:promise/requests/:namespace/:name/actions`, with its
 * checks (the request's owner or a platform admin) and its audit event.
 */
export function registerManageRequestAction(options: KratixActionsOptions) {
  const { actionsRegistry, platforms, access, auditor, authorOf } = options;
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
      output: z =>
        z.object({
          message: z.string().describe('What was done'),
          commit: z
            .string()
            .optional()
            .describe('SHA of the commit that carries it (git modes)'),
          pullRequestUrl: z
            .string()
            .optional()
            .describe('The pull request that proposes it, once merged'),
        }),
    },
    async action({ input, credentials, logger }) {
      const { promise, namespace, name, action, version } = input;
      const actor = actorOf(credentials);
      const result = await audited(
        auditor,
        {
          eventId: 'request-manage',
          meta: {
            actor,
            platform: input.platform ?? onlyPlatformName(platforms) ?? '',
            promise,
            namespace,
            name,
            action: String(action),
            via: 'actions',
          },
        },
        async () => {
          await requireRead(access, credentials);
          if (!MANAGE_ACTIONS.includes(action))
            throw new InputError(`action: one of ${MANAGE_ACTIONS.join(', ')}`);
          if (action === 'upgrade' && !version)
            throw new InputError(
              'version: an upgrade needs the version to move to',
            );
          const platform = await platformFor(platforms, input.platform);
          const ref = { promise, namespace, name };
          if (!(await access.canManage(credentials, platform.name, ref)))
            throw new NotAllowedError(
              `Not allowed: ${
                kratixResourceManagePermission.name
              } on ${requestResourceRef(
                platform.name,
                promise,
                namespace,
                name,
              )} (only its owner or a platform admin may)`,
            );
          // The REST API takes the user's cluster token from a header the registry cannot carry.
          if (platform.actAsUser && platform.mode === 'kubernetes')
            throw new InputError(
              `Platform ${platform.name} acts with the signed-in user's own cluster identity (${platform.actAsUser.authProvider}), which an action call does not carry: manage this request from the Kratix pages instead`,
            );
          const author = actor.startsWith('service:')
            ? undefined
            : await authorOf(actor);
          return readFrom(platform, () =>
            platform.manageRequest(ref, action, {
              version,
              author,
              requester: actor,
            }),
          );
        },
        r => ({ commit: r.commit ?? null }),
      );
      logger.info(`${result.message} by ${actor} through the actions registry`);
      return {
        output: {
          message: result.message,
          commit: result.commit,
          pullRequestUrl: result.pullRequestUrl,
        },
      };
    },
  });
}
