export * from './manageActions';
