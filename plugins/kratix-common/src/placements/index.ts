export * from './Placement';
export * from './placementsFromStoreFiles';
export * from './placementFromWorkPlacement';
export * from './deriveGitOpsStatus';
export * from './deriveRequestStatus';
export * from './workPlacementOwner';
export * from './placementsFromRecords';
export * from './joinPlacementsToRequests';
