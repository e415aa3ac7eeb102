export * from './kubernetesEvents';
export * from './conditionHistory';
