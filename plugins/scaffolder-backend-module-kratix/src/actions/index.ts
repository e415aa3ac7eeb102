export { createKratixResourceRequestAction } from './resourceRequest';
export { createKratixResourceWaitAction } from './resourceWait';
export { createKratixPromiseInstallAction } from './promiseInstall';
