import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /** Configuration of the Kratix entity provider (one provider per Kratix platform). */
      kratix?: {
        /**
         * (Optional) Owner of the platform System, its Destinations, and Promises and
         * requests that name no owner themselves. An entity ref; a bare name is read as a
         * group in `default`. Default `group:default/platform-team`.
         */
        owner?: string;
        /**
         * (Optional) Schedule of each platform's full sweep. Default every 60 seconds,
         * timeout 3 minutes, first run 5 seconds after start.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /**
         * (Optional) The Backstage entities Kratix pipelines write to a portal Destination
         * (for example a Promise's `backstage/` output scheduled with
         * `matchLabels: {environment: backstage}`), read from the WorkPlacements scheduled to
         * it (kubernetes, hybrid) or its state-store files (gitops).
         */
        publishedEntities?: {
          /** (Optional) Read them. Default true. */
          enabled?: boolean;
          /**
           * (Optional) Labels a Destination carries (all of them) to be read. Default
           * `environment: backstage`.
           */
          destinationLabels?: { [label: string]: string };
          /**
           * (Optional) Entity kinds taken; others are skipped and logged. Default Component,
           * API, Resource, System, Domain, Template.
           */
          allowedKinds?: string[];
        };
      };
    };
  };
}
