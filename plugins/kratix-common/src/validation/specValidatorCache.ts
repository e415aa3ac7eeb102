import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { JSONSchemaProps, KratixPromise } from '../model';
import { BoundedCache } from './boundedCache';
import { createKubernetesAjv } from './kubernetesAjv';
import { toAjvSchema } from './toAjvSchema';

/** A compiled spec schema, or why the Promise's schema could not be compiled. @internal */
export type CompiledSpecSchema =
  | { validate: ValidateFunction }
  | { compileError: string };

/** How many compiled schemas are kept; a portal rarely shows more Promise versions than this. */
const CACHE_LIMIT = 200;

const cache = new BoundedCache<string, CompiledSpecSchema>(CACHE_LIMIT);
let sharedAjv: Ajv | undefined;

/**
 * A Promise object is identified by name, uid and resourceVersion/generation, which change
 * whenever its API can. Objects without either (drafts, hand-made test data) fall back to
 * the schema's own text, so an edited schema is never validated with a stale compilation.
 */
function cacheKeyOf(
  promise: KratixPromise,
  apiVersion: string,
  specSchema: JSONSchemaProps,
): string {
  const { name, uid, resourceVersion, generation } = promise.metadata ?? {};
  if (resourceVersion === undefined && generation === undefined) {
    return `schema\u0000${apiVersion}\u0000${JSON.stringify(specSchema)}`;
  }
  return [
    'promise',
    name,
    uid ?? '',
    resourceVersion ?? '',
    generation ?? '',
    apiVersion,
  ].join('\u0000');
}

function compile(specSchema: JSONSchemaProps): CompiledSpecSchema {
  sharedAjv ??= createKubernetesAjv();
  try {
    return { validate: sharedAjv.compile(toAjvSchema(specSchema)) };
  } catch (error) {
    return {
      compileError: error instanceof Error ? error.message : String(error),
    };
  }
}

/**
 * The compiled validator for a Promise API version's `spec` schema, compiled once and then
 * served from a bounded cache.
 * @internal
 */
export function compiledSpecSchemaFor(
  promise: KratixPromise,
  apiVersion: string,
  specSchema: JSONSchemaProps,
): CompiledSpecSchema {
  const key = cacheKeyOf(promise, apiVersion, specSchema);
  let compiled = cache.get(key);
  if (!compiled) {
    compiled = compile(specSchema);
    cache.set(key, compiled);
  }
  return compiled;
}

/** Forgets every compiled request schema, e.g. after Promises were edited in place. @public */
export function clearRequestValidatorCache(): void {
  cache.clear();
}

/** How many compiled request schemas are cached (for diagnostics and tests). @public */
export function requestValidatorCacheSize(): number {
  return cache.size;
}
