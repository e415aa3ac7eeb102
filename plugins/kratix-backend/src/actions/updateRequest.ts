import { InputError } from '@backstage/errors';
import { kratixReadPermission } from '@kratix-backstage/plugin-kratix-common';
import {
  audited,
  writeResourceRequest,
} from '@kratix-backstage/plugin-kratix-node';
import { readFrom } from '../service/platformFor';
import {
  actorOf,
  KratixActionsOptions,
  onlyPlatformName,
  platformFor,
  requireRead,
} from './KratixActionsOptions';
import { requestInputFields } from './requestInputs';

/**
 * Registers `kratix:update-request`: changes an existing request's spec through the same
 * write path as `PUT /platforms/:platform/promises/:promise/requests/:namespace/:name` and
 * `kratix:resource:request` with `update: true` (`writeResourceRequest`): the manage
 * permission on that request, validation against the Promise's API and against the
 * PromiseRevision the request is bound to, the owner rules and the audit trail.
 */
export function registerUpdateRequestAction(options: KratixActionsOptions) {
  const { actionsRegistry, platforms, access, auditor, authorOf } = options;
  actionsRegistry.register({
    name: 'update-request',
    title: 'Update a Kratix resource request',
    description: `Changes the spec of an existing Kratix resource request on behalf of the signed-in user: only its owner or a platform admin may. The new spec replaces the old one and must fit the Promise's API and, where the platform has Promise revisions, the API of the revision the request is bound to (the error names the version).
Call with dryRun true first: nothing is written, and the answer shows the document that would be, and boundRevisionVersion names the revision it was checked against. Then call again without dryRun. The platform writes it by its mode (an API update, a commit, or a pull request); follow it with kratix:get-request.`,
    visibilityPermission: kratixReadPermission,
    // Replaces the spec of one request (what the new spec leaves out is gone: not merely
    // additive, so destructive); the same input twice leaves the request as the first did.
    attributes: { readOnly: false, destructive: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          ...requestInputFields(z),
          dryRun: z
            .boolean()
            .optional()
            .describe(
              'Check everything and show the document that would be written, without writing it. Default false',
            ),
        }),
      output: z =>
        z.object({
          action: z
            .string()
            .describe(
              'updated or unchanged (in a dry run, what a real run would do)',
            ),
          requestRef: z
            .string()
            .describe('The request as platform/namespace/kind/name'),
          path: z
            .string()
            .describe(
              'Where the request document is: its path in the requests repository, or its API path',
            ),
          commit: z
            .string()
            .optional()
            .describe('SHA of the commit that holds it (git modes)'),
          pullRequestUrl: z
            .string()
            .optional()
            .describe(
              'The pull request that proposes the change, where the platform writes through pull requests; it takes effect once merged',
            ),
          boundRevisionVersion: z
            .string()
            .optional()
            .describe(
              'The Promise revision the request is bound to, whose API the spec was checked against too',
            ),
          document: z
            .string()
            .describe('The request document as YAML, as written'),
          dryRun: z.boolean(),
        }),
    },
    async action({ input, credentials, logger }) {
      const { platform: platformName, promise, dryRun, ...fields } = input;
      const actor = actorOf(credentials);
      const result = await audited(
        auditor,
        {
          eventId: 'request-update',
          meta: {
            actor,
            platform: platformName ?? onlyPlatformName(platforms) ?? '',
            promise,
            namespace: fields.namespace,
            name: fields.name,
            dryRun: !!dryRun,
            via: 'actions',
          },
        },
        async () => {
          await requireRead(access, credentials);
          const platform = await platformFor(platforms, platformName);
          // The REST API takes the user's cluster token from a header the registry cannot carry.
          if (platform.actAsUser && platform.mode === 'kubernetes') {
            throw new InputError(
              `Platform ${platform.name} writes requests with the signed-in user's own cluster identity (${platform.actAsUser.authProvider}), which an action call does not carry: update this request from its page instead`,
            );
          }
          const author = actor.startsWith('service:')
            ? undefined
            : await authorOf(actor);
          const caller = await access.caller(credentials);
          return readFrom(platform, () =>
            writeResourceRequest(platform, promise, fields, {
              operation: 'update',
              dryRun,
              writer: {
                caller,
                isAdmin: () =>
                  access.isPlatformAdmin(credentials, platform.name),
                canManage: ref =>
                  access.canManage(credentials, platform.name, ref),
                author,
              },
            }),
          );
        },
        written => ({
          action: written.action,
          path: written.path,
          commit: written.commit ?? null,
        }),
      );
      logger.info(
        `${dryRun ? 'Dry run of update of' : 'Update of'} ${
          result.requestRef
        }: ${result.action} by ${actor} through the actions registry`,
      );
      return {
        output: {
          action: result.action,
          requestRef: result.requestRef,
          path: result.path,
          commit: result.commit,
          pullRequestUrl: result.pullRequestUrl,
          boundRevisionVersion: result.boundRevisionVersion,
          document: result.document,
          dryRun: result.dryRun,
        },
      };
    },
  });
}
