export * from './StateStoreSource';
export * from './GitStateStoreSource';
export * from './BucketStateStoreSource';
export * from './StateStoreSources';
