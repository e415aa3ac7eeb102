import {
  AuditorService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { kratixPromiseInstallPermission } from '@kratix-backstage/plugin-kratix-common';
import {
  audited,
  KratixAccess,
  KratixPlatformsService,
} from '@kratix-backstage/plugin-kratix-node';
import { initiatorOf, silentAuditor } from './actionContext';
import { examples } from './promiseInstall.examples';

/**
 * Creates `kratix:promise:install`: installs or upgrades a Promise from the marketplace or
 * an allow-listed URL, as the Promise itself or a PromiseRelease, for platform admins.
 * @public
 */
export function createKratixPromiseInstallAction(options: {
  platforms: Pick<KratixPlatformsService, 'get' | 'marketplace'>;
  permissions: Pick<PermissionsService, 'authorize'>;
  auditor?: Pick<AuditorService, 'createEvent'>;
}) {
  const { platforms } = options;
  const access = new KratixAccess(options.permissions);
  const auditor = options.auditor ?? silentAuditor;
  return createTemplateAction({
    id: 'kratix:promise:install',
    description:
      'Installs or upgrades a Kratix Promise from the marketplace or an allow-listed URL (platform admins).',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        platform: z =>
          z.string().describe('Name of the configured Kratix platform'),
        name: z =>
          z
            .string()
            .optional()
            .describe('Name of a marketplace Promise (give this or url)'),
        url: z =>
          z
            .string()
            .url()
            .optional()
            .describe(
              'URL of a promise.yaml on an allowed host (give this or name)',
            ),
        asRelease: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Install as a PromiseRelease that Kratix fetches (kubernetes mode)',
            ),
        version: z =>
          z.string().optional().describe('Version of the PromiseRelease'),
      },
      output: {
        promise: z => z.string().describe('Name of the installed Promise'),
        version: z =>
          z.string().optional().describe('Its kratix.io/promise-version'),
        action: z => z.string().describe('created, updated or unchanged'),
        commit: z =>
          z.string().optional().describe('Commit that holds it (git modes)'),
      },
    },
    async handler(ctx) {
      const {
        platform: platformName,
        name,
        url,
        asRelease,
        version,
      } = ctx.input;
      const { credentials, actor, author } = await initiatorOf(ctx);
      // Every check that can refuse the install runs inside its audit event, so a refusal is audited too.
      const result = await audited(
        auditor,
        {
          eventId: 'promise-install',
          severityLevel: 'high',
          meta: {
            actor,
            platform: platformName,
            name: name ?? '',
            url: url ?? '',
            via: 'scaffolder',
          },
        },
        async () => {
          if (!!name === !!url)
            throw new InputError(
              'name, url: give either a marketplace name or a URL',
            );
          const platform = platforms.get(platformName);
          if (!platform)
            throw new InputError(
              `platform: no Kratix platform named "${platformName}"`,
            );
          await access.require(
            credentials,
            kratixPromiseInstallPermission,
            platformName,
            'installing Promises is a platform admin act',
          );
          const source =
            url ??
            platforms.marketplace.documentUrl(
              await platforms.marketplace.entry(name!),
            );
          ctx.logger.info(`Fetching the Promise from ${source}`);
          const fetched = await platforms.marketplace.fetchPromise(source);
          const fetchedVersion =
            fetched.metadata.labels?.['kratix.io/promise-version'];
          if (asRelease && source.startsWith('bundled:')) {
            throw new InputError(
              'asRelease: a bundled Promise has no URL the platform could fetch',
            );
          }
          const installed = await ctx.checkpoint({
            key: `kratix.promise.${platformName}.${fetched.metadata.name}.${
              fetchedVersion ?? ''
            }`,
            fn: async () => {
              const r = await platform.installPromise(fetched, {
                dryRun: ctx.isDryRun,
                author,
                requester: actor,
                release: asRelease ? { url: source, version } : undefined,
              });
              return { action: r.action, commit: r.commit ?? '', kind: r.kind };
            },
          });
          return { ...installed, promise: fetched };
        },
        r => ({ action: r.action, kind: r.kind, commit: r.commit || null }),
      );
      const { promise } = result;
      const promiseVersion =
        promise.metadata.labels?.['kratix.io/promise-version'];
      ctx.logger.info(
        `${ctx.isDryRun ? 'Dry run: would have ' : ''}${result.action} ${
          result.kind
        } ${promise.metadata.name}${
          promiseVersion ? ` ${promiseVersion}` : ''
        } on platform ${platformName}`,
      );
      ctx.output('promise', promise.metadata.name);
      if (promiseVersion) ctx.output('version', promiseVersion);
      ctx.output('action', result.action);
      if (result.commit) ctx.output('commit', result.commit);
    },
  });
}
