import { convertLegacyRouteRef, compatWrapper } from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import CloudQueueIcon from '@material-ui/icons/CloudQueue';
import { kratixApiRef } from '../api/KratixApi';
import { KratixClient } from '../api/KratixClient';
import { rootRouteRef } from '../routes';
import { kratixFormFields } from './formFields';

/** The Kratix client, for the new frontend system. @alpha */
export const kratixApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: kratixApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new KratixClient({ discoveryApi, fetchApi }),
    }),
});

/** The Kratix page at /kratix, listed in the sidebar. @alpha */
export const kratixPage = PageBlueprint.make({
  params: {
    path: '/kratix',
    title: 'Kratix',
    icon: <CloudQueueIcon fontSize="inherit" />,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    loader: () => import('../components/KratixPage').then(m => compatWrapper(<m.KratixPage />)),
  },
});

/** The Kratix plugin for the new frontend system. @alpha */
export default createFrontendPlugin({
  pluginId: 'kratix',
  title: 'Kratix',
  icon: <CloudQueueIcon fontSize="inherit" />,
  info: { packageJson: () => import('../../package.json') },
  extensions: [kratixApi, kratixPage, ...kratixFormFields],
  routes: { root: convertLegacyRouteRef(rootRouteRef) },
});
