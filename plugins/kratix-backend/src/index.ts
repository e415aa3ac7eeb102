/**
 * Backstage backend plugin for Kratix: the REST API at `/api/kratix`.
 *
 * @packageDocumentation
 */
export { kratixPlugin as default } from './plugin';
export * from './permissions/requestResource';
