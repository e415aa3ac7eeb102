import { ActionsRegistryActionOptions } from '@backstage/backend-plugin-api/alpha';
import { PLATFORM_INPUT_DESCRIPTION } from './KratixActionsOptions';

/** The zod the actions registry hands to schema callbacks (its own copy, not ours). */
type RegistryZod = Parameters<
  ActionsRegistryActionOptions<any, any>['schema']['input']
>[0];

/**
 * The shape, written out: an inferred one would name the registry's private copy of zod in
 * the declarations, which cannot be emitted portably.
 */
type RequestInputShape = {
  platform: ReturnType<ReturnType<RegistryZod['string']>['optional']>;
  promise: ReturnType<RegistryZod['string']>;
  name: ReturnType<RegistryZod['string']>;
  namespace: ReturnType<RegistryZod['string']>;
  spec: ReturnType<ReturnType<RegistryZod['record']>['optional']>;
  owner: ReturnType<ReturnType<RegistryZod['string']>['optional']>;
  entity: ReturnType<ReturnType<RegistryZod['string']>['optional']>;
};

/**
 * The fields of a new request, shared by `kratix:validate-request` and `kratix:make-request`
 * so both take exactly what `POST /platforms/:platform/promises/:promise/requests` takes.
 */
export function requestInputFields(z: RegistryZod): RequestInputShape {
  return {
    platform: z.string().optional().describe(PLATFORM_INPUT_DESCRIPTION),
    promise: z
      .string()
      .describe(
        'Name of the Promise whose API the request uses (a kratix:list-promises row with hasApi true)',
      ),
    name: z
      .string()
      .describe(
        'Name of the request: a DNS-1123 label (lower-case letters, digits and "-", at most 63 characters)',
      ),
    namespace: z
      .string()
      .describe(
        "Namespace of the request on the platform, usually the requesting team's (a DNS-1123 label)",
      ),
    spec: z
      .record(z.unknown())
      .optional()
      .describe(
        "The request's spec: an object with the fields kratix:list-promises lists for the Promise (specFields); defaults fill what is left out",
      ),
    owner: z
      .string()
      .optional()
      .describe(
        'Entity ref of the owner to record, e.g. group:default/team-checkout: the caller (the default) or a group the caller belongs to; platform admins may name anyone',
      ),
    entity: z
      .string()
      .optional()
      .describe(
        'Entity ref of the Backstage entity the request is for, e.g. component:default/storefront',
      ),
  };
}

/** The input of a write (`kratix:make-request`, `kratix:update-request`): a request and dryRun. */
export function writeRequestInputFields(z: RegistryZod): RequestInputShape & {
  dryRun: ReturnType<ReturnType<RegistryZod['boolean']>['optional']>;
} {
  return {
    ...requestInputFields(z),
    dryRun: z
      .boolean()
      .optional()
      .describe(
        'Check everything and show the document that would be written, without writing it. Default false',
      ),
  };
}
