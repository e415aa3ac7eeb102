/**
 * Backend library for Kratix in Backstage: the platform readers, their configuration, the
 * embedded default repository, and the root service that shares them between plugins.
 *
 * @packageDocumentation
 */
export * from './platform/KratixPlatform';
export * from './platform/PlatformDryRuns';
export type {
  PlacedDocument,
  PlacedDocumentsQuery,
} from './platform/placedDocuments';
export * from './platform/GitOpsKratixPlatform';
export * from './platform/KnownPipelineRuns';
export type { PromiseDocumentFetcher } from './platform/ReleasedPromises';
export * from './platform/classifyDocuments';
export * from './platform/readManifestDirectory';
export * from './config/readKratixConfig';
export * from './embedded/createEmbeddedRepository';
export * from './gitops/git';
export * from './services';
export * from './gitops/LocalGitRepository';
export * from './gitops/requestPath';
export * from './platform/KubernetesKratixPlatform';
export * from './kubernetes/KubernetesApiClient';
export * from './kubernetes/KubernetesApiError';
export * from './cache/ResourceCache';
export type { ReadonlyObjectIndex } from './cache/ObjectIndex';
export type { IndexKeyOf } from './cache/KeyIndex';
export * from './platform/createPlatform';
export { StateStoreSources } from './stateStores/StateStoreSources';
export type {
  PlatformRepositoryLocation,
  StateStoreSourcesOptions,
} from './stateStores/StateStoreSources';
export { StateStoreUnreadableError } from './stateStores/StateStoreSource';
export type {
  StateStoreHealth,
  StateStoreSource,
} from './stateStores/StateStoreSource';
export * from './kubernetes/createKubeConfig';
export * from './gitops/GitRequestWriter';
export * from './views/requestListItems';
export * from './marketplace/MarketplaceClient';
export * from './gitops/GithubPullRequests';
export * from './gitops/RequestProposals';
export * from './gitops/createRepository';
export * from './embedded/EmbeddedKratix';
export * from './access/KratixAccess';
export * from './requests/writeResourceRequest';
export * from './access/audited';
