import { ActionsRegistryActionOptions } from '@backstage/backend-plugin-api/alpha';
import { ManageActResult } from '@kratix-backstage/plugin-kratix-node';

/** The zod the actions registry hands to output schema callbacks (its own copy, not ours). */
type RegistryZod = Parameters<
  ActionsRegistryActionOptions<any, any>['schema']['output']
>[0];

/** The shape, written out (an inferred one would name the registry's private zod). */
type ManageActOutputShape = {
  message: ReturnType<RegistryZod['string']>;
  commit: ReturnType<ReturnType<RegistryZod['string']>['optional']>;
  pullRequestUrl: ReturnType<ReturnType<RegistryZod['string']>['optional']>;
};

/**
 * The output of a manage act (`kratix:manage-promise`, `kratix:manage-request`): what the
 * platform's managePromise and manageRequest return.
 */
export function manageActOutputFields(z: RegistryZod): ManageActOutputShape {
  return {
    message: z.string().describe('What was done'),
    commit: z
      .string()
      .optional()
      .describe('SHA of the commit that carries it (git modes)'),
    pullRequestUrl: z
      .string()
      .optional()
      .describe('The pull request that proposes it, once merged'),
  };
}

/** A manage act's result as the action's output: only the fields the schema names. */
export function manageActOutput(result: ManageActResult): {
  output: ManageActResult;
} {
  return {
    output: {
      message: result.message,
      commit: result.commit,
      pullRequestUrl: result.pullRequestUrl,
    },
  };
}
