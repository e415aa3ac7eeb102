import Router from 'express-promise-router';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  buildResourceRequest,
  kratixResourceCreatePermission,
  kratixResourceManageAnyPermission,
  kratixResourceManagePermission,
  MANAGE_ACTIONS,
  ManageAction,
  ownershipMetadata,
  toRequestDetail,
  validateResourceRequest,
} from '@kratix-backstage/plugin-kratix-common';
import { requestListItems } from '@kratix-backstage/plugin-kratix-node';
import { z } from 'zod';
import { requestResourceRef } from '../permissions/requestResource';
import { platformNamed, platformsFor, readFrom } from '../service/platformFor';
import { requireAnyOrOwn, requirePermission } from '../service/requirePermission';
import { optionalString, paginate, positiveInt } from '../service/query';
import { ensureSynced, fromEach } from './ensureSynced';
import { RouterContext } from './RouterContext';

const PHASES = ['Ready', 'Pending', 'Failing', 'Paused', 'Suspended', 'Deleting'];

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

const actionBody = z
  .object({ action: z.enum(MANAGE_ACTIONS as [ManageAction, ...ManageAction[]]), version: z.string().min(1).optional() })
  .strict();

/** The signed-in user's own cluster token, for platforms that write as the user. */
function userCredentials(req: { header(name: string): string | undefined }) {
  const header = req.header('x-kratix-cluster-authorization');
  const token = header?.replace(/^Bearer\s+/i, '').trim();
  return token ? { token } : undefined;
}

function bodyError(error: z.ZodError): InputError {
  return new InputError(
    error.issues.map(i => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
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
    if (phase && !PHASES.includes(phase)) throw new InputError(`Query parameter phase must be one of ${PHASES.join(', ')}`);
    const page = positiveInt(req.query.page, 'page', 1, 1_000_000);
    const pageSize = positiveInt(req.query.pageSize, 'pageSize', 25, 500);
    const { items, errors } = await fromEach(
      platformsFor(platforms, optionalString(req.query.platform, 'platform')),
      p => requestListItems(p, { promise, namespace }),
    );
    const filtered = items
      .filter(i => !owner || i.owner === owner)
      .filter(i => !phase || i.phase === phase)
      .filter(i => !search || `${i.namespace}/${i.name}`.includes(search))
      .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name) || a.platform.localeCompare(b.platform));
    res.json({ ...paginate(filtered, page, pageSize), errors });
  });

  const requestPath = '/platforms/:platform/promises/:promise/requests/:namespace/:name';

  router.get(requestPath, async (req, res) => {
    const platform = platformNamed(platforms, req.params.platform);
    await ensureSynced(platform);
    const { promise: promiseName, namespace, name } = req.params;
    res.json(
      await readFrom(platform, async () => {
        const request = (await platform.listRequests({ promise: promiseName, namespace })).find(r => r.metadata.name === name);
        if (!request) throw new NotFoundError(`Request ${namespace}/${name} of Promise ${promiseName} not found on platform ${platform.name}`);
        const [promise, placements, pipelineRuns, bindings, all] = await Promise.all([
          platform.getPromise(promiseName),
          platform.listPlacements({ namespace, resource: name }),
          platform.listPipelineRuns({ promise: promiseName, namespace, resource: name }),
          platform.listResourceBindings?.() ?? Promise.resolve([]),
          requestListItems(platform),
        ]);
        const binding = bindings.find(
          b =>
            b.metadata.namespace === namespace &&
            b.metadata.labels?.['kratix.io/promise-name'] === promiseName &&
            b.metadata.labels?.['kratix.io/resource-name'] === name,
        );
        const subRequests = all.filter(
          r => r.parent && r.parent.promise === promiseName && r.parent.name === name && r.parent.namespace === namespace,
        );
        return toRequestDetail(platform.name, promise, request, { placements, subRequests, pipelineRuns, binding });
      }),
    );
  });

  router.post('/platforms/:platform/promises/:promise/requests', async (req, res) => {
    await requirePermission(req, kratixResourceCreatePermission, context);
    const platform = platformNamed(platforms, req.params.platform);
    await ensureSynced(platform);
    const parsed = createBody.safeParse(req.body ?? {});
    if (!parsed.success) throw bodyError(parsed.error);
    const { name, namespace, spec, owner, entity, dryRun } = parsed.data;
    const promise = await platform.getPromise(req.params.promise);
    if (!promise) throw new NotFoundError(`Promise "${req.params.promise}" not found on platform ${platform.name}`);
    const { labels, annotations } = ownershipMetadata(owner, entity);
    const validation = validateResourceRequest(promise, { name, namespace, spec, labels });
    if (!validation.valid) {
      throw new InputError(validation.errors.map(e => e.message).join('; '));
    }
    const request = buildResourceRequest(promise, {
      name: name as string,
      namespace: namespace as string,
      spec,
      labels,
      annotations,
    });
    const result = await readFrom(platform, () =>
      platform.submitRequest(promise.metadata.name, request, { dryRun, asUser: userCredentials(req) }),
    );
    res.status(result.action === 'created' && !dryRun ? 201 : 200).json({
      ...result,
      requestRef: `${platform.name}/${request.metadata.namespace}/${request.kind}/${request.metadata.name}`,
    });
  });

  router.post(`${requestPath}/actions`, async (req, res) => {
    const platform = platformNamed(platforms, req.params.platform);
    const { promise, namespace, name } = req.params;
    const parsed = actionBody.safeParse(req.body ?? {});
    if (!parsed.success) throw bodyError(parsed.error);
    if (parsed.data.action === 'upgrade' && !parsed.data.version) throw new InputError('version: an upgrade needs the version to move to');
    await requireAnyOrOwn(
      req,
      kratixResourceManageAnyPermission,
      kratixResourceManagePermission,
      requestResourceRef(platform.name, promise, namespace, name),
      context,
    );
    await ensureSynced(platform);
    const result = await readFrom(platform, () =>
      platform.manageRequest({ promise, namespace, name }, parsed.data.action, {
        version: parsed.data.version,
        asUser: userCredentials(req),
      }),
    );
    context.logger.info(`${result.message} on platform ${platform.name}`);
    res.json(result);
  });

  router.get(`${requestPath}/pipelines`, async (req, res) => {
    const platform = platformNamed(platforms, req.params.platform);
    await ensureSynced(platform);
    const { promise, namespace, name } = req.params;
    res.json({ items: await readFrom(platform, () => platform.listPipelineRuns({ promise, namespace, resource: name })) });
  });

  router.get('/platforms/:platform/promises/:promise/pipelines', async (req, res) => {
    const platform = platformNamed(platforms, req.params.platform);
    await ensureSynced(platform);
    const runs = await readFrom(platform, () => platform.listPipelineRuns({ promise: req.params.promise }));
    res.json({ items: runs.filter(r => r.type === 'promise') });
  });

  router.get('/platforms/:platform/pipelines/:namespace/:run/logs', async (req, res) => {
    const platform = platformNamed(platforms, req.params.platform);
    res.json(await readFrom(platform, () => platform.readPipelineLogs(req.params.namespace, req.params.run)));
  });

  return router;
}
