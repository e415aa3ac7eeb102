export * from './types';
export * from './buildViews';
