export { createKratixResourceRequestAction } from './resourceRequest';
