import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { DEFAULT_KRATIX_OWNER } from '@kratix-backstage/plugin-kratix-common';

/** What the Kratix entity provider reads from `catalog.providers.kratix`. @public */
export interface KratixEntityProviderConfig {
  /** Full entity ref of the owner of entities that name none themselves. */
  owner: string;
  /** When each platform's full sweep runs. */
  schedule: SchedulerServiceTaskScheduleDefinition;
}

/**
 * The sweep when none is configured: every minute, given three minutes before the
 * scheduler considers it stuck, and a short delay so the backend finishes starting first.
 * @public
 */
export const DEFAULT_KRATIX_PROVIDER_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  {
    frequency: { seconds: 60 },
    timeout: { minutes: 3 },
    initialDelay: { seconds: 5 },
  };

const KEY = 'catalog.providers.kratix';

/**
 * Reads `catalog.providers.kratix.{owner,schedule}` once at startup. The owner may be
 * written short (`platform-team`, read as a group in `default`) and is returned as a full
 * ref; a malformed value fails startup with the key to fix.
 * @public
 */
export function readKratixEntityProviderConfig(
  config: Config,
): KratixEntityProviderConfig {
  const providerConfig = config.getOptionalConfig(KEY);
  const ownerValue = providerConfig?.getOptionalString('owner');
  let owner = DEFAULT_KRATIX_OWNER;
  if (ownerValue !== undefined) {
    try {
      owner = stringifyEntityRef(
        parseEntityRef(ownerValue, {
          defaultKind: 'group',
          defaultNamespace: 'default',
        }),
      );
    } catch (error) {
      throw new Error(
        `Invalid ${KEY}.owner "${ownerValue}": expected an entity ref such as group:default/platform-team (${
          (error as Error).message
        })`,
      );
    }
  }
  const scheduleConfig = providerConfig?.getOptionalConfig('schedule');
  let schedule = DEFAULT_KRATIX_PROVIDER_SCHEDULE;
  if (scheduleConfig) {
    try {
      schedule =
        readSchedulerServiceTaskScheduleDefinitionFromConfig(scheduleConfig);
    } catch (error) {
      throw new Error(`Invalid ${KEY}.schedule: ${(error as Error).message}`);
    }
  }
  return { owner, schedule };
}
