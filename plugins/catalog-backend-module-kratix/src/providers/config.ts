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
  /** Which entities Kratix pipelines published are read, or false for none. */
  publishedEntities: PublishedEntitiesConfig | false;
}

/**
 * The Backstage entities Kratix pipelines write for a portal Destination (`backstage/`
 * output scheduled with `matchLabels: {environment: backstage}`) that the provider reads.
 * @public
 */
export interface PublishedEntitiesConfig {
  /** The labels a Destination carries (all of them) to be read as a portal. */
  destinationLabels: Record<string, string>;
  /** Entity kinds taken; others are skipped (never User, Group or Location by default). */
  allowedKinds: string[];
}

/**
 * Kratix's docs and generator pipeline schedule Backstage output to a Destination labelled
 * `environment: backstage`; these kinds describe software, not who may do what.
 * @public
 */
export const DEFAULT_PUBLISHED_ENTITIES: PublishedEntitiesConfig = {
  destinationLabels: { environment: 'backstage' },
  allowedKinds: [
    'Component',
    'API',
    'Resource',
    'System',
    'Domain',
    'Template',
  ],
};

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
  return {
    owner,
    schedule,
    publishedEntities: readPublishedEntitiesConfig(
      providerConfig?.getOptionalConfig('publishedEntities'),
    ),
  };
}

function readPublishedEntitiesConfig(
  config: Config | undefined,
): PublishedEntitiesConfig | false {
  if (config?.getOptionalBoolean('enabled') === false) return false;
  const key = `${KEY}.publishedEntities`;
  let destinationLabels = DEFAULT_PUBLISHED_ENTITIES.destinationLabels;
  const labels = config?.getOptionalConfig('destinationLabels');
  if (labels) {
    destinationLabels = Object.fromEntries(
      labels.keys().map(label => [label, labels.getString(label)]),
    );
    // No labels would read every Destination's documents.
    if (Object.keys(destinationLabels).length === 0)
      throw new Error(
        `Invalid ${key}.destinationLabels: name at least one label, such as environment: backstage`,
      );
  }
  const allowedKinds =
    config?.getOptionalStringArray('allowedKinds') ??
    DEFAULT_PUBLISHED_ENTITIES.allowedKinds;
  return { destinationLabels, allowedKinds };
}
