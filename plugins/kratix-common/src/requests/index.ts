export * from './kubernetesNames';
export * from './validateRequestSpec';
export * from './validateResourceRequest';
