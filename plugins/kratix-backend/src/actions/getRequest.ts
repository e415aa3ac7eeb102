import {
  kratixReadPermission,
  traceParentOf,
} from '@kratix-backstage/plugin-kratix-common';
import { readRequestDetail } from '../service/readRequestDetail';
import {
  KratixActionsOptions,
  PLATFORM_INPUT_DESCRIPTION,
  platformFor,
  requireRead,
} from './KratixActionsOptions';

/** Most files listed per landing; the rest are counted. */
const MAX_FILES = 20;

/**
 * Registers `kratix:get-request`: one request's phase, conditions, the clusters and files
 * it landed on and its sub-requests, read as `GET .../requests/:namespace/:name` reads them.
 */
export function registerGetRequestAction(options: KratixActionsOptions) {
  const { actionsRegistry, platforms, access } = options;
  actionsRegistry.register({
    name: 'get-request',
    title: 'Get a Kratix resource request',
    description: `Reads one resource request: its phase (Ready, Pending, Failing, Paused, Suspended or Deleting) with Kratix's reason and message, its conditions, where it landed (the clusters and state-store files its pipelines' documents were scheduled to), its sub-requests (for a composite Promise) and its recent pipeline runs.
Pass the platform, promise, namespace and name, e.g. from the requestRef kratix:make-request returned. A request Kratix has not processed yet is Pending with nothing landed; ask again later. A request still proposed in an open pull request is not on the platform yet: the error says so and names the pull request.`,
    visibilityPermission: kratixReadPermission,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          platform: z.string().optional().describe(PLATFORM_INPUT_DESCRIPTION),
          promise: z.string().describe('Name of the Promise the request uses'),
          namespace: z.string().describe('Namespace of the request'),
          name: z.string().describe('Name of the request'),
        }),
      output: z =>
        z.object({
          platform: z.string(),
          promise: z.string(),
          namespace: z.string(),
          name: z.string(),
          apiVersion: z.string(),
          kind: z.string(),
          owner: z
            .string()
            .optional()
            .describe('Entity ref of the owner the request records'),
          phase: z
            .string()
            .describe('Ready, Pending, Failing, Paused, Suspended or Deleting'),
          reason: z
            .string()
            .optional()
            .describe("Kratix's reason for the phase"),
          message: z
            .string()
            .optional()
            .describe('Why it is in that phase, in words'),
          updating: z
            .boolean()
            .describe(
              'Kratix has not yet caught up with the latest change to the request',
            ),
          statusSource: z
            .string()
            .optional()
            .describe(
              'kratix (written by Kratix) or state-store (worked out from the state store, gitops mode)',
            ),
          health: z
            .string()
            .optional()
            .describe(
              'The worst health state its health records report, where it has any',
            ),
          spec: z.record(z.unknown()).describe("The request's spec"),
          conditions: z
            .array(
              z.object({
                type: z.string(),
                status: z.string(),
                reason: z.string().optional(),
                message: z.string().optional(),
                lastTransitionTime: z.string().optional(),
              }),
            )
            .describe(
              'Kratix conditions: Reconciled, ConfigureWorkflowCompleted, WorksSucceeded, …',
            ),
          landed: z
            .array(
              z.object({
                destination: z.string().describe('The cluster'),
                state: z
                  .string()
                  .describe(
                    'Ready (written), Pending, Misplaced, Failing, or Written (seen in the state store)',
                  ),
                pipeline: z.string().optional(),
                location: z
                  .string()
                  .describe('Folder in the state store holding the documents'),
                files: z
                  .array(z.string())
                  .describe('Paths of the documents in the state store'),
                fileCount: z.number(),
                commit: z
                  .string()
                  .optional()
                  .describe('Commit of the last write, for a git state store'),
              }),
            )
            .describe('Where its documents landed; empty until scheduled'),
          subRequests: z
            .array(
              z.object({
                promise: z.string(),
                namespace: z.string(),
                name: z.string(),
                phase: z.string(),
                message: z.string().optional(),
              }),
            )
            .describe(
              'Requests a composite Promise made for it; read each with kratix:get-request',
            ),
          pipelineRuns: z
            .array(
              z.object({
                name: z.string(),
                pipeline: z.string(),
                action: z.string(),
                state: z.string(),
                startTime: z.string().optional(),
                completionTime: z.string().optional(),
                message: z.string().optional(),
              }),
            )
            .describe('Its pipeline runs, newest first (none in gitops mode)'),
          origin: z
            .object({
              commit: z.string(),
              time: z.string().optional(),
              author: z.string().optional(),
              subject: z.string().optional(),
              path: z.string().optional(),
              url: z.string().optional(),
              pullRequest: z
                .object({ number: z.number(), url: z.string().optional() })
                .optional(),
            })
            .optional()
            .describe(
              "The commit (and pull request) that last changed the request's file, on platforms read from git",
            ),
          binding: z
            .object({
              desiredVersion: z.string().optional(),
              appliedVersion: z.string().optional(),
              failedVersion: z.string().optional(),
              upgrading: z.boolean(),
            })
            .optional()
            .describe(
              'The Promise version the request is bound to, where the platform versions Promises',
            ),
          trace: z
            .object({ traceId: z.string(), spanId: z.string() })
            .optional()
            .describe(
              "The trace of the request's last reconcile, from Kratix's kratix.io/trace-parent annotation (a W3C traceparent), where Kratix writes one",
            ),
          healthHistory: z
            .array(
              z.object({
                time: z.string(),
                state: z.string(),
                previous: z.string().optional(),
                source: z.enum(['event', 'observed']),
                message: z.string().optional(),
              }),
            )
            .optional()
            .describe(
              "Its health over time, newest first: Kratix's HealthRecord Events (source event) and the changes of status.healthStatus.state the backend saw (source observed); absent in gitops mode",
            ),
        }),
    },
    async action({ input, credentials }) {
      await requireRead(access, credentials);
      const platform = await platformFor(platforms, input.platform);
      const { promise: promiseName, namespace, name } = input;
      const detail = await readRequestDetail(
        platform,
        { promise: promiseName, namespace, name },
        { filesReadable: false },
      );
      const health = detail.status.health;
      return {
        output: {
          platform: detail.platform,
          promise: promiseName,
          namespace: detail.namespace,
          name: detail.name,
          apiVersion: detail.apiVersion,
          kind: detail.kind,
          owner: detail.owner,
          phase: detail.phase,
          reason: detail.reason,
          message: detail.message,
          updating: detail.updating,
          statusSource: detail.statusSource,
          health: health.source === 'none' ? undefined : health.state,
          spec: (detail.request.spec ?? {}) as Record<string, unknown>,
          conditions: detail.conditions.map(c => ({
            type: c.type,
            status: c.status,
            reason: c.reason,
            message: c.message,
            lastTransitionTime: c.lastTransitionTime,
          })),
          landed: detail.landed.map(p => ({
            destination: p.destination,
            state: p.state,
            pipeline: p.pipeline,
            location: p.location,
            files: p.files.slice(0, MAX_FILES),
            fileCount: p.files.length,
            commit: p.commit,
          })),
          subRequests: detail.subRequests.map(r => ({
            promise: r.promise,
            namespace: r.namespace,
            name: r.name,
            phase: r.phase,
            message: r.message,
          })),
          pipelineRuns: detail.pipelineRuns.map(r => ({
            name: r.name,
            pipeline: r.pipeline,
            action: r.action,
            state: r.state,
            startTime: r.startTime,
            completionTime: r.completionTime,
            message: r.message,
          })),
          origin: detail.origin,
          binding: detail.binding,
          trace: traceOutput(detail.request.metadata),
          healthHistory: detail.healthHistory,
        },
      };
    },
  });
}

/** The trace ids of a request's `kratix.io/trace-parent`, or undefined. */
function traceOutput(metadata: Parameters<typeof traceParentOf>[0]) {
  const trace = traceParentOf(metadata);
  return trace && { traceId: trace.traceId, spanId: trace.spanId };
}
