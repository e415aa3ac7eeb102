import {
  extractPromiseApi,
  kratixReadPermission,
} from '@kratix-backstage/plugin-kratix-common';
import { fromEach } from '../routes/ensureSynced';
import {
  byPromiseName,
  promiseRowMatches,
  readPromiseRows,
} from '../service/readPromiseRows';
import { KratixActionsOptions, requireRead } from './KratixActionsOptions';
import { summarizeSpecSchema } from './summarizeSpecSchema';

/**
 * Registers `kratix:list-promises`: every Promise of every platform (or one), with its
 * availability and the API a request of it uses, its `spec` fields summarised.
 */
export function registerListPromisesAction(options: KratixActionsOptions) {
  const { actionsRegistry, platforms, access } = options;
  actionsRegistry.register({
    name: 'list-promises',
    title: 'List Kratix Promises',
    description: `Lists the Promises (platform services such as databases or CI servers) that can be requested from Kratix, one row per Promise and platform.
Each row gives the Promise's name, version and availability (only an Available Promise fulfils requests), and, for Promises with an API, the apiVersion and kind of a request and its spec fields (type, required, enum, default, bounds, pattern).
Use the platform and name of a row as the platform and promise inputs of kratix:explain-promise-placement, kratix:validate-request and kratix:make-request. A Promise with hasApi false takes no requests: it only installs worker resources on clusters.`,
    visibilityPermission: kratixReadPermission,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          platform: z
            .string()
            .optional()
            .describe(
              'Only the Promises of this configured platform; all platforms when left out',
            ),
          search: z
            .string()
            .optional()
            .describe(
              'Only Promises whose name, kind or description contains this text (case-insensitive)',
            ),
        }),
      output: z =>
        z.object({
          promises: z.array(
            z.object({
              platform: z.string().describe('The platform the Promise is on'),
              name: z.string().describe('Name of the Promise'),
              version: z
                .string()
                .optional()
                .describe('Its kratix.io/promise-version label'),
              availability: z
                .string()
                .describe(
                  'Available, Unavailable, Paused, Suspended or Unknown; only Available Promises fulfil requests',
                ),
              reason: z.string().optional(),
              message: z
                .string()
                .optional()
                .describe('Why it has that availability'),
              description: z.string().optional(),
              categories: z.array(z.string()),
              requiredPromises: z
                .array(z.string())
                .describe(
                  'Promises a request of this (composite) Promise also requests',
                ),
              requestCount: z
                .number()
                .describe('Requests of this Promise on the platform'),
              hasApi: z
                .boolean()
                .describe('Whether the Promise takes requests at all'),
              api: z
                .object({
                  group: z.string(),
                  version: z.string(),
                  apiVersion: z
                    .string()
                    .describe('apiVersion of a new request'),
                  kind: z
                    .string()
                    .describe('kind of a request, spelt exactly as written'),
                  plural: z.string(),
                  scope: z
                    .string()
                    .describe(
                      'Namespaced (a request needs a namespace) or Cluster',
                    ),
                  specFields: z
                    .array(
                      z.object({
                        path: z
                          .string()
                          .describe(
                            'Dotted path under spec, e.g. env, database.size, plugins[]',
                          ),
                        type: z.string(),
                        required: z
                          .boolean()
                          .describe('Required within its parent object'),
                        description: z.string().optional(),
                        enum: z.array(z.unknown()).optional(),
                        default: z.unknown().optional(),
                        minimum: z.number().optional(),
                        maximum: z.number().optional(),
                        minLength: z.number().optional(),
                        maxLength: z.number().optional(),
                        pattern: z.string().optional(),
                        format: z.string().optional(),
                        freeForm: z
                          .boolean()
                          .optional()
                          .describe('The object takes keys not listed'),
                      }),
                    )
                    .describe('The fields of spec a request fills in'),
                  specFieldsTruncated: z
                    .boolean()
                    .describe(
                      'True when deeply nested or very many fields were left out of specFields',
                    ),
                })
                .optional()
                .describe(
                  'The API a request uses; absent when hasApi is false',
                ),
            }),
          ),
          errors: z
            .array(z.object({ platform: z.string(), message: z.string() }))
            .describe('Platforms that could not be read, and why'),
        }),
    },
    async action({ input, credentials }) {
      await requireRead(access, credentials);
      const search = input.search?.toLowerCase();
      const selected = input.platform
        ? platforms.list().filter(p => p.name === input.platform)
        : platforms.list();
      const { items, errors } = await fromEach(selected, async platform =>
        (
          await readPromiseRows(platform)
        )
          .filter(({ item }) => promiseRowMatches(item, search))
          .map(({ promise, item }) => {
            const api = extractPromiseApi(promise);
            const spec = summarizeSpecSchema(api?.specSchema);
            return {
              platform: item.platform,
              name: item.name,
              version: item.version,
              availability: item.availability,
              reason: item.reason,
              message: item.message,
              description: item.description,
              categories: item.categories,
              requiredPromises: item.requiredPromises,
              requestCount: item.requestCount,
              hasApi: item.hasApi,
              api: api && {
                group: api.group,
                version: api.storageVersion,
                apiVersion: api.apiVersion,
                kind: api.kind,
                plural: api.plural,
                scope: api.scope,
                specFields: spec.fields,
                specFieldsTruncated: spec.truncated,
              },
            };
          }),
      );
      if (input.platform && selected.length === 0)
        errors.push({
          platform: input.platform,
          message: `No Kratix platform named "${input.platform}"`,
        });
      return {
        output: {
          promises: items.sort(byPromiseName),
          errors,
        },
      };
    },
  });
}
