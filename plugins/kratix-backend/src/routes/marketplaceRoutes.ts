import Router from 'express-promise-router';
import { InputError } from '@backstage/errors';
import {
  kratixPromiseInstallPermission,
  readPromiseStatus,
  withInstallState,
} from '@kratix-backstage/plugin-kratix-common';
import { z } from 'zod';
import { platformsFor, readFrom } from '../service/platformFor';
import { commitAuthorOf } from '../service/actingUser';
import { AUDITED_ACTS, auditedRoute } from './auditedActs';
import { optionalString } from '../service/query';
import { ensureSynced } from './ensureSynced';
import { RouterContext } from './RouterContext';

const installBody = z
  .object({
    name: z.string().min(1).optional(),
    url: z.string().min(1).optional(),
    asRelease: z.boolean().optional(),
    version: z.string().min(1).optional(),
    dryRun: z.boolean().optional(),
  })
  .strict()
  .refine(b => !!b.name !== !!b.url, {
    message: 'give either name (a marketplace entry) or url, not both',
  });

/** The Promise marketplace: browse, and install or upgrade on a platform. */
export function marketplaceRoutes(context: RouterContext) {
  const { platforms } = context;
  const router = Router();

  router.get('/marketplace', async (req, res) => {
    const [platform] = platformsFor(
      platforms,
      optionalString(req.query.platform, 'platform'),
    );
    // With the version each entry offers, so the page can say which is newer than the installed one.
    const entries = await platforms.marketplace.listWithVersions();
    const category = optionalString(req.query.category, 'category');
    await platform?.start?.();
    const promises =
      platform && platform.health().synced ? await platform.listPromises() : [];
    res.json({
      platform: platform?.name,
      categories: [...new Set(entries.flatMap(e => e.categories))].sort(),
      items: withInstallState(entries, promises).filter(
        e => !category || e.categories.includes(category),
      ),
    });
  });

  router.post(
    AUDITED_ACTS.promiseInstall.path,
    auditedRoute(
      context,
      AUDITED_ACTS.promiseInstall,
      async (req, res, user, platform) => {
        await context.access.require(
          user.credentials,
          kratixPromiseInstallPermission,
          platform.name,
          'installing Promises is a platform admin act',
        );
        const parsed = installBody.safeParse(req.body ?? {});
        if (!parsed.success) {
          throw new InputError(
            parsed.error.issues
              .map(i => `${i.path.join('.') || 'body'}: ${i.message}`)
              .join('; '),
          );
        }
        const { name, url, asRelease, version, dryRun } = parsed.data;
        const documentUrl =
          url ??
          platforms.marketplace.documentUrl(
            await platforms.marketplace.entry(name!),
          );
        if (asRelease && documentUrl.startsWith('bundled:')) {
          throw new InputError(
            'asRelease: a bundled Promise has no URL the platform could fetch; install it directly',
          );
        }
        const promise = await platforms.marketplace.fetchPromise(documentUrl);
        await ensureSynced(platform);
        const author = await commitAuthorOf(user, context);
        // What the platform has now, so a confirmation can say "from v1.2.0 to v1.3.0".
        const installed = await readFrom(platform, () =>
          platform.getPromise(promise.metadata.name),
        );
        const result = await readFrom(platform, () =>
          platform.installPromise(promise, {
            dryRun,
            author,
            requester: user.actor,
            release: asRelease ? { url: documentUrl, version } : undefined,
          }),
        );
        context.logger.info(
          `${dryRun ? 'Dry run: ' : ''}${result.action} ${result.kind} ${
            promise.metadata.name
          } on platform ${platform.name} from ${documentUrl} by ${user.actor}`,
        );
        res.status(result.action === 'created' && !dryRun ? 201 : 200).json({
          ...result,
          promise: promise.metadata.name,
          version: promise.metadata.labels?.['kratix.io/promise-version'],
          installedVersion: installed && readPromiseStatus(installed).version,
          mode: platform.mode,
          source: documentUrl,
        });
        return result;
      },
      result => ({
        action: result.action,
        kind: result.kind,
        commit: result.commit ?? null,
      }),
    ),
  );

  return router;
}
