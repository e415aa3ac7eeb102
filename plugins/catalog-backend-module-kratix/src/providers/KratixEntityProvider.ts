import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  ANNOTATION_LOCATION,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  KratixPlatform,
  KratixPlatformsService,
} from '@kratix-backstage/plugin-kratix-node';
import {
  DEFAULT_PUBLISHED_ENTITIES,
  PublishedEntitiesConfig,
  readKratixEntityProviderConfig,
} from './config';
import { SkippedPublishedDocument } from './publishedEntities';
import { readPlatformEntities } from './readPlatformEntities';

/** What a {@link KratixEntityProvider} is built from. @public */
export interface KratixEntityProviderOptions {
  platform: KratixPlatform;
  /** Full entity ref of the owner of entities that name none themselves. */
  owner: string;
  /** Runs the full sweep on the configured schedule. */
  taskRunner: SchedulerServiceTaskRunner;
  logger: LoggerService;
  /** How long changes are gathered before one delta is applied. Default 250 ms. */
  deltaDelayMs?: number;
  /**
   * Which entities Kratix pipelines published on portal Destinations are provided too, or
   * false for none; default {@link DEFAULT_PUBLISHED_ENTITIES}.
   */
  publishedEntities?: PublishedEntitiesConfig | false;
}

/**
 * Keeps one Kratix platform's System, Destinations, Promises and resource requests in the
 * catalog: on every scheduled run it reads the platform and replaces everything it
 * provided before with a full mutation, so deleted objects leave the catalog too.
 * @public
 */
export class KratixEntityProvider implements EntityProvider {
  private readonly platform: KratixPlatform;
  private readonly owner: string;
  private readonly taskRunner: SchedulerServiceTaskRunner;
  private readonly logger: LoggerService;
  private connection?: EntityProviderConnection;
  /** What the catalog holds from this provider, by entity ref, as JSON, for computing deltas. */
  private provided = new Map<string, string>();
  /** Where each entity last provided came from: a published entity stays there. */
  private providedFrom = new Map<string, string>();
  private deltaTimer?: NodeJS.Timeout;
  private deltaRunning?: Promise<void>;
  private unsubscribe?: () => void;
  private readonly deltaDelayMs: number;
  private readonly publishedEntities: PublishedEntitiesConfig | false;
  /** The skipped published documents last logged, so each is logged once while it stays. */
  private skippedLogged = new Set<string>();

  /**
   * One provider per platform of the backend, all on the schedule and owner read from
   * `catalog.providers.kratix`.
   */
  static fromConfig(
    config: Config,
    options: {
      logger: LoggerService;
      scheduler: SchedulerService;
      platforms: Pick<KratixPlatformsService, 'list'>;
    },
  ): KratixEntityProvider[] {
    const { owner, schedule, publishedEntities } =
      readKratixEntityProviderConfig(config);
    return options.platforms.list().map(
      platform =>
        new KratixEntityProvider({
          platform,
          owner,
          // A runner per platform, so each sweep is its own task with its own id.
          taskRunner: options.scheduler.createScheduledTaskRunner(schedule),
          logger: options.logger,
          publishedEntities,
        }),
    );
  }

  constructor(options: KratixEntityProviderOptions) {
    this.platform = options.platform;
    this.owner = options.owner;
    this.taskRunner = options.taskRunner;
    this.logger = options.logger.child({ target: this.getProviderName() });
    this.deltaDelayMs = options.deltaDelayMs ?? 250;
    this.publishedEntities =
      options.publishedEntities ?? DEFAULT_PUBLISHED_ENTITIES;
  }

  /** Reads every entity of the platform, logging newly skipped published documents. */
  private read(): Promise<Entity[]> {
    return readPlatformEntities(this.platform, {
      owner: this.owner,
      publishedEntities: this.publishedEntities,
      onSkippedPublished: skipped => this.logSkipped(skipped),
      providedFrom: this.providedFrom,
    });
  }

  private logSkipped(skipped: SkippedPublishedDocument[]): void {
    const now = new Set<string>();
    for (const s of skipped) {
      const message = `Skipped document ${s.index} of ${s.path} on platform ${this.platform.name}: ${s.reason}`;
      now.add(message);
      if (this.skippedLogged.has(message)) continue;
      if (s.level === 'warn') this.logger.warn(message);
      else this.logger.info(message);
    }
    this.skippedLogged = now;
  }

