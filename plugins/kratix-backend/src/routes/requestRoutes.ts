import Router from 'express-promise-router';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  kratixPromiseLogsReadPermission,
  kratixResourceCreatePermission,
  kratixResourceLogsReadPermission,
  MANAGE_ACTIONS,
  ManageAction,
  requestResourceRef,
} from '@kratix-backstage/plugin-kratix-common';
import {
  requestListItems,
  ResourceRequestWriteResult,
  writeResourceRequest,
} from '@kratix-backstage/plugin-kratix-node';
import { z } from 'zod';
import {
  commitAuthorOf,
  requestWriterFor,
  userClusterCredentials,
} from '../service/actingUser';
import { platformNamed, platformsFor, readFrom } from '../service/platformFor';
import { optionalString, paginate, positiveInt } from '../service/query';
import {
  checkUpgradeVersion,
  requireRequestManager,
} from '../service/manageResourceRequest';
import { readRequestDetail } from '../service/readRequestDetail';
import { AUDITED_ACTS, auditedRoute } from './auditedActs';
import { ensureSynced, fromEach } from './ensureSynced';
import { RouterContext } from './RouterContext';
import { storeFileReader } from './stateStoreFileRoutes';

const PHASES = [
  'Ready',
  'Pending',
  'Failing',
  'Paused',
  'Suspended',
  'Deleting',
];

const createBody = z
  .object({
    name: z.unknown(),
    namespace: z.unknown(),
    spec: z.record(z.unknown()).optional(),
    owner: z.string().optional(),
    entity: z.string().optional(),
    dryRun: z.boolean().optional(),
  })
  .strict();

const updateBody = z
  .object({
    spec: z.record(z.unknown()).optional(),
    owner: z.string().optional(),
    entity: z.string().optional(),
    dryRun: z.boolean().optional(),
  })
  .strict();

const actionBody = z
  .object({
    action: z.enum(MANAGE_ACTIONS as [ManageAction, ...ManageAction[]]),
    version: z.string().min(1).optional(),
  })
  .strict();

/** What a request write's audit event records of its outcome. */
const writeOutcome = (result: ResourceRequestWriteResult) => ({
  action: result.action,
  path: result.path,
  commit: result.commit ?? null,
});

function bodyError(error: z.ZodError): InputError {
  return new InputError(
    error.issues
      .map(i => `${i.path.join('.') || 'body'}: ${i.message}`)
      .join('; '),
  );
}

