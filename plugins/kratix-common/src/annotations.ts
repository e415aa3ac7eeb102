/**
 * Entity annotations shared by the catalog module and the frontend. The `kratix.io/*`
 * names follow the published Kratix portal contract so entities from either source work.
 * @public
 */
export const KRATIX_ANNOTATIONS = {
  type: 'kratix.io/type',
  promiseName: 'kratix.io/promise-name',
  apiName: 'kratix.io/api-name',
  apiGroup: 'kratix.io/api-group',
  status: 'kratix.io/status',
  promiseTemplate: 'kratix.io/backstage-promise-template',
  group: 'kratix.io/group',
  version: 'kratix.io/version',
  kind: 'kratix.io/kind',
  name: 'kratix.io/name',
  namespace: 'kratix.io/namespace',
  promiseSummary: 'kratix.io/promise-summary',
  requestsRepoUrl: 'kratix.io/requests-repo-url',
  phase: 'kratix.io/phase',
  pullRequestUrl: 'kratix.io/pull-request-url',
  /** Which configured platform the entity came from (this suite's own key, so its own prefix). */
  platform: 'kratix-backstage.io/platform',
} as const;

/**
 * Keys this suite invents carry its own prefix, never `kratix.io/`: `kratix.io/` is read only
 * where Kratix (or the Syntasso portal contract above) defines the key.
 * @public
 */
export const KRATIX_BACKSTAGE_KEYS = {
  /** On a Destination: this cluster is the platform cluster registered as its own worker. */
  platformCluster: 'kratix-backstage.io/platform-cluster',
  /** On a Promise: the name people know it by, for titles (its name otherwise). */
  displayName: 'kratix-backstage.io/display-name',
  /** On a Promise: a one-line description for lists and templates. */
  description: 'kratix-backstage.io/description',
  /** On a Promise: comma-separated categories (as the marketplace uses). */
  categories: 'kratix-backstage.io/categories',
  /**
   * On an entity a Kratix pipeline published to a Backstage portal Destination: the entity
   * ref of the Promise's or request's entity whose pipeline wrote it, when that is in the
   * catalog (the author's `spec` stays as written).
   */
  publishedBy: 'kratix-backstage.io/published-by',
  /** On such an entity written by a request's pipeline: the request, as `<namespace>/<name>`. */
  publishedByRequest: 'kratix-backstage.io/published-by-request',
} as const;

/** `spec.type` values of Kratix entities. @public */
export const KRATIX_ENTITY_TYPES = {
  promise: 'kratix-promise',
  resource: 'kratix-resource',
  destination: 'kratix-destination',
} as const;

/** Label a request carries naming its owning Backstage entity (group or user). @public */
export const BACKSTAGE_OWNER_LABEL = 'backstage.io/owner';
/** Label a request carries naming the Backstage entity it was requested for. @public */
export const BACKSTAGE_ENTITY_LABEL = 'backstage.io/entity';

/** Minimal entity shape, so this package needs no catalog client. */
/** The part of a catalog entity the Kratix checks read. @public */
export interface EntityLike {
  metadata: { annotations?: Record<string, string> };
  spec?: { type?: unknown };
}

/** Whether an entity is a Kratix Promise (by annotation or spec.type). @public */
export function isKratixPromiseEntity(entity: EntityLike): boolean {
  return (
    entity.metadata.annotations?.[KRATIX_ANNOTATIONS.type] === 'promise' ||
    entity.spec?.type === KRATIX_ENTITY_TYPES.promise
  );
}

/**
 * Whether an entity is a Kratix resource request: by annotation or spec.type, as long as
 * the five annotations that locate the object are present.
 * @public
 */
export function isKratixResourceEntity(entity: EntityLike): boolean {
  const a = entity.metadata.annotations ?? {};
  const typed =
    a[KRATIX_ANNOTATIONS.type] === 'resource' ||
    entity.spec?.type === KRATIX_ENTITY_TYPES.resource;
  const locatable = [
    KRATIX_ANNOTATIONS.group,
    KRATIX_ANNOTATIONS.version,
    KRATIX_ANNOTATIONS.kind,
    KRATIX_ANNOTATIONS.name,
    KRATIX_ANNOTATIONS.namespace,
  ].every(key => !!a[key]);
  return typed && locatable;
}

/** Whether an entity is any Kratix entity the suite has a page for. @public */
export function isKratixEntity(entity: EntityLike): boolean {
  return (
    isKratixPromiseEntity(entity) ||
    isKratixResourceEntity(entity) ||
    entity.spec?.type === KRATIX_ENTITY_TYPES.destination
  );
}
