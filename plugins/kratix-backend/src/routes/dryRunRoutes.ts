import Router from 'express-promise-router';
import { InputError } from '@backstage/errors';
import {
  DryRunPreview,
  validateDns1123Label,
} from '@kratix-backstage/plugin-kratix-common';
import { z } from 'zod';
import { requestWriterFor } from '../service/actingUser';
import { readFrom } from '../service/platformFor';
import {
  readRequestDryRun,
  startRequestDryRun,
} from '../service/requestDryRun';
import { AUDITED_ACTS, auditedRoute } from './auditedActs';
import { ensureSynced } from './ensureSynced';
import { RouterContext } from './RouterContext';

const startBody = z
  .object({
    namespace: z.string().min(1),
    name: z.string().min(1),
    spec: z.record(z.unknown()).optional(),
  })
  .strict();

/** What a dry run's audit event records of its outcome. */
const dryRunOutcome = (preview: DryRunPreview) => ({
  supported: preview.supported,
  dryRun: preview.supported ? `${preview.namespace}/${preview.name}` : null,
});

/**
 * The DryRun a read names, checked before the cluster is asked: the suite's DryRuns and
 * their namespaces are DNS-1123 labels, and `.` or `..` would otherwise reach the API
 * server as a path segment (a list of the namespace's DryRuns, or another resource).
 */
function checkDryRunRef(namespace: string, name: string): void {
  const errors = [
    ...validateDns1123Label('namespace', namespace),
    ...validateDns1123Label('name', name),
  ];
  if (errors.length)
    throw new InputError(errors.map(e => e.message).join('; '));
}

/**
 * Kratix's DryRun of a request (issue #22 item 4): `POST .../promises/:promise/dry-runs`
 * starts one (202 with the pending preview, or 200 `supported: false` and why), and
 * `GET .../dry-runs/:namespace/:name` reads it back for whoever started it and admins.
 */
export function dryRunRoutes(context: RouterContext) {
  const router = Router();

  router.post(
    AUDITED_ACTS.requestDryRun.path,
    auditedRoute(
      context,
      AUDITED_ACTS.requestDryRun,
      async (req, res, user, platform) => {
        const parsed = startBody.safeParse(req.body ?? {});
        if (!parsed.success)
          throw new InputError(
            parsed.error.issues
              .map(i => `${i.path.join('.') || 'body'}: ${i.message}`)
              .join('; '),
          );
        await ensureSynced(platform);
        const writer = await requestWriterFor(req, user, platform, context);
        const preview = await readFrom(platform, () =>
          startRequestDryRun(
            context.access,
            user.credentials,
            platform,
            { promise: req.params.promise, ...parsed.data },
            { ...writer, requester: user.actor },
          ),
        );
        res.status(preview.supported ? 202 : 200).json(preview);
        return preview;
      },
      dryRunOutcome,
    ),
  );

  router.get(
    AUDITED_ACTS.dryRunRead.path,
    auditedRoute(
      context,
      AUDITED_ACTS.dryRunRead,
      async (req, res, user, platform) => {
        checkDryRunRef(req.params.namespace, req.params.name);
        await ensureSynced(platform);
        const preview = await readFrom(platform, () =>
          readRequestDryRun(
            context.access,
            user.credentials,
            user.actor,
            platform,
            req.params.namespace,
            req.params.name,
          ),
        );
        res.json(preview);
        return preview;
      },
    ),
  );

  return router;
}
