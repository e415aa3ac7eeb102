/**
 * Scaffolder actions for Kratix: request resources from Promises.
 *
 * @packageDocumentation
 */
export * from './actions';
export { scaffolderModuleKratix as default } from './module';
