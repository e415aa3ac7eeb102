export * from './promiseApi';
export * from './apiPath';
export * from './requestReference';
