export { PromisesTable } from './PromisesTable';
export { AvailabilityStatus } from './AvailabilityStatus';
