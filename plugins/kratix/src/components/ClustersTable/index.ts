export { ClustersTable } from './ClustersTable';
export type { ClustersTableProps } from './ClustersTable';
export { ReadyStatus } from './ReadyStatus';
