export { ClusterPage, ClusterView } from './ClusterPage';
