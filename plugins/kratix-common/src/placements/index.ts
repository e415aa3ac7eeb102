export * from './Placement';
export * from './placementsFromStoreFiles';
export * from './placementFromWorkPlacement';
export * from './deriveGitOpsStatus';
export * from './deriveRequestStatus';
