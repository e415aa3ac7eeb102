export * from './liveMessages';
