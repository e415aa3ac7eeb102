export { EntityKratixContent } from './EntityKratixContent';
export { RequestOverview } from './RequestOverview';
