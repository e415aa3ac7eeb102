import { kratixReadPermission } from '@kratix-backstage/plugin-kratix-common';
import { KratixActionsOptions } from './KratixActionsOptions';
import { writeRequestInputFields } from './requestInputs';
import { writeRequestAct } from './writeRequestAct';
import { writtenRequestOutputFields } from './writtenRequestOutput';

/**
 * Registers `kratix:update-request`: changes an existing request's spec through the same
 * write path as `PUT /platforms/:platform/promises/:promise/requests/:namespace/:name` and
 * `kratix:resource:request` with `update: true` (`writeResourceRequest`): the manage
 * permission on that request, validation against the Promise's API and against the
 * PromiseRevision the request is bound to, the owner rules and the audit trail.
 */
export function registerUpdateRequestAction(options: KratixActionsOptions) {
  const { actionsRegistry } = options;
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
      input: z => z.object(writeRequestInputFields(z)),
      output: z =>
        z.object({
          ...writtenRequestOutputFields(z, {
            action:
              'updated or unchanged (in a dry run, what a real run would do)',
            pullRequestUrl:
              'The pull request that proposes the change, where the platform writes through pull requests; it takes effect once merged',
          }),
          boundRevisionVersion: z
            .string()
            .optional()
            .describe(
              'The Promise revision the request is bound to, whose API the spec was checked against too',
            ),
        }),
    },
    async action({ input, credentials, logger }) {
      const { dryRun } = input;
      const { result, actor } = await writeRequestAct(
        options,
        credentials,
        input,
        {
          operation: 'update',
          instead: 'update this request from its page instead',
        },
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
