export { PromisesTable } from './PromisesTable';
export type { PromisesTableProps } from './PromisesTable';
export { AvailabilityStatus } from './AvailabilityStatus';
export type { AvailabilityStatusProps } from './AvailabilityStatus';
