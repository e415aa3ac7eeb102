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
      };
    };
  };
}
