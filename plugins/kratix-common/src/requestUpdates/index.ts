export * from './specChanges';
