import Router from 'express-promise-router';
import { InputError } from '@backstage/errors';
import {
  Destination,
  KRATIX_API_VERSION,
  kratixDestinationRegisterPermission,
  validateDns1123Label,
  validateLabels,
} from '@kratix-backstage/plugin-kratix-common';
import { z } from 'zod';
import { Request, Response } from 'express';
import { KratixPlatform } from '@kratix-backstage/plugin-kratix-node';
import { ActingUser, commitAuthorOf } from '../service/actingUser';
import { readFrom } from '../service/platformFor';
import { AUDITED_ACTS, auditedRoute } from './auditedActs';
import { ensureSynced } from './ensureSynced';
import { RouterContext } from './RouterContext';

const body = z
  .object({
    name: z.unknown(),
    labels: z.record(z.string()).optional(),
    path: z.string().min(1).max(253).optional(),
    stateStore: z
      .object({
        kind: z.enum(['GitStateStore', 'BucketStateStore']),
        name: z.string().min(1),
      })
      .strict(),
    strictMatchLabels: z.boolean().optional(),
    filepathMode: z
      .enum(['nestedByMetadata', 'aggregatedYAML', 'none'])
      .optional(),
    filename: z
      .string()
      .regex(/^[\w.-]+\.ya?ml$/, 'must be a YAML file name')
      .optional(),
    cleanup: z.enum(['none', 'all']).optional(),
    dryRun: z.boolean().optional(),
  })
  .strict();

/** `POST /platforms/:platform/destinations`: register a cluster (platform admins). */
export function registerDestinationRoute(context: RouterContext) {
  const router = Router();
  router.post(
    AUDITED_ACTS.destinationRegister.path,
    auditedRoute(
      context,
      AUDITED_ACTS.destinationRegister,
      register,
      result => ({
        action: result.action,
        path: result.path ?? null,
        commit: result.commit ?? null,
      }),
    ),
  );

  async function register(
    req: Request,
    res: Response,
    user: ActingUser,
    platform: KratixPlatform,
  ) {
    await context.access.require(
      user.credentials,
      kratixDestinationRegisterPermission,
      platform.name,
      'registering clusters is a platform admin act',
    );
    const parsed = body.safeParse(req.body ?? {});
    if (!parsed.success) {
      throw new InputError(
        parsed.error.issues
          .map(i => `${i.path.join('.') || 'body'}: ${i.message}`)
          .join('; '),
      );
    }
    const input = parsed.data;
    const errors = [
      ...validateDns1123Label('name', input.name),
      ...validateLabels('labels', input.labels ?? {}),
      ...(input.path &&
      (input.path.includes('..') ||
        (input.path.startsWith('/') && input.path !== '/'))
        ? [
            {
              field: 'path',
              message:
                'path must stay inside the state store (no "..", not absolute)',
            },
          ]
        : []),
    ];
    if (errors.length)
      throw new InputError(errors.map(e => e.message).join('; '));
    const name = input.name as string;
    await ensureSynced(platform);
    const stores = await platform.listStateStores();
    if (
      !stores.some(
        s =>
          s.kind === input.stateStore.kind &&
          s.metadata.name === input.stateStore.name,
      )
    ) {
      throw new InputError(
        `stateStore: no ${input.stateStore.kind} named "${input.stateStore.name}" on platform ${platform.name}`,
      );
    }
    const destination: Destination = {
      apiVersion: KRATIX_API_VERSION,
      kind: 'Destination',
      metadata: {
        name,
        ...(input.labels && Object.keys(input.labels).length
          ? { labels: input.labels }
          : {}),
      },
      spec: {
        // Only a path the admin gave: Kratix defaults it to the name itself (its Destination
        // webhook, since 2025-02), and releases before that wrote to `<path>/<name>`, so a
        // path written here for them would nest the name twice (lib/writers/git.go,
        // NewGitWriter, Kratix v0.125.0).
        ...(input.path ? { path: input.path } : {}),
        stateStoreRef: input.stateStore,
        strictMatchLabels: input.strictMatchLabels ?? false,
        filepath: {
          mode: input.filepathMode ?? 'nestedByMetadata',
          ...(input.filename ? { filename: input.filename } : {}),
        },
        cleanup: input.cleanup ?? 'none',
      },
    };
    const author = await commitAuthorOf(user, context);
    const result = await readFrom(platform, () =>
      platform.registerDestination(destination, {
        dryRun: input.dryRun,
        author,
        requester: user.actor,
      }),
    );
    context.logger.info(
      `${input.dryRun ? 'Dry run: ' : ''}${
        result.action
      } cluster ${name} on platform ${platform.name} by ${user.actor}`,
    );
    res
      .status(result.action === 'created' && !input.dryRun ? 201 : 200)
      .json({ ...result, destination });
    return result;
  }
  return router;
}