/** Requests: list, page, create, manage, pipeline runs and logs. */
export function requestRoutes(context: RouterContext) {
  const { platforms } = context;
  const router = Router();

  router.get('/requests', async (req, res) => {
    const promise = optionalString(req.query.promise, 'promise');
    const namespace = optionalString(req.query.namespace, 'namespace');
    const owner = optionalString(req.query.owner, 'owner');
    const phase = optionalString(req.query.phase, 'phase');
    const search = optionalString(req.query.search, 'search')?.toLowerCase();
    if (phase && !PHASES.includes(phase))
      throw new InputError(
        `Query parameter phase must be one of ${PHASES.join(', ')}`,
      );
    const page = positiveInt(req.query.page, 'page', 1, 1_000_000);
    const pageSize = positiveInt(req.query.pageSize, 'pageSize', 25, 500);
    const { items, errors } = await fromEach(
      platformsFor(platforms, optionalString(req.query.platform, 'platform')),
      p => requestListItems(p, { promise, namespace }),
    );
    // Lists show the settled phase: a status that flaps for a few seconds does not flicker.
    const filtered = items
      .map(i => {
        const settled = context.settledRequest?.(i.platform, i);
        return settled ? { ...i, ...settled } : i;
      })
      .filter(i => !owner || i.owner === owner)
      .filter(i => !phase || i.phase === phase)
      .filter(i => !search || `${i.namespace}/${i.name}`.includes(search))
      .sort(
        (a, b) =>
          a.namespace.localeCompare(b.namespace) ||
          a.name.localeCompare(b.name) ||
          a.platform.localeCompare(b.platform),
      );
    res.json({ ...paginate(filtered, page, pageSize), errors });
  });

  const requestPath =
    '/platforms/:platform/promises/:promise/requests/:namespace/:name';

  router.get(requestPath, async (req, res) => {
    const platform = platformNamed(platforms, req.params.platform);
    await ensureSynced(platform);
    const { promise, namespace, name } = req.params;
    res.json(
      await readRequestDetail(
        platform,
        { promise, namespace, name },
        { filesReadable: !!storeFileReader(platform) },
      ),
    );
  });

  router.post(
    AUDITED_ACTS.requestCreate.path,
    auditedRoute(
      context,
      AUDITED_ACTS.requestCreate,
      async (req, res, user, platform) => {
        await context.access.require(
          user.credentials,
          kratixResourceCreatePermission,
        );
        const parsed = createBody.safeParse(req.body ?? {});
        if (!parsed.success) throw bodyError(parsed.error);
        const { dryRun, ...fields } = parsed.data;
        await ensureSynced(platform);
        const writer = await requestWriterFor(req, user, platform, context);
        const result = await readFrom(platform, () =>
          writeResourceRequest(platform, req.params.promise, fields, {
            operation: 'create',
            dryRun,
            writer,
          }),
        );
        const { request: _request, ...body } = result;
        res.status(dryRun ? 200 : 201).json(body);
        return result;
      },
      writeOutcome,
    ),
  );

  router.put(
    AUDITED_ACTS.requestUpdate.path,
    auditedRoute(
      context,
      AUDITED_ACTS.requestUpdate,
      async (req, res, user, platform) => {
        const { promise, namespace, name } = req.params;
        const parsed = updateBody.safeParse(req.body ?? {});
        if (!parsed.success) throw bodyError(parsed.error);
        const { dryRun, ...fields } = parsed.data;
        await ensureSynced(platform);
        const writer = await requestWriterFor(req, user, platform, context);
        const result = await readFrom(platform, () =>
          writeResourceRequest(
            platform,
            promise,
            { ...fields, name, namespace },
            { operation: 'update', dryRun, writer },
          ),
        );
        const { request: _request, ...body } = result;
        res.status(200).json(body);
        return result;
      },
      writeOutcome,
    ),
  );

  router.post(
    AUDITED_ACTS.requestManage.path,
    auditedRoute(
      context,
      AUDITED_ACTS.requestManage,
      async (req, res, user, platform) => {
        const { promise, namespace, name } = req.params;
        const parsed = actionBody.safeParse(req.body ?? {});
        if (!parsed.success) throw bodyError(parsed.error);
        checkUpgradeVersion(parsed.data.action, parsed.data.version);
        await requireRequestManager(
          context.access,
          user.credentials,
          platform.name,
          { promise, namespace, name },
        );
        await ensureSynced(platform);
        const result = await readFrom(platform, async () =>
          platform.manageRequest(
            { promise, namespace, name },
            parsed.data.action,
            {
              version: parsed.data.version,
              asUser: userClusterCredentials(req),
              author: await commitAuthorOf(user, context),
              requester: user.actor,
            },
          ),
        );
        context.logger.info(
          `${result.message} on platform ${platform.name} by ${user.actor}`,
        );
        res.json(result);
        return result;
      },
      result => ({ commit: result.commit ?? null }),
    ),
  );

  router.get(`${requestPath}/pipelines`, async (req, res) => {
    const platform = platformNamed(platforms, req.params.platform);
    await ensureSynced(platform);
    const { promise, namespace, name } = req.params;
    res.json({
      items: await readFrom(platform, () =>
        platform.listPipelineRuns({ promise, namespace, resource: name }),
      ),
    });
  });

  router.get(
    '/platforms/:platform/promises/:promise/pipelines',
    async (req, res) => {
      const platform = platformNamed(platforms, req.params.platform);
      await ensureSynced(platform);
      const runs = await readFrom(platform, () =>
        platform.listPipelineRuns({ promise: req.params.promise }),
      );
      res.json({ items: runs.filter(r => r.type === 'promise') });
    },
  );

  router.get(
    AUDITED_ACTS.pipelineLogsRead.path,
    auditedRoute(
      context,
      AUDITED_ACTS.pipelineLogsRead,
      async (req, res, user, platform) => {
        const { namespace, run: runName } = req.params;
        await ensureSynced(platform);
        const run = await readFrom(platform, async () =>
          platform.findPipelineRun?.(namespace, runName),
        );
        if (!run)
          throw new NotFoundError(
            `No pipeline run ${namespace}/${runName} on platform ${platform.name}`,
          );
        // Logs often hold secrets: a request's runs are its owner's (and admins'), a Promise's runs admins' only.
        if (run.resource) {
          await context.access.require(
            user.credentials,
            kratixResourceLogsReadPermission,
            requestResourceRef(
              platform.name,
              run.promise,
              run.requestNamespace ?? run.namespace,
              run.resource,
            ),
            "pipeline logs are readable by the request's owner and platform admins",
          );
        } else {
          await context.access.require(
            user.credentials,
            kratixPromiseLogsReadPermission,
            platform.name,
            "a Promise's pipeline logs are readable by platform admins",
          );
        }
        const logs = await readFrom(platform, () =>
          platform.readPipelineLogs(namespace, runName),
        );
        res.json(logs);
        return logs;
      },
    ),
  );

  return router;
}
