export * from './types';
export * from './fleetProblems';
export * from './fleetHealth';
export * from './healthHistory';
