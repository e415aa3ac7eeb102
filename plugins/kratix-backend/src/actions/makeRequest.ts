import {
  kratixEntityRef,
  kratixReadPermission,
  kratixResourceCreatePermission,
  requestEntityName,
} from '@kratix-backstage/plugin-kratix-common';
import { KratixActionsOptions } from './KratixActionsOptions';
import { writeRequestInputFields } from './requestInputs';
import { writeRequestAct } from './writeRequestAct';
import { writtenRequestOutputFields } from './writtenRequestOutput';

/**
 * Registers `kratix:make-request`: creates a resource request through the same write path
 * as `POST /platforms/:platform/promises/:promise/requests` and `kratix:resource:request`
 * (`writeResourceRequest`): the create permission, validation against the Promise's schema,
 * the owner rules and the audit trail, acting with the caller's credentials.
 */
export function registerMakeRequestAction(options: KratixActionsOptions) {
  const { actionsRegistry, access } = options;
  actionsRegistry.register({
    name: 'make-request',
    title: 'Make a Kratix resource request',
    description: `Requests a resource from a Kratix Promise on behalf of the signed-in user: validates it (as kratix:validate-request does), then writes it to the platform (an API create, a commit to the requests repository, or a pull request, by the platform's mode). Kratix then runs the Promise's pipelines and schedules the result to clusters.
Call kratix:validate-request first and fix every error it names. Creates a new request only: a name already taken is refused, never overwritten. The request is owned by the caller unless owner names a group the caller belongs to. Needs the kratix.resource.create permission.
With dryRun true nothing is written and the answer shows the document that would be. Afterwards, follow the request with kratix:get-request (platform, promise, namespace, name); a commit or pull request reaches the platform once merged and applied.`,
    visibilityPermission: kratixReadPermission,
    // Creates only, never overwrites or deletes (a taken name is refused), so not destructive.
    // Idempotent as MCP's idempotentHint means it ("calling it again with the same arguments
    // has no additional effect on its environment"): the create is keyed by the request's
    // name in every mode (the document's path, its proposal branch and open pull request, the
    // API object), so a repeat writes nothing; it answers 409 instead of the first output.
    attributes: { readOnly: false, destructive: false, idempotent: true },
    schema: {
      input: z => z.object(writeRequestInputFields(z)),
      output: z =>
        z.object({
          ...writtenRequestOutputFields(z, {
            action: 'created (or, in a dry run, what a real run would do)',
            pullRequestUrl:
              'The pull request that proposes it, where the platform writes through pull requests; it takes effect once merged',
          }),
          entityRef: z
            .string()
            .describe(
              "Ref of the request's catalog entity, once the catalog has read it",
            ),
        }),
    },
    async action({ input, credentials, logger }) {
      const { promise, dryRun, namespace, name } = input;
      const {
        result,
        actor,
        platform: target,
      } = await writeRequestAct(options, credentials, input, {
        operation: 'create',
        allow: () =>
          access.require(credentials, kratixResourceCreatePermission),
        instead:
          'make this request from its template or the Kratix pages instead',
      });
      logger.info(
        `${dryRun ? 'Dry run of request' : 'Request'} ${result.requestRef} ${
          result.action
        } by ${actor} through the actions registry`,
      );
      return {
        output: {
          action: result.action,
          requestRef: result.requestRef,
          entityRef: kratixEntityRef(
            'component',
            requestEntityName(target.name, promise, namespace, name),
          ),
          path: result.path,
          commit: result.commit,
          pullRequestUrl: result.pullRequestUrl,
          document: result.document,
          dryRun: result.dryRun,
        },
      };
    },
  });
}
