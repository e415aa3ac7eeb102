/**
 * Backstage frontend plugin for Kratix: Promises, clusters, request pages and the platform
 * admin tab. The new frontend system's plugin is the `/alpha` export.
 *
 * @packageDocumentation
 */
export {
  kratixPlugin,
  KratixPage,
  KratixPlatformPickerFieldExtension,
  KratixNamespacePickerFieldExtension,
  KratixRequestPickerFieldExtension,
  KratixClusterLabelPickerFieldExtension,
} from './plugin';
export * from './components/fields';
export { kratixApiRef } from './api/KratixApi';
export type { KratixApi, PlatformError, RequestFilter } from './api/KratixApi';
export { KratixClient } from './api/KratixClient';
export { rootRouteRef } from './routes';
export { PromisesTable, AvailabilityStatus } from './components/PromisesTable';
export { ClustersTable } from './components/ClustersTable';
export { PlatformHealth } from './components/PlatformHealth';
