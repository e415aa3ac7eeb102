/**
 * Backstage frontend plugin for Kratix: Promises, clusters, request pages and the platform
 * admin tab. The new frontend system's plugin is the `/alpha` export.
 *
 * @packageDocumentation
 */
export {
  kratixPlugin,
  KratixPage,
  EntityKratixContent,
  KratixPlatformPickerFieldExtension,
  KratixNamespacePickerFieldExtension,
  KratixRequestPickerFieldExtension,
  KratixClusterLabelPickerFieldExtension,
  KratixClusterCredentialsFieldExtension,
  KratixTextFieldExtension,
  KratixKeyValueFieldExtension,
  KratixDryRunPreviewFieldExtension,
} from './plugin';
export * from './components/DryRun';
export * from './components/fields';
export { kratixApiRef } from './api/KratixApi';
export type {
  DestinationFilter,
  KratixApi,
  KratixList,
  MarketplaceInstallResult,
  PlatformError,
  PromiseFilter,
  RequestFilter,
  RequestUpdateResult,
  StateStoreView,
} from './api/KratixApi';
export { KratixClient } from './api/KratixClient';
export { rootRouteRef } from './routes';
export { useKratixAdminCheck } from './components/AdminTab/useKratixAdminCheck';
export * from './components/PromisesTable';
export * from './components/ClustersTable';
export { PlatformHealth } from './components/PlatformHealth';
// The response rows are defined once in kratix-common, shared with the backend that sends them.
export type {
  DestinationDetail,
  DestinationListItem,
  Page,
  PlatformProblem,
  PlatformView,
  PromiseDetail,
  PromiseListItem,
  PromiseReleaseView,
  RequestDetail,
  RequestListItem,
} from '@kratix-backstage/plugin-kratix-common';

export {
  isKratixEntity,
  isKratixPromiseEntity,
  isKratixResourceEntity,
} from '@kratix-backstage/plugin-kratix-common';
export { RequestOverview } from './components/EntityKratixContent';
export { PromiseView } from './components/PromisePage';
