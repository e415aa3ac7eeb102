import { BACKSTAGE_ENTITY_LABEL, BACKSTAGE_OWNER_LABEL } from './annotations';

/** Annotation on a request holding the exact owner entity ref (labels cannot hold ':' or '/'). @public */
export const OWNER_REF_ANNOTATION = 'backstage.io/owner-ref';
/** Annotation on a request holding the exact ref of the entity it was requested for. @public */
export const ENTITY_REF_ANNOTATION = 'backstage.io/entity-ref';

const KINDS = [
  'group',
  'user',
  'component',
  'system',
  'resource',
  'domain',
  'api',
];

/**
 * Turns an entity ref into a label value: `group:default/team-a` → `group-team-a`,
 * `group:ops/team-a` → `group-ops-team-a`, trimmed to 63 characters.
 * @public
 */
export function entityRefToLabelValue(ref: string): string {
  const match = /^(?:([^:]+):)?(?:([^/]+)\/)?(.+)$/.exec(
    ref.trim().toLowerCase(),
  );
  const [, kind = 'group', namespace = 'default', name = ''] = match ?? [];
  const parts =
    namespace === 'default' ? [kind, name] : [kind, namespace, name];
  return parts
    .join('-')
    .replace(/[^a-z0-9-_.]+/g, '-')
    .slice(0, 63)
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
}

/**
 * The owner of a request as an entity ref: the exact annotation when the suite wrote it,
 * else the owner label read back (`group-team-a` → `group:default/team-a`).
 * @public
 */
export function readRequestOwnerRef(metadata: {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}): string | undefined {
  const exact = metadata.annotations?.[OWNER_REF_ANNOTATION];
  if (exact) return exact;
  const label = metadata.labels?.[BACKSTAGE_OWNER_LABEL];
  if (!label) return undefined;
  const dash = label.indexOf('-');
  const kind = dash > 0 ? label.slice(0, dash) : '';
  if (KINDS.includes(kind)) return `${kind}:default/${label.slice(dash + 1)}`;
  return `group:default/${label}`;
}

/** Labels and annotations that record who owns a request and what it is for. @public */
export function ownershipMetadata(
  owner?: string,
  entity?: string,
): {
  labels: Record<string, string>;
  annotations: Record<string, string>;
} {
  const labels: Record<string, string> = {};
  const annotations: Record<string, string> = {};
  if (owner) {
    labels[BACKSTAGE_OWNER_LABEL] = entityRefToLabelValue(owner);
    annotations[OWNER_REF_ANNOTATION] = owner;
  }
  if (entity) {
    labels[BACKSTAGE_ENTITY_LABEL] = entityRefToLabelValue(entity);
    annotations[ENTITY_REF_ANNOTATION] = entity;
  }
  return { labels, annotations };
}
