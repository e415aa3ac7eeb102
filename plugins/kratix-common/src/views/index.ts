export * from './types';
export * from './buildViews';
export * from './storeFiles';
export * from './requestOrigin';
