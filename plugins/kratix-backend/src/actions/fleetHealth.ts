import { kratixReadPermission } from '@kratix-backstage/plugin-kratix-common';
import { administeredPlatforms, readFleetHealth } from '../service/fleetHealth';
import { KratixActionsOptions, requireRead } from './KratixActionsOptions';

/** Registers `kratix:fleet-health`, what `GET /fleet-health` answers, with its checks. */
export function registerFleetHealthAction(options: KratixActionsOptions) {
  const { actionsRegistry, platforms, access } = options;
  actionsRegistry.register({
    name: 'fleet-health',
    title: 'What is unhealthy across the Kratix platforms',
    description: `Lists what needs fixing on the Kratix platforms the caller administers (kratix.promise.install on the platform), one row per thing to fix: failing and suspended pipelines and paused Promises and requests, requests on a Promise revision older than the latest, unhealthy or degraded requests, Destinations not ready or whose writer failed, misplaced Works, and state stores in error. Each row names its platform, kind, subject (Promise, Request with namespace and Promise, Destination or StateStore) and Kratix's message; counts gives the rows of each kind. Give platform to read one (403 unless the caller administers it); without it, every platform the caller administers (none: an empty answer). A platform that cannot be read is in errors; notes say what a platform's mode cannot show (gitops mode has no pipeline status, health or conditions in git).`,
    visibilityPermission: kratixReadPermission,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          platform: z
            .string()
            .optional()
            .describe(
              'Name of one configured Kratix platform; every platform the caller administers when left out',
            ),
        }),
      // The same document as the REST route (kratix-common FleetHealth).
      output: z => z.object({}).passthrough(),
    },
    async action({ input, credentials }) {
      await requireRead(access, credentials);
      const health = await readFleetHealth(
        await administeredPlatforms(
          platforms,
          access,
          credentials,
          input.platform,
        ),
      );
      return { output: health as unknown as Record<string, unknown> };
    },
  });
}
