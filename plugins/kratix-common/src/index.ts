/**
 * Pure Kratix model for Backstage: object types, status readers, Promise API, scheduling,
 * state-store layout, request validation, entity annotations and permissions. No I/O.
 *
 * @packageDocumentation
 */
export * from './model';
export * from './status';
export * from './api';
export * from './validation';
export * from './selectors';
export * from './stateStoreLayout';
export * from './placements';
export * from './pipelines';
export * from './manage';
export * from './views';
export * from './marketplace';
export * from './entities';
export * from './templates';
export * from './permissions';
export * from './annotations';
export * from './ownership';
export * from './requestOwner';
export * from './security/scrubSecrets';
export * from './notConfigured';
export * from './live';
export * from './events';
export * from './traces';
export * from './requestUpdates';
export * from './versions';
export * from './dryRun';
export * from './fleet';
