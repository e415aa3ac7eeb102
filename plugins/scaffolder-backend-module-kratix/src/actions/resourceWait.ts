import { InputError, NotFoundError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { readRequestStatus } from '@kratix-backstage/plugin-kratix-common';
import { KratixPlatformsService } from '@kratix-backstage/plugin-kratix-node';
import { examples } from './resourceWait.examples';

/** Why a wait ended without the request landing. */
class RequestFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RequestFailedError';
  }
}

/**
 * Creates `kratix:resource:wait`: waits until a request is reconciled and its documents have
 * landed on a destination, then outputs where and the keys its pipelines wrote. Fails with
 * Kratix's reason and the failing pipeline when the request is Failing.
 * @public
 */
export function createKratixResourceWaitAction(options: {
  platforms: Pick<KratixPlatformsService, 'get'>;
  /** How often the (in-memory) platform is looked at; tests shorten it. */
  pollIntervalMs?: number;
}) {
  const { platforms, pollIntervalMs = 2000 } = options;
  return createTemplateAction({
    id: 'kratix:resource:wait',
    description:
      'Waits until a Kratix resource request is reconciled and its documents have landed, then outputs the destinations, files and pipeline-written status keys.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        platform: z =>
          z.string().describe('Name of the configured Kratix platform'),
        promise: z =>
          z.string().describe('Name of the Promise the request belongs to'),
        name: z => z.string().describe('Name of the request'),
        namespace: z => z.string().describe('Namespace of the request'),
        timeoutSeconds: z =>
          z
            .number()
            .int()
            .min(1)
            .max(7200)
            .default(600)
            .describe('How long to wait before failing the step (seconds)'),
      },
      output: {
        phase: z =>
          z.string().describe('The request phase when the wait ended'),
        destinations: z =>
          z.array(z.string()).describe('Destinations the documents landed on'),
        paths: z =>
          z
            .array(z.string())
            .describe('State-store paths of the documents written'),
        statusKeys: z =>
          z
            .record(z.unknown())
            .describe(
              'Status keys the pipelines wrote, e.g. connectionDetails',
            ),
      },
    },
    async handler(ctx) {
      const {
        platform: platformName,
        promise,
        name,
        namespace,
        timeoutSeconds = 600,
      } = ctx.input;
      const platform = platforms.get(platformName);
      if (!platform)
        throw new InputError(
          `platform: no Kratix platform named "${platformName}"`,
        );
      const target = `${namespace}/${name} (Promise ${promise})`;
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would wait up to ${timeoutSeconds}s for ${target} to land`,
        );
        ctx.output('phase', 'Pending');
        ctx.output('destinations', []);
        ctx.output('paths', []);
        ctx.output('statusKeys', {});
        return;
      }
      const deadline = Date.now() + timeoutSeconds * 1000;
      let lastLine = '';
      for (;;) {
        if (ctx.signal?.aborted)
          throw new Error(`Stopped waiting for ${target}`);
        const request = (
          await platform.listRequests({ promise, namespace })
        ).find(r => r.metadata.name === name);
        if (request) {
          const declared =
            (await platform.getPromise(promise))?.spec?.workflows?.resource
              ?.configure ?? [];
          const status = readRequestStatus(request, declared);
          const landed = await platform.listPlacements({
            promise,
            namespace,
            resource: name,
            type: 'resource',
          });
          const line = `${target}: ${status.phase}${
            status.message ? ` (${status.message})` : ''
          }; documents on ${
            landed.length
              ? [...new Set(landed.map(p => p.destination))].join(', ')
              : 'no destination yet'
          }`;
          if (line !== lastLine) ctx.logger.info(line);
          lastLine = line;
          if (status.phase === 'Failing') {
            const pipeline = status.workflow.failedPipeline
              ? `; failing pipeline: ${status.workflow.failedPipeline}`
              : '';
            throw new RequestFailedError(
              `${target} is Failing: ${status.reason ?? ''} ${
                status.message ?? ''
              }${pipeline}`
                .replace(/\s+/g, ' ')
                .trim(),
            );
          }
          if (
            status.phase === 'Ready' &&
            !status.catchUp.updating &&
            landed.length > 0
          ) {
            ctx.output('phase', status.phase);
            ctx.output('destinations', [
              ...new Set(landed.map(p => p.destination)),
            ]);
            ctx.output(
              'paths',
              landed.flatMap(p => p.files),
            );
            ctx.output(
              'statusKeys',
              status.pipelineWritten.values as Record<string, unknown>,
            );
            return;
          }
        } else if (!lastLine) {
          ctx.logger.info(`${target}: not on the platform yet`);
          lastLine = 'absent';
        }
        if (Date.now() >= deadline) {
          if (!request)
            throw new NotFoundError(
              `${target} did not reach platform ${platformName} within ${timeoutSeconds}s`,
            );
          throw new Error(
            `Timed out after ${timeoutSeconds}s waiting for ${target}; last seen: ${lastLine}`,
          );
        }
        await new Promise(resolve =>
          setTimeout(
            resolve,
            Math.min(pollIntervalMs, Math.max(0, deadline - Date.now())),
          ),
        );
      }
    },
  });
}
