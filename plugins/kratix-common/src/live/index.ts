export * from './liveMessages';
export * from './liveSnapshot';
export * from './LiveSettler';
export * from './liveNotifications';
