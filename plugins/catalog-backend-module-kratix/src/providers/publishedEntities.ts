import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  Destination,
  KRATIX_ANNOTATIONS,
  KRATIX_BACKSTAGE_KEYS,
  kratixEntityRef,
  LegacyCluster,
  promiseEntityName,
  requestEntityName,
} from '@kratix-backstage/plugin-kratix-common';
import {
  KratixPlatform,
  PlacedDocument,
} from '@kratix-backstage/plugin-kratix-node';
import { PublishedEntitiesConfig } from './config';

/** A document on a portal Destination that did not become an entity, and why. @public */
export interface SkippedPublishedDocument {
  /** State-store path of its file. */
  path: string;
  /** Its position among the file's documents. */
  index: number;
  reason: string;
  /**
   * `info` for what is not a Backstage entity at all (a Destination without
   * `strictMatchLabels` also gets Kubernetes objects); `warn` for what was meant as one.
   */
  level: 'info' | 'warn';
}

/** What {@link readPublishedEntities} found. @public */
export interface PublishedEntities {
  entities: Entity[];
  skipped: SkippedPublishedDocument[];
}

/** The prefix of the annotations this suite invents (KRATIX_BACKSTAGE_KEYS). */
const SUITE_KEY_PREFIX = `${KRATIX_ANNOTATIONS.platform.split('/')[0]}/`;

/**
 * What marks the suite's entity of a request still in review (its Kratix tab shows only the
 * pull request's link): a published entity comes from a pipeline that ran, so never is one.
 */
const PENDING_KEYS = new Set<string>([
  KRATIX_ANNOTATIONS.phase,
  KRATIX_ANNOTATIONS.pullRequestUrl,
]);

/** The API groups of Backstage's own kinds and of the scaffolder's Template. */
const BACKSTAGE_API_VERSION =
  /^(backstage\.io|scaffolder\.backstage\.io)\/[^/\s]+$/;

/** The catalog's own envelope and metadata checks (its default policies, without kind checks). */
const entityPolicy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

/**
 * The Destinations read as portals: those carrying every configured label. A Destination
 * labelled `kratix.io/dry-run: "true"` only ever gets previews (Kratix's scheduler sends it
 * dry-run Works alone), so it is never one.
 */
export function portalDestinations(
  destinations: Array<Destination | LegacyCluster>,
  labels: Record<string, string>,
): string[] {
  return destinations
    .filter(d => {
      const own = d.metadata.labels ?? {};
      return (
        own['kratix.io/dry-run'] !== 'true' &&
        Object.entries(labels).every(([key, value]) => own[key] === value)
      );
    })
    .map(d => d.metadata.name)
    .sort();
}

type Shaped = { entity: Entity } | { reason: string; level: 'info' | 'warn' };

/** A document as a Backstage entity, or why it is not one. */
function asBackstageEntity(object: unknown): Shaped {
  if (typeof object !== 'object' || object === null || Array.isArray(object))
    return { reason: 'not an object', level: 'info' };
  const { apiVersion, kind, metadata } = object as Record<string, unknown>;
  if (typeof apiVersion !== 'string' || !BACKSTAGE_API_VERSION.test(apiVersion))
    return {
      reason: `not a Backstage entity (${String(apiVersion)} ${String(kind)})`,
      level: 'info',
    };
  if (typeof kind !== 'string' || kind === '')
    return { reason: `${apiVersion} entity without a kind`, level: 'warn' };
  const name = (metadata as { name?: unknown } | undefined)?.name;
  if (typeof name !== 'string' || name === '')
    return { reason: `${kind} without metadata.name`, level: 'warn' };
  return { entity: structuredClone(object) as Entity };
}

/**
 * The entity with where it came from: the location `kratix:<platform>/<state-store path>`,
 * the platform, the Promise (unless the author named one) and the request whose pipeline
 * wrote it, and the ref of that Promise's or request's entity where the catalog has it.
 * An annotation of the suite's own prefix (`kratix-backstage.io/`) the author wrote is
 * dropped, as are the two that mark a request in review; nothing else of the author's
 * entity changes.
 */
function withOrigin(
  entity: Entity,
  document: PlacedDocument,
  platform: string,
  emitted: ReadonlySet<string>,
): Entity {
  const location = `kratix:${platform}/${document.path}`;
  const placement = document.placement;
  const request =
    placement?.type === 'resource' && placement.namespace && placement.resource
      ? { namespace: placement.namespace, name: placement.resource }
      : undefined;
  let by: string | undefined;
  if (placement?.promise) {
    by = kratixEntityRef(
      'component',
      request
        ? requestEntityName(
            platform,
            placement.promise,
            request.namespace,
            request.name,
          )
        : promiseEntityName(platform, placement.promise),
    );
  }
  // Keys of the suite's own prefix are only ever the suite's to write: an author's are dropped.
  const authored = Object.fromEntries(
    Object.entries(entity.metadata.annotations ?? {}).filter(
      ([key]) => !key.startsWith(SUITE_KEY_PREFIX) && !PENDING_KEYS.has(key),
    ),
  );
  return {
    ...entity,
    metadata: {
      ...entity.metadata,
      annotations: {
        ...(placement?.promise
          ? { [KRATIX_ANNOTATIONS.promiseName]: placement.promise }
          : {}),
        ...authored,
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
        [KRATIX_ANNOTATIONS.platform]: platform,
        ...(request
          ? {
              [KRATIX_BACKSTAGE_KEYS.publishedByRequest]: `${request.namespace}/${request.name}`,
            }
          : {}),
        ...(by && emitted.has(by)
          ? { [KRATIX_BACKSTAGE_KEYS.publishedBy]: by }
          : {}),
      },
    },
  };
}

