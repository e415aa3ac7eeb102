import {
  AuditorService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  kratixEntityRef,
  kratixResourceCreatePermission,
  requestEntityName,
} from '@kratix-backstage/plugin-kratix-common';
import {
  audited,
  KratixAccess,
  KratixPlatformsService,
  writeResourceRequest,
} from '@kratix-backstage/plugin-kratix-node';
import { initiatorOf, silentAuditor } from './actionContext';
import { examples } from './resourceRequest.examples';

/**
 * The task secret that carries the signed-in user's cluster token, set by the frontend's
 * `KratixClusterCredentials` field for platforms that write as the user.
 */
const KRATIX_CLUSTER_TOKEN_SECRET = 'kratixClusterToken';

/**
 * Creates `kratix:resource:request`: builds a request of a Promise's API, validates it
 * against the Promise's schema and the Kubernetes name rules before anything is written,
 * then delivers it by the platform's mode. It creates a new request and refuses an existing
 * name; with `update: true` it updates an existing request, which only its owner or a
 * platform admin may.
 * @public
 */
export function createKratixResourceRequestAction(options: {
  platforms: Pick<KratixPlatformsService, 'get'>;
  permissions: Pick<PermissionsService, 'authorize'>;
  /** Tells which groups the user belongs to, so they may record one of them as owner. */
  userInfo?: Pick<UserInfoService, 'getUserInfo'>;
  auditor?: Pick<AuditorService, 'createEvent'>;
}) {
  const { platforms } = options;
  const access = new KratixAccess(options.permissions, options.userInfo);
  const auditor = options.auditor ?? silentAuditor;
  return createTemplateAction({
    id: 'kratix:resource:request',
    description:
      "Requests a resource from a Kratix Promise (or updates one the user owns): validates it against the Promise's API, then writes it to the platform (API, commit or pull request).",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        platform: z =>
          z.string().describe('Name of the configured Kratix platform'),
        promise: z =>
          z.string().describe('Name of the Promise whose API the request uses'),
        name: z =>
          z
            .string()
            .describe(
              'Name of the request (a DNS-1123 label, at most 63 characters)',
            ),
        namespace: z =>
          z.string().describe('Namespace of the request on the platform'),
        spec: z =>
          z
            .record(z.unknown())
            .optional()
            .describe(
              "The request's spec, checked against the Promise's schema",
            ),
        owner: z =>
          z
            .string()
            .optional()
            .describe(
              'Entity ref of the owner: the user running the template (default) or a group they belong to',
            ),
        entity: z =>
          z
            .string()
            .optional()
            .describe('Entity ref of the Backstage entity the request is for'),
        update: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Update an existing request (its owner or a platform admin) instead of creating a new one. Default false',
            ),
      },
      output: {
        requestRef: z =>
          z.string().describe('The request as platform/namespace/kind/name'),
        entityRef: z =>
          z.string().describe("Ref of the request's catalog entity"),
        path: z =>
          z
            .string()
            .optional()
            .describe(
              'Path of the request document in the requests repository',
            ),
        commit: z =>
          z
            .string()
            .optional()
            .describe('SHA of the commit that holds the request (git modes)'),
        pullRequestUrl: z =>
          z
            .string()
            .optional()
            .describe(
              'The pull request that proposes it, where the platform writes through pull requests',
            ),
        action: z => z.string().describe('created, updated or unchanged'),
        document: z =>
          z
            .string()
            .describe(
              'The request document as YAML: the one written, or in a dry run the one that would be',
            ),
      },
    },
    async handler(ctx) {
      const {
        platform: platformName,
        promise: promiseName,
        name,
        namespace,
        spec,
        owner,
        entity,
        update,
      } = ctx.input;
      // The user's own cluster token, put in the task's secrets by the KratixClusterCredentials
      // field; it is handed to the platform only, never logged nor output.
      const token = ctx.secrets?.[KRATIX_CLUSTER_TOKEN_SECRET];
      const asUser = token ? { token } : undefined;
      const { credentials, actor, author } = await initiatorOf(ctx);
      const operation = update ? 'update' : 'create';
      // Every check that can refuse the write runs inside its audit event, so a refusal is audited too.
      const write = (dryRun: boolean) =>
        audited(
          auditor,
          {
            eventId: `request-${operation}`,
            meta: {
              actor,
              platform: platformName,
              promise: promiseName,
              namespace,
              name,
              dryRun,
              via: 'scaffolder',
            },
          },
          async () => {
            const platform = platforms.get(platformName);
            if (!platform) {
              throw new InputError(
                `platform: no Kratix platform named "${platformName}"`,
              );
            }
            // In hybrid mode requests are commits; only a kubernetes-mode write goes to the cluster as the user.
            if (
              platform.actAsUser &&
              platform.mode === 'kubernetes' &&
              !asUser
            ) {
              const provider = platform.actAsUser.authProvider;
              throw new InputError(
                `Platform ${platformName} writes requests as the signed-in user, but this run carries no cluster token: ` +
                  `the template needs a parameter with "ui:field: KratixClusterCredentials" and "ui:options: { platform: ${platformName} }", ` +
                  `and the user must be signed in to the "${provider}" auth provider`,
              );
            }
            if (operation === 'create')
              await access.require(credentials, kratixResourceCreatePermission);
            return writeResourceRequest(
              platform,
              promiseName,
              { name, namespace, spec, owner, entity },
              {
                operation,
                dryRun,
                writer: {
                  caller: await access.caller(credentials),
                  isAdmin: () =>
                    access.isPlatformAdmin(credentials, platformName),
                  canManage: ref =>
                    access.canManage(credentials, platformName, ref),
                  author,
                  asUser,
                },
              },
            );
          },
          result => ({
            action: result.action,
            path: result.path,
            commit: result.commit ?? null,
          }),
        );
      const entityRef = kratixEntityRef(
        'component',
        requestEntityName(platformName, promiseName, namespace, name),
      );

      if (ctx.isDryRun) {
        const preview = await write(true);
        ctx.logger.info(
          `Dry run: would ${operation} ${preview.path}:\n${preview.document}`,
        );
        ctx.output('requestRef', preview.requestRef);
        ctx.output('entityRef', entityRef);
        ctx.output('path', preview.path);
        ctx.output('action', preview.action);
        // What a real run would write, for the template editor's dry run to show.
        ctx.output('document', preview.document);
        return;
      }

      const result = await ctx.checkpoint({
        key: `kratix.request.${operation}.${platformName}.${namespace}.${name}`,
        fn: async () => {
          const written = await write(false);
          ctx.logger.info(
            `Validated ${written.request.apiVersion} ${written.request.kind} ${namespace}/${name} against Promise ${promiseName}`,
          );
          return {
            requestRef: written.requestRef,
            path: written.path,
            commit: written.commit ?? '',
            pullRequestUrl: written.pullRequestUrl ?? '',
            action: written.action,
            document: written.document,
          };
        },
      });
      ctx.logger.info(
        `${
          result.action === 'unchanged'
            ? 'Already up to date'
            : `Request ${result.action}`
        }: ${result.path}${
          result.commit ? ` at ${result.commit.slice(0, 12)}` : ''
        }${result.pullRequestUrl ? ` (${result.pullRequestUrl})` : ''}`,
      );
      ctx.output('requestRef', result.requestRef);
      ctx.output('entityRef', entityRef);
      ctx.output('path', result.path);
      if (result.commit) ctx.output('commit', result.commit);
      if (result.pullRequestUrl)
        ctx.output('pullRequestUrl', result.pullRequestUrl);
      ctx.output('action', result.action);
      // A checkpoint recorded before this output existed has no document to give.
      if (result.document) ctx.output('document', result.document);
    },
  });
}
