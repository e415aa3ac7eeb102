import { kratixEntityContent } from './entityContent';
import { convertLegacyRouteRefs } from '@backstage/core-compat-api';
import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import {
  adminRouteRef,
  clusterRouteRef,
  clustersRouteRef,
  promiseRouteRef,
  rootRouteRef,
  scaffolderTemplateRouteRef,
} from '../routes';
import { kratixApi } from './apis';
import { kratixFormFields } from './formFields';
import { kratixIcon } from './KratixIcon';
import { kratixPage } from './pages';

export { kratixApi } from './apis';
export { kratixPage } from './pages';
export { kratixFormFields } from './formFields';

/** The Kratix plugin for the new frontend system. @alpha */
export default createFrontendPlugin({
  pluginId: 'kratix',
  title: 'Kratix',
  icon: kratixIcon,
  info: { packageJson: () => import('../../package.json') },
  extensions: [kratixApi, kratixPage, ...kratixFormFields, kratixEntityContent],
  routes: convertLegacyRouteRefs({
    root: rootRouteRef,
    promise: promiseRouteRef,
    clusters: clustersRouteRef,
    cluster: clusterRouteRef,
    admin: adminRouteRef,
  }),
  // Its default target is the scaffolder's `selectedTemplate` route: bound without app code.
  externalRoutes: convertLegacyRouteRefs({
    scaffolderTemplate: scaffolderTemplateRouteRef,
  }),
});
