export * from './matchDestinations';
export * from './workloadGroups';