/**
 * The Backstage entities Kratix pipelines published on the platform's portal Destinations
 * (Promise or request output scheduled there, e.g. `/kratix/output/backstage/` with
 * `matchLabels: {environment: backstage}`), each marked with where it came from.
 *
 * Only well-formed entities of the allowed kinds are taken; broken YAML, Kubernetes objects
 * and entities the catalog would refuse are skipped and reported, never failing the read.
 * An entity with the ref of one the module gives (`emitted`) is skipped: the module's
 * carries the annotations the Kratix pages read. Of two published with the same ref, the one
 * at the location it was last provided from (`providedFrom`) is kept, so another request's
 * pipeline cannot take over an entity by publishing its name later; otherwise the first by
 * Destination and path (the same document on two portal Destinations is one entity). A
 * failed read of the platform rejects, as the rest of the platform's read.
 * @public
 */
export async function readPublishedEntities(
  platform: KratixPlatform,
  options: {
    config: PublishedEntitiesConfig;
    destinations: Array<Destination | LegacyCluster>;
    /** The entities the module gives for the platform. */
    emitted: Entity[];
    /** The location (`backstage.io/managed-by-location`) each ref was last provided from. */
    providedFrom?: ReadonlyMap<string, string>;
  },
): Promise<PublishedEntities> {
  const found: PublishedEntities = { entities: [], skipped: [] };
  const names = portalDestinations(
    options.destinations,
    options.config.destinationLabels,
  );
  if (!platform.readPlacedDocuments || names.length === 0) return found;
  const documents = [
    ...(await platform.readPlacedDocuments({ destinations: names })),
  ].sort(
    (a, b) =>
      a.destination.localeCompare(b.destination) ||
      a.path.localeCompare(b.path) ||
      a.index - b.index,
  );
  const emitted = new Set(options.emitted.map(e => stringifyEntityRef(e)));
  const allowed = new Set(
    options.config.allowedKinds.map(k => k.toLowerCase()),
  );
  const kept = new Map<
    string,
    { path: string; index: number; authored: string; at: number }
  >();
  for (const document of documents) {
    const skip = (reason: string, level: 'info' | 'warn' = 'warn') =>
      found.skipped.push({
        path: document.path,
        index: document.index,
        reason,
        level,
      });
    if (document.error !== undefined) {
      skip(`not valid YAML: ${document.error}`);
      continue;
    }
    const shaped = asBackstageEntity(document.object);
    if ('reason' in shaped) {
      skip(shaped.reason, shaped.level);
      continue;
    }
    if (!allowed.has(shaped.entity.kind.toLowerCase())) {
      skip(
        `kind ${shaped.entity.kind} is not in catalog.providers.kratix.publishedEntities.allowedKinds`,
      );
      continue;
    }
    // A Template runs scaffolder actions as whoever uses it: taken only from a Promise's
    // pipelines (the platform team's), never from a request's, which renders requester input.
    if (
      shaped.entity.kind.toLowerCase() === 'template' &&
      document.placement?.type === 'resource'
    ) {
      skip(
        'a Template is taken only from a Promise pipeline, not from the pipeline of a request',
      );
      continue;
    }
    let entity: Entity;
    try {
      entity = (await entityPolicy.enforce(
        withOrigin(shaped.entity, document, platform.name, emitted),
      ))!;
    } catch (error) {
      skip(`the catalog would refuse it: ${(error as Error).message}`);
      continue;
    }
    const ref = stringifyEntityRef(entity);
    if (emitted.has(ref)) {
      skip(
        `${ref} is the name of an entity the Kratix module gives; the module's is kept`,
      );
      continue;
    }
    const authored = JSON.stringify(shaped.entity);
    const first = kept.get(ref);
    if (first) {
      // The same document delivered to two portal Destinations is one entity, not a conflict.
      if (first.authored === authored) continue;
      const provided = options.providedFrom?.get(ref);
      const location = entity.metadata.annotations?.[ANNOTATION_LOCATION];
      const firstLocation =
        found.entities[first.at].metadata.annotations?.[ANNOTATION_LOCATION];
      if (provided && location === provided && firstLocation !== provided) {
        // The entity stays where the catalog has it; the newcomer is the one skipped.
        found.skipped.push({
          path: first.path,
          index: first.index,
          reason: `${ref} was published first by ${document.path}, which is kept`,
          level: 'warn',
        });
        found.entities[first.at] = entity;
        kept.set(ref, {
          ...first,
          path: document.path,
          index: document.index,
          authored,
        });
      } else skip(`${ref} was published first by ${first.path}, which is kept`);
      continue;
    }
    kept.set(ref, {
      path: document.path,
      index: document.index,
      authored,
      at: found.entities.length,
    });
    found.entities.push(entity);
  }
  return found;
}
