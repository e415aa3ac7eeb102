import { InputError, NotAllowedError } from '@backstage/errors';
import {
  kratixReadPermission,
  kratixResourceManageAnyPermission,
} from '@kratix-backstage/plugin-kratix-common';
import {
  moveRequestsToRevision,
  readPromiseRevisions,
} from '../service/promiseRevisions';
import {
  KratixActionsOptions,
  platformFor,
  PLATFORM_INPUT_DESCRIPTION,
  requireRead,
} from './KratixActionsOptions';
import { runPlatformAct } from './platformAct';

/**
 * Registers `kratix:list-promise-revisions` (what `GET .../promises/:promise/revisions`
 * answers) and `kratix:move-requests` (the admins' bulk move of
 * `POST .../revisions/:version/move`, with its checks and its audit event).
 */
export function registerPromiseRevisionActions(options: KratixActionsOptions) {
  const { actionsRegistry, platforms, access } = options;
  actionsRegistry.register({
    name: 'list-promise-revisions',
    title: 'List the versions of a Kratix Promise',
    description: `Lists the versions (PromiseRevisions) a Kratix platform retains of a Promise, newest first with the latest marked, and for each the resource requests running it (from their ResourceBindings): pinned to a version or floating (following latest), the version bound and the one applied, and any upgrade in progress or failed. Counts the requests on a revision older than the latest. Give from and to (two versions) to get what changed between them: the request API's schema property by property, and the workflows, dependencies and required Promises as line diffs.
In gitops mode ResourceBindings are not in git, so available is false (or requestsUnavailable says why) and reason explains what cannot be shown.`,
    visibilityPermission: kratixReadPermission,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          platform: z.string().optional().describe(PLATFORM_INPUT_DESCRIPTION),
          promise: z.string().min(1).describe('Name of the Promise'),
          from: z
            .string()
            .min(1)
            .optional()
            .describe('With to: the older version of a diff'),
          to: z
            .string()
            .min(1)
            .optional()
            .describe('With from: the newer version of a diff'),
        }),
      // The same document as the REST route (kratix-common PromiseRevisionsResponse).
      output: z => z.object({}).passthrough(),
    },
    async action({ input, credentials }) {
      await requireRead(access, credentials);
      if (!!input.from !== !!input.to)
        throw new InputError('from and to: a diff needs both versions');
      const platform = await platformFor(platforms, input.platform);
      const output = await readPromiseRevisions(
        platform,
        input.promise,
        input.from && input.to ? { from: input.from, to: input.to } : undefined,
      );
      return { output: output as unknown as Record<string, unknown> };
    },
  });

  actionsRegistry.register({
    name: 'move-requests',
    title: 'Move Kratix resource requests to another Promise version',
    description: `Moves resource requests of a Promise to another version the platform retains (a PromiseRevision, or latest to follow the newest): each request's ResourceBinding gets that version and Kratix reconciles the request against it. Only a platform admin may (kratix.resource.manage-any); one request's owner moves it with kratix:manage-request (action upgrade). A version that is not retained is refused (409) and nothing moves; each request is moved or not on its own, with the reason. In gitops mode the move is the request's ResourceBinding declared in git (committed, or proposed as a pull request where the platform proposes changes); a request on a platform whose Kratix has no PromiseRevisions cannot move (409). Check the versions with kratix:list-promise-revisions.`,
    visibilityPermission: kratixReadPermission,
    // Not additive: the requests' pipelines run against another version, whose workflows may
    // remove what the old one made (MCP's destructiveHint); moving to the same version again
    // changes nothing.
    attributes: { readOnly: false, destructive: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          platform: z.string().optional().describe(PLATFORM_INPUT_DESCRIPTION),
          promise: z.string().min(1).describe('Name of the Promise'),
          version: z
            .string()
            .min(1)
            .describe('The retained version to move to, or latest'),
          requests: z
            .array(
              z.object({
                namespace: z.string().min(1),
                name: z.string().min(1),
              }),
            )
            .min(1)
            .describe('The requests to move'),
        }),
      output: z =>
        z.object({
          version: z.string(),
          moved: z.number().describe('How many were moved'),
          failed: z.number().describe('How many could not be'),
          results: z
            .array(
              z.object({
                namespace: z.string(),
                name: z.string(),
                moved: z.boolean(),
                message: z.string().optional(),
                error: z
                  .object({ name: z.string(), message: z.string() })
                  .optional(),
              }),
            )
            .describe('Each request, moved or why not'),
        }),
    },
    async action({ input, credentials, logger }) {
      const { promise, version, requests } = input;
      const { result, actor } = await runPlatformAct(options, credentials, {
        eventId: 'requests-move',
        severityLevel: 'high',
        platform: input.platform,
        meta: {
          promise,
          version,
          requests: requests.map(r => `${r.namespace}/${r.name}`),
        },
        allow: async platform => {
          if (!(await access.isPlatformAdmin(credentials, platform.name)))
            throw new NotAllowedError(
              `Not allowed: ${kratixResourceManageAnyPermission.name} on platform ${platform.name} (only a platform admin moves many requests)`,
            );
        },
        actAsUserRefusal: {
          does: 'acts',
          instead: 'move these requests from the Kratix pages instead',
        },
        run: (platform, { actor: requester, author }) =>
          moveRequestsToRevision(platform, promise, version, requests, {
            author,
            requester,
          }),
        outcome: r => ({ moved: r.moved, failed: r.failed }),
      });
      logger.info(
        `Moved ${result.moved} of ${result.results.length} requests of Promise ${promise} to ${version} by ${actor} through the actions registry`,
      );
      return { output: result };
    },
  });
}
