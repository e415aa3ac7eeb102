export * from './validationResult';
export * from './kubernetesNames';
export * from './validateRequestSpec';
export * from './validateResourceRequest';
export * from './buildResourceRequest';
export {
  clearRequestValidatorCache,
  requestValidatorCacheSize,
} from './specValidatorCache';
export * from './describePattern';
