import { PermissionsService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  buildResourceRequest,
  kratixEntityRef,
  kratixResourceCreatePermission,
  ownershipMetadata,
  requestEntityName,
  validateResourceRequest,
} from '@kratix-backstage/plugin-kratix-common';
import { KratixPlatformsService } from '@kratix-backstage/plugin-kratix-node';
import { examples } from './resourceRequest.examples';

/**
 * Creates `kratix:resource:request`: builds a request of a Promise's API, validates it
 * against the Promise's schema and the Kubernetes name rules before anything is written,
 * then delivers it by the platform's mode. Creating an existing request updates it.
 * @public
 */
export function createKratixResourceRequestAction(options: {
  platforms: Pick<KratixPlatformsService, 'get'>;
  permissions: PermissionsService;
}) {
  const { platforms, permissions } = options;
  return createTemplateAction({
    id: 'kratix:resource:request',
    description:
      "Requests a resource from a Kratix Promise: validates it against the Promise's API, then writes it to the platform (API, commit or pull request).",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        platform: z => z.string().describe('Name of the configured Kratix platform'),
        promise: z => z.string().describe('Name of the Promise whose API the request uses'),
        name: z => z.string().describe('Name of the request (a DNS-1123 label, at most 63 characters)'),
        namespace: z => z.string().describe('Namespace of the request on the platform'),
        spec: z =>
          z.record(z.unknown()).optional().describe("The request's spec, checked against the Promise's schema"),
        owner: z => z.string().optional().describe('Entity ref of the owner, e.g. group:default/team-a'),
        entity: z => z.string().optional().describe('Entity ref of the Backstage entity the request is for'),
      },
      output: {
        requestRef: z => z.string().describe('The request as platform/namespace/kind/name'),
        entityRef: z => z.string().describe("Ref of the request's catalog entity"),
        path: z => z.string().optional().describe('Path of the request document in the requests repository'),
        commit: z => z.string().optional().describe('SHA of the commit that holds the request (git modes)'),
        action: z => z.string().describe('created, updated or unchanged'),
      },
    },
    async handler(ctx) {
      const { platform: platformName, promise: promiseName, name, namespace, spec, owner, entity } = ctx.input;
      const platform = platforms.get(platformName);
      if (!platform) {
        throw new InputError(`platform: no Kratix platform named "${platformName}"`);
      }
      const [decision] = await permissions.authorize([{ permission: kratixResourceCreatePermission }], {
        credentials: await ctx.getInitiatorCredentials(),
      });
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(`Not allowed to request resources (${kratixResourceCreatePermission.name})`);
      }
      const promise = await platform.getPromise(promiseName);
      if (!promise) {
        throw new NotFoundError(`promise: Promise "${promiseName}" not found on platform ${platformName}`);
      }
      const ownerRef = owner ?? ctx.user?.ref;
      const { labels, annotations } = ownershipMetadata(ownerRef, entity);
      const validation = validateResourceRequest(promise, { name, namespace, spec, labels });
      if (!validation.valid) {
        throw new InputError(
          `The request is not valid for Promise ${promiseName}: ${validation.errors
            .map(e => e.message)
            .join('; ')}`,
        );
      }
      const request = buildResourceRequest(promise, {
        name,
        namespace,
        spec: spec as Record<string, unknown> | undefined,
        labels,
        annotations,
      });
      const requestRef = `${platformName}/${namespace}/${request.kind}/${name}`;
      const entityRef = kratixEntityRef('component', requestEntityName(platformName, promiseName, namespace, name));
      ctx.logger.info(`Validated ${request.apiVersion} ${request.kind} ${namespace}/${name} against Promise ${promiseName}`);

      if (ctx.isDryRun) {
        const preview = await platform.submitRequest(promiseName, request, { dryRun: true });
        ctx.logger.info(`Dry run: would ${preview.action === 'created' ? 'create' : 'update'} ${preview.path}`);
        ctx.output('requestRef', requestRef);
        ctx.output('entityRef', entityRef);
        ctx.output('path', preview.path);
        ctx.output('action', preview.action);
        return;
      }

      const result = await ctx.checkpoint({
        key: `kratix.request.${platformName}.${namespace}.${name}`,
        fn: async () => {
          const submitted = await platform.submitRequest(promiseName, request, {
            author: ownerRef ? { name: ownerRef, email: 'backstage@localhost' } : undefined,
          });
          return { path: submitted.path, commit: submitted.commit ?? '', action: submitted.action };
        },
      });
      ctx.logger.info(
        `${result.action === 'unchanged' ? 'Already up to date' : `Request ${result.action}`}: ${result.path}${
          result.commit ? ` at ${result.commit.slice(0, 12)}` : ''
        }`,
      );
      ctx.output('requestRef', requestRef);
      ctx.output('entityRef', entityRef);
      ctx.output('path', result.path);
      if (result.commit) ctx.output('commit', result.commit);
      ctx.output('action', result.action);
    },
  });
}
