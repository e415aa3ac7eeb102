import { NotFoundError } from '@backstage/errors';
import {
  extractPromiseApi,
  kratixReadPermission,
  ownershipMetadata,
  validateResourceRequest,
} from '@kratix-backstage/plugin-kratix-common';
import { readFrom } from '../service/platformFor';
import {
  KratixActionsOptions,
  platformFor,
  requireRead,
} from './KratixActionsOptions';
import { requestInputFields } from './requestInputs';

/**
 * Registers `kratix:validate-request`: checks a proposed request the way the REST API's
 * create does before it writes (the shared `validateResourceRequest` over the same name,
 * namespace, spec and ownership labels), and writes nothing.
 */
export function registerValidateRequestAction(options: KratixActionsOptions) {
  const { actionsRegistry, platforms, access } = options;
  actionsRegistry.register({
    name: 'validate-request',
    title: 'Validate a Kratix resource request',
    description: `Checks a proposed resource request against its Promise without writing anything: the name and namespace against the Kubernetes name rules, and spec against the Promise API's schema (types, required fields, enum, bounds, patterns), exactly as kratix:make-request and the REST API check it before they write.
Pass the same input you would pass to kratix:make-request. The answer is valid true, or valid false with one error per problem, each naming the field (spec.env, metadata.name, ...) and saying what is wrong; fix those and validate again.
exists says whether a request of that name is already there: kratix:make-request would then be refused, so choose another name.`,
    visibilityPermission: kratixReadPermission,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z => z.object(requestInputFields(z)),
      output: z =>
        z.object({
          valid: z
            .boolean()
            .describe('True when kratix:make-request would accept the request'),
          errors: z
            .array(
              z.object({
                field: z
                  .string()
                  .describe(
                    'The field at fault: spec.<path>, metadata.name, metadata.namespace, metadata.labels or promise',
                  ),
                message: z
                  .string()
                  .describe('A sentence naming the field and the problem'),
                keyword: z
                  .string()
                  .optional()
                  .describe(
                    'The rule that failed (required, enum, maximum, …)',
                  ),
              }),
            )
            .describe('Every problem found; empty when valid'),
          apiVersion: z
            .string()
            .optional()
            .describe('apiVersion the request would be written with'),
          kind: z
            .string()
            .optional()
            .describe('kind the request would be written with'),
          exists: z
            .boolean()
            .describe(
              'A request of this Promise, namespace and name already exists (or is proposed in an open pull request)',
            ),
        }),
    },
    async action({ input, credentials }) {
      await requireRead(access, credentials);
      const platform = await platformFor(platforms, input.platform);
      const output = await readFrom(platform, async () => {
        const promise = await platform.getPromise(input.promise);
        if (!promise)
          throw new NotFoundError(
            `promise: Promise "${input.promise}" not found on platform ${platform.name}`,
          );
        const caller = await access.caller(credentials);
        // The labels the write would record, so label rules are checked as they would be.
        const { labels } = ownershipMetadata(
          input.owner ?? caller.userRef,
          input.entity,
        );
        const result = validateResourceRequest(promise, {
          name: input.name,
          namespace: input.namespace,
          spec: input.spec,
          labels,
        });
        const api = extractPromiseApi(promise);
        const ref = {
          promise: promise.metadata.name,
          namespace: input.namespace,
          name: input.name,
        };
        const onPlatform = (
          await platform.listRequests({
            promise: ref.promise,
            namespace: ref.namespace,
          })
        ).some(r => r.metadata.name === ref.name);
        // Read afresh; a host that cannot be read is an error, not "free to create".
        const proposed =
          !onPlatform && !!(await platform.findPendingRequest?.(ref));
        return {
          valid: result.valid,
          errors: result.errors,
          apiVersion: api?.apiVersion,
          kind: api?.kind,
          exists: onPlatform || proposed,
        };
      });
      return { output };
    },
  });
}
