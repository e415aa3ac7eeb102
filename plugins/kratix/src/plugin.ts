import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { kratixApiRef } from './api/KratixApi';
import { KratixClient } from './api/KratixClient';
import { rootRouteRef } from './routes';

/** The Kratix frontend plugin for the legacy app. @public */
export const kratixPlugin = createPlugin({
  id: 'kratix',
  apis: [
    createApiFactory({
      api: kratixApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new KratixClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef },
});

/** The Kratix page: Promises and clusters. @public */
export const KratixPage = kratixPlugin.provide(
  createRoutableExtension({
    name: 'KratixPage',
    component: () => import('./components/KratixPage').then(m => m.KratixPage),
    mountPoint: rootRouteRef,
  }),
);
