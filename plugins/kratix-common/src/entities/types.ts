/**
 * The little the entity functions need to know about a platform. `KratixPlatform` from
 * kratix-node satisfies it, and this package stays free of that dependency.
 * @public
 */
export interface KratixPlatformInfo {
  /** The platform's configured name (a DNS label); every entity name starts with it. */
  name: string;
  /** Human title, used as the System's title. */
  title?: string;
}

/** Options shared by the entity functions. @public */
export interface KratixEntityOptions {
  /**
   * Entity ref of the owner of entities that name none themselves; default
   * {@link DEFAULT_KRATIX_OWNER}.
   */
  owner?: string;
}

/** Owner of Kratix entities when neither the object nor the configuration names one. @public */
export const DEFAULT_KRATIX_OWNER = 'group:default/platform-team';

/** Backstage namespace of every entity the suite generates (Templates are looked up there). @public */
export const KRATIX_ENTITY_NAMESPACE = 'default';
