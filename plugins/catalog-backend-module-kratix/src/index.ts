/**
 * Catalog module for Kratix: every configured platform's Promises, resource requests and
 * Destinations become catalog entities, grouped under a System per platform.
 *
 * @packageDocumentation
 */
export * from './providers/KratixEntityProvider';
export * from './providers/config';
export * from './providers/readPlatformEntities';
export {
  readPublishedEntities,
  type PublishedEntities,
  type SkippedPublishedDocument,
} from './providers/publishedEntities';
export { catalogModuleKratixEntityProvider as default } from './module';
