export * from './marketplace';
export * from './promiseVersion';
