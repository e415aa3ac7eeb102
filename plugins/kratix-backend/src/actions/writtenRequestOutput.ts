import { ActionsRegistryActionOptions } from '@backstage/backend-plugin-api/alpha';

/** The zod the actions registry hands to output schema callbacks (its own copy, not ours). */
type RegistryZod = Parameters<
  ActionsRegistryActionOptions<any, any>['schema']['output']
>[0];

type RegistryString = ReturnType<RegistryZod['string']>;
type OptionalString = ReturnType<RegistryString['optional']>;

/** The shape, written out (an inferred one would name the registry's private zod). */
type WrittenRequestOutputShape = {
  action: RegistryString;
  requestRef: RegistryString;
  path: RegistryString;
  commit: OptionalString;
  pullRequestUrl: OptionalString;
  document: RegistryString;
  dryRun: ReturnType<RegistryZod['boolean']>;
};

/**
 * The output of a request write (`kratix:make-request`, `kratix:update-request`), what
 * writeResourceRequest returns; each action describes its own `action` and pull request.
 */
export function writtenRequestOutputFields(
  z: RegistryZod,
  describe: { action: string; pullRequestUrl: string },
): WrittenRequestOutputShape {
  return {
    action: z.string().describe(describe.action),
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
    pullRequestUrl: z.string().optional().describe(describe.pullRequestUrl),
    document: z.string().describe('The request document as YAML, as written'),
    dryRun: z.boolean(),
  };
}
