import {
  kratixReadPermission,
  PROMISE_MANAGE_ACTIONS,
  PromiseManageAction,
} from '@kratix-backstage/plugin-kratix-common';
import {
  managePromiseWorkflows,
  promiseManageAction,
} from '../service/managePromiseWorkflows';
import {
  KratixActionsOptions,
  PLATFORM_INPUT_DESCRIPTION,
} from './KratixActionsOptions';
import { manageActOutput, manageActOutputFields } from './manageActOutput';
import { runPlatformAct } from './platformAct';

/**
 * Registers `kratix:manage-promise`: the workflow control of
 * `POST /platforms/:platform/promises/:promise/actions`, with its checks (platform admins
 * only) and its audit event.
 */
export function registerManagePromiseAction(options: KratixActionsOptions) {
  const { actionsRegistry, access } = options;
  actionsRegistry.register({
    name: 'manage-promise',
    title: "Control a Kratix Promise's workflows",
    description: `Pauses (pause) or resumes (resume) the reconciliation of a Promise, asks Kratix to run its Promise workflows again now (rerun), or resumes a workflow a pipeline suspended (resume-suspended), by the labels Kratix reads on the Promise (kratix.io/paused, kratix.io/manual-reconciliation, kratix.io/workflow-suspended). A paused Promise stops reconciling, and so do changes to it; its requests keep what they have.
Needs the kratix.promise.manage permission (the platform's admins). On a git platform the change is a commit (or a pull request) to the Promise's document, taking effect once applied.`,
    visibilityPermission: kratixReadPermission,
    attributes: { readOnly: false, destructive: false, idempotent: false },
    schema: {
      input: z =>
        z.object({
          platform: z.string().optional().describe(PLATFORM_INPUT_DESCRIPTION),
          promise: z.string().min(1).describe('Name of the Promise'),
          action: z
            .enum(
              PROMISE_MANAGE_ACTIONS as [
                PromiseManageAction,
                ...PromiseManageAction[],
              ],
            )
            .describe(PROMISE_MANAGE_ACTIONS.join(', ')),
        }),
      output: z => z.object(manageActOutputFields(z)),
    },
    async action({ input, credentials, logger }) {
      let action!: ReturnType<typeof promiseManageAction>;
      const { result, actor } = await runPlatformAct(options, credentials, {
        eventId: 'promise-manage',
        severityLevel: 'high',
        platform: input.platform,
        meta: { promise: input.promise, action: String(input.action) },
        checkInput: () => {
          action = promiseManageAction(input.action);
        },
        run: (platform, { actor: requester, author }) =>
          managePromiseWorkflows(
            access,
            credentials,
            platform,
            input.promise,
            action,
            { author, requester },
          ),
        outcome: r => ({ commit: r.commit ?? null }),
      });
      logger.info(`${result.message} by ${actor} through the actions registry`);
      return manageActOutput(result);
    },
  });
}
