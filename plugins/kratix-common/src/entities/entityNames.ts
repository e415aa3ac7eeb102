import { md5Hex } from '../stateStoreLayout';
import { KRATIX_ENTITY_NAMESPACE } from './types';

/**
 * Backstage entity names are at most 63 characters of `[A-Za-z0-9._-]`, starting and
 * ending alphanumeric.
 */
const MAX_NAME_LENGTH = 63;
const HASH_LENGTH = 8;

/**
 * Joins name parts into a valid Backstage entity name, the one rule every Kratix entity
 * name follows: `<platform>_<part>_<part>…`.
 *
 * Why `_`: platform names are DNS labels and Kubernetes object names are DNS subdomains,
 * so neither can contain `_`. Joining with it keeps names of different platforms (and of
 * different promise/namespace/name triples) apart by construction, where `-` would let
 * platform `prod` + Promise `eu-redis` meet platform `prod-eu` + Promise `redis`. Names
 * never depend on how many platforms are configured, so adding a second platform renames
 * nothing. A name that would pass 63 characters is cut and ends in `-` plus the first
 * 8 hex digits of the md5 of the whole name, so it stays unique and stable.
 * @public
 */
export function kratixEntityName(platform: string, ...parts: string[]): string {
  const full = [platform, ...parts]
    // `_` is the separator; anything else Backstage refuses becomes `-`.
    .map(part => part.replace(/[^A-Za-z0-9.-]+/g, '-'))
    .join('_')
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  if (full.length <= MAX_NAME_LENGTH) return full;
  const head = full
    .slice(0, MAX_NAME_LENGTH - HASH_LENGTH - 1)
    .replace(/[^A-Za-z0-9]+$/, '');
  return `${head}-${md5Hex(full).slice(0, HASH_LENGTH)}`;
}

/** Name of a platform's System entity: the platform name itself. @public */
export function platformEntityName(platform: string): string {
  return kratixEntityName(platform);
}

/** Name of a Promise's Component entity: `<platform>_<promise>`. @public */
export function promiseEntityName(platform: string, promise: string): string {
  return kratixEntityName(platform, promise);
}

/** Name of a resource request's Component entity: `<platform>_<promise>_<namespace>_<name>`. @public */
export function requestEntityName(
  platform: string,
  promise: string,
  namespace: string,
  name: string,
): string {
  return kratixEntityName(platform, promise, namespace, name);
}

/** Name of a Destination's Resource entity: `<platform>_<destination>`. @public */
export function destinationEntityName(
  platform: string,
  destination: string,
): string {
  return kratixEntityName(platform, destination);
}

/**
 * Name of the Template generated for a Promise with an API:
 * `<platform>_<promise>-promise-template`, the Kratix `<promise>-promise-template` name
 * under the platform prefix so two platforms' Templates do not collide.
 * @public
 */
export function promiseTemplateName(platform: string, promise: string): string {
  return kratixEntityName(platform, `${promise}-promise-template`);
}

/** Full ref `<kind>:default/<name>` of a generated entity. @public */
export function kratixEntityRef(
  kind: 'component' | 'system' | 'resource' | 'template',
  name: string,
): string {
  return `${kind}:${KRATIX_ENTITY_NAMESPACE}/${name}`;
}
