import { NotFoundError } from '@backstage/errors';
import {
  kratixReadPermission,
  toDestinationListItem,
  toPromiseDetail,
} from '@kratix-backstage/plugin-kratix-common';
import { readFrom } from '../service/platformFor';
import {
  KratixActionsOptions,
  PLATFORM_INPUT_DESCRIPTION,
  platformFor,
  requireRead,
} from './KratixActionsOptions';

const formatSelector = (matchLabels: Record<string, string> = {}) =>
  Object.entries(matchLabels)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');

/**
 * Registers `kratix:explain-promise-placement`: the clusters (Destinations) a Promise may
 * land on and why each qualifies or not, read the way the Promise page reads them.
 */
export function registerExplainPromisePlacementAction(
  options: KratixActionsOptions,
) {
  const { actionsRegistry, platforms, access } = options;
  actionsRegistry.register({
    name: 'explain-promise-placement',
    title: 'Explain where a Kratix Promise may land',
    description: `Explains which clusters (Kratix Destinations) a Promise's documents may be scheduled to, and why: for every cluster of the platform, whether it matches the Promise's destinationSelectors, with one reason per unmet label (or the rule that decided, such as strictMatchLabels or a dry-run cluster).
Pass the platform and promise names from kratix:list-promises. The answer also says where the Promise's worker resources and its requests' workloads are now.
Kratix schedules a Promise's worker resources and each request's workloads only to matching clusters; a resource pipeline may narrow that further for one request (its destination-selectors.yaml), so for where one request actually landed use kratix:get-request.`,
    visibilityPermission: kratixReadPermission,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          platform: z.string().optional().describe(PLATFORM_INPUT_DESCRIPTION),
          promise: z.string().describe('Name of the Promise'),
        }),
      output: z =>
        z.object({
          platform: z.string(),
          promise: z.string(),
          selectors: z
            .array(z.record(z.string()))
            .describe(
              "The Promise's destinationSelectors, as matchLabels maps; a cluster must match them all",
            ),
          summary: z
            .string()
            .describe(
              'One sentence: the selectors and the clusters they allow',
            ),
          eligible: z
            .array(z.string())
            .describe('Names of the clusters the Promise may land on'),
          destinations: z.array(
            z.object({
              destination: z.string().describe('Name of the cluster'),
              matches: z
                .boolean()
                .describe('Whether the Promise may land on it'),
              reasons: z
                .array(z.string())
                .describe('Why it matches or not, one sentence each'),
              labels: z.record(z.string()),
              strictMatchLabels: z
                .boolean()
                .describe(
                  'The cluster takes only work whose selectors match its labels',
                ),
              platformAsWorker: z
                .boolean()
                .describe('The platform cluster registered as its own worker'),
              ready: z
                .string()
                .describe(
                  'Ready, NotReady, Pending, Misplaced, Failing or Unknown, as Kratix (or the state store) reports it',
                ),
              workerResources: z
                .number()
                .describe(
                  "Documents of this Promise's worker resources on the cluster now",
                ),
              workloads: z
                .number()
                .describe(
                  "Document groups of this Promise's requests on the cluster now",
                ),
            }),
          ),
          requiredPromises: z
            .array(z.string())
            .describe(
              'For a composite Promise: the Promises its sub-requests use; each lands where its own selectors allow',
            ),
          hasApi: z.boolean(),
        }),
    },
    async action({ input, credentials }) {
      await requireRead(access, credentials);
      const platform = await platformFor(platforms, input.platform);
      const output = await readFrom(platform, async () => {
        const promise = await platform.getPromise(input.promise);
        if (!promise)
          throw new NotFoundError(
            `promise: Promise "${input.promise}" not found on platform ${platform.name}`,
          );
        const [destinations, placements] = await Promise.all([
          platform.listDestinations(),
          platform.listPlacements({ promise: promise.metadata.name }),
        ]);
        const detail = toPromiseDetail(platform.name, promise, {
          requestCount: 0,
          destinations,
          placements,
        });
        const rows = detail.eligibleDestinations.map(e => {
          const destination = destinations.find(
            d => d.metadata.name === e.destination,
          )!;
          const item = toDestinationListItem(
            platform.name,
            destination,
            placements,
          );
          return {
            destination: e.destination,
            matches: e.matches,
            reasons: e.reasons,
            labels: item.labels,
            strictMatchLabels: item.strictMatchLabels,
            platformAsWorker: item.platformAsWorker,
            ready: item.ready.state,
            workerResources: item.workerResourceCount,
            workloads: item.workloadCount,
          };
        });
        const eligible = rows.filter(r => r.matches).map(r => r.destination);
        const selectors = detail.destinationSelectors.map(
          s => s.matchLabels ?? {},
        );
        const wanted = selectors.length
          ? `selectors ${selectors.map(s => formatSelector(s)).join(' AND ')}`
          : 'no selectors (every cluster qualifies except labelled ones with strictMatchLabels)';
        const summary = `Promise ${promise.metadata.name} has ${wanted}; ${
          eligible.length
            ? `it may land on ${eligible.join(', ')}`
            : 'no cluster of the platform matches, so Kratix cannot schedule it anywhere'
        } (${rows.length} cluster${rows.length === 1 ? '' : 's'} on platform ${
          platform.name
        }).`;
        return {
          platform: platform.name,
          promise: promise.metadata.name,
          selectors,
          summary,
          eligible,
          destinations: rows,
          requiredPromises: detail.requiredPromises,
          hasApi: detail.hasApi,
        };
      });
      return { output };
    },
  });
}
