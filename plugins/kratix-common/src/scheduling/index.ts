export * from './matchDestinations';
export * from './workloadGroups';
export * from './labelSelector';