  /** `KratixEntityProvider:<platform>`; also the location key of every entity it provides. */
  getProviderName(): string {
    return `KratixEntityProvider:${this.platform.name}`;
  }

  /**
   * Keeps the connection, schedules the full sweep, and follows the platform's changes
   * (watch events, new commits) with delta mutations in between sweeps.
   */
  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    this.unsubscribe?.();
    this.unsubscribe = this.platform.subscribe?.(() => this.scheduleDelta());
    const taskId = `${this.getProviderName()}:refresh`;
    await this.taskRunner.run({
      id: taskId,
      fn: async () => {
        const logger = this.logger.child({
          class: 'KratixEntityProvider',
          taskId,
        });
        try {
          await this.refresh(logger);
        } catch (error) {
          // The scheduler retries on the next tick; until then the catalog keeps the last sweep.
          logger.error(
            `${this.getProviderName()} refresh failed`,
            error as Error,
          );
        }
      },
    });
  }

  /** Reads the platform and replaces every entity this provider gave the catalog. */
  async refresh(logger: LoggerService = this.logger): Promise<void> {
    if (!this.connection) {
      throw new Error(
        `${this.getProviderName()} is not connected yet; the catalog calls connect() before any refresh`,
      );
    }
    const locationKey = this.getProviderName();
    // A platform that lists and watches a cluster serves empty caches until its first lists
    // are done; it exposes start(), which resolves then (or when they fail). Without this
    // wait a sweep right after startup would remove every entity until the next one.
    await (this.platform as { start?(): Promise<void> }).start?.();
    const entities = await this.read();
    const health = this.platform.health();
    if (!health.synced) {
      // Never read successfully: an empty or partial read must not replace the catalog.
      logger.warn(
        `Skipped the ${this.getProviderName()} refresh: the platform has not been read yet${
          health.lastError ? ` (${health.lastError})` : ''
        }`,
      );
      return;
    }
    await this.connection.applyMutation({
      type: 'full',
      entities: entities.map(entity => ({ entity, locationKey })),
    });
    this.provided = new Map(
      entities.map(e => [stringifyEntityRef(e), JSON.stringify(e)]),
    );
    this.providedFrom = locationsOf(entities);
    logger.info(
      `Provided ${entities.length} entities of the Kratix platform ${this.platform.name}`,
    );
  }

  /** Gathers changes for a moment, then applies one delta (never two at once). */
  private scheduleDelta(): void {
    if (this.deltaTimer) return;
    this.deltaTimer = setTimeout(() => {
      this.deltaTimer = undefined;
      const previous = this.deltaRunning ?? Promise.resolve();
      this.deltaRunning = previous
        .then(() => this.applyDelta())
        .catch(error =>
          this.logger.warn(
            `${this.getProviderName()} delta failed; the next sweep repairs it`,
            error as Error,
          ),
        )
        .finally(() => {
          this.deltaRunning = undefined;
        });
    }, this.deltaDelayMs);
    this.deltaTimer.unref?.();
  }

  /** Reads the platform and tells the catalog only what was added, changed or removed. */
  async applyDelta(): Promise<void> {
    if (!this.connection || !this.platform.health().synced) return;
    const locationKey = this.getProviderName();
    const entities = await this.read();
    const next = new Map(
      entities.map(e => [stringifyEntityRef(e), JSON.stringify(e)]),
    );
    const added = entities.filter(
      e =>
        this.provided.get(stringifyEntityRef(e)) !==
        next.get(stringifyEntityRef(e)),
    );
    const removed = [...this.provided.keys()].filter(ref => !next.has(ref));
    if (added.length === 0 && removed.length === 0) return;
    await this.connection.applyMutation({
      type: 'delta',
      added: added.map(entity => ({ entity, locationKey })),
      removed: removed.map(entityRef => ({ entityRef, locationKey })),
    });
    this.provided = next;
    this.providedFrom = locationsOf(entities);
    this.logger.info(
      `${this.getProviderName()}: ${added.length} entities added or changed, ${
        removed.length
      } removed`,
    );
  }
}

/** Each entity's ref and the location it came from. */
function locationsOf(entities: Entity[]): Map<string, string> {
  const locations = new Map<string, string>();
  for (const e of entities) {
    const location = e.metadata.annotations?.[ANNOTATION_LOCATION];
    if (location) locations.set(stringifyEntityRef(e), location);
  }
  return locations;
}
