import { kratixReadPermission } from '@kratix-backstage/plugin-kratix-common';
import { readFrom } from '../service/platformFor';
import { startRequestDryRun, waitForDryRun } from '../service/requestDryRun';
import {
  KratixActionsOptions,
  PLATFORM_INPUT_DESCRIPTION,
} from './KratixActionsOptions';
import { runPlatformAct } from './platformAct';

/**
 * Registers `kratix:dry-run-request`: what `POST .../promises/:promise/dry-runs` starts
 * (the same permission, validation and audit event, `request-dry-run`), waiting a bounded
 * time for Kratix to finish and answering with the preview.
 */
export function registerDryRunRequestAction(options: KratixActionsOptions) {
  const { actionsRegistry, access } = options;
  actionsRegistry.register({
    name: 'dry-run-request',
    title: 'Preview what a Kratix resource request would change',
    description: `Asks the platform's Kratix to run a request's pipelines on a throwaway copy (Kratix's DryRun, a preview feature of newer Kratix) and answers with what each pipeline would add, modify or remove compared with what the request has now, including the component requests of a compound Promise. Nothing is applied to any Destination.
Give the request's promise, namespace and name (an existing request to preview an update, a new name to preview a creation) and the spec to try. The same checks as writing it apply: a new request needs kratix.resource.create, an existing one its owner or a platform admin, and the spec must fit the Promise's API (400 naming the field; nothing is started).
The answer is supported false with the reason where the platform cannot (gitops mode, or a Kratix without DryRun): use kratix:make-request or kratix:update-request with dryRun true instead. Otherwise state is completed (complete false when a component's preview is missing, message says which), failed (message says which pipeline), or still pending after timeoutSeconds.`,
    visibilityPermission: kratixReadPermission,
    // Creates a DryRun object on the platform, but changes no request or Destination.
    attributes: { readOnly: false, destructive: false, idempotent: false },
    schema: {
      input: z =>
        z.object({
          platform: z.string().optional().describe(PLATFORM_INPUT_DESCRIPTION),
          promise: z.string().min(1).describe('Name of the Promise'),
          namespace: z
            .string()
            .min(1)
            .describe('Namespace of the request on the platform'),
          name: z
            .string()
            .min(1)
            .describe(
              'Name of the request: an existing one to preview an update, a new one to preview a creation',
            ),
          spec: z
            .record(z.unknown())
            .optional()
            .describe(
              "The request's spec to try, as kratix:make-request takes it",
            ),
          timeoutSeconds: z
            .number()
            .int()
            .min(0)
            .max(600)
            .optional()
            .describe(
              'How long to wait for Kratix to finish, in seconds. Default 60',
            ),
        }),
      // The DryRunPreview document of kratix-common, as the REST API answers it.
      output: z =>
        z
          .object({
            supported: z
              .boolean()
              .describe('False where the platform cannot run a DryRun'),
            reason: z.string().optional().describe('Why not, when unsupported'),
            name: z.string().optional().describe("The DryRun's name"),
            namespace: z.string().optional(),
            state: z.enum(['pending', 'completed', 'failed']).optional(),
            complete: z
              .boolean()
              .optional()
              .describe('Whether the preview covers every component'),
            message: z.string().optional(),
            pipelines: z
              .array(z.any())
              .optional()
              .describe(
                'Per pipeline: added, modified and removed counts, and files (path, change, text: the document or a unified diff)',
              ),
            components: z
              .array(z.any())
              .optional()
              .describe(
                'Component requests of a compound request, each with its phase and pipelines',
              ),
            summary: z
              .string()
              .optional()
              .describe("Kratix's summary as written (markdown)"),
          })
          .passthrough(),
    },
    examples: [
      {
        title: 'Preview raising the agents of an existing Jenkins',
        input: {
          platform: 'prod',
          promise: 'jenkins',
          namespace: 'team-checkout',
          name: 'ci',
          spec: { env: 'dev', agents: 3 },
        },
        output: {
          supported: true,
          name: 'backstage-ci-4f9k2',
          namespace: 'team-checkout',
          state: 'completed',
          complete: true,
          pipelines: [
            {
              pipeline: 'instance-configure',
              added: 0,
              modified: 1,
              removed: 0,
              files: [
                {
                  path: 'jenkins-instance.yaml',
                  change: 'modified',
                  text: '--- a/jenkins-instance.yaml\n+++ b/jenkins-instance.yaml\n kind: Jenkins\n-  agents: 2\n+  agents: 3',
                },
              ],
            },
          ],
          components: [],
        },
      },
      {
        title: 'On a gitops platform',
        input: {
          platform: 'staging',
          promise: 'redis',
          namespace: 'team-search',
          name: 'cache',
          spec: { size: 'small' },
        },
        output: {
          supported: false,
          reason:
            "gitops mode has no cluster to run Kratix's DryRun; showing the document the suite would write",
        },
      },
    ],
    async action({ input, credentials, logger }) {
      const { platform: platformName, timeoutSeconds = 60, ...ref } = input;
      const { result, actor } = await runPlatformAct(options, credentials, {
        eventId: 'request-dry-run',
        platform: platformName,
        meta: {
          promise: ref.promise,
          namespace: ref.namespace,
          name: ref.name,
        },
        actAsUserRefusal: {
          does: 'creates DryRuns',
          instead: 'preview the request from its form instead',
        },
        run: async (platform, { actor: requester, author }) => {
          const caller = await access.caller(credentials);
          const started = await readFrom(platform, () =>
            startRequestDryRun(access, credentials, platform, ref, {
              caller,
              isAdmin: () => access.isPlatformAdmin(credentials, platform.name),
              canManage: r => access.canManage(credentials, platform.name, r),
              author,
              requester,
            }),
          );
          return readFrom(platform, () =>
            waitForDryRun(platform, started, timeoutSeconds * 1000),
          );
        },
        outcome: preview => ({
          supported: preview.supported,
          dryRun: preview.supported
            ? `${preview.namespace}/${preview.name}`
            : null,
        }),
      });
      logger.info(
        `Dry run of ${ref.namespace}/${ref.name} of Promise ${
          ref.promise
        } by ${actor} through the actions registry: ${
          result.supported ? result.state : 'not supported'
        }`,
      );
      return { output: result };
    },
  });
}
