import {
  compatWrapper,
  convertLegacyRouteRef,
} from '@backstage/core-compat-api';
import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { rootRouteRef } from '../routes';
import { kratixIcon } from './KratixIcon';

/**
 * The Kratix page at `/kratix`. Its title and icon (with the route ref) are what put it in the
 * app's sidebar: this version of the frontend system lists pages, it has no nav-item blueprint.
 *
 * @alpha
 */
export const kratixPage = PageBlueprint.make({
  params: {
    path: '/kratix',
    title: 'Kratix',
    icon: kratixIcon,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    // KratixPage brings its own Header (it carries the platform health), so the app's plugin
    // header would be a second one.
    noHeader: true,
    // compatWrapper lets the page's core-plugin-api hooks (useApi) read the new system's APIs.
    loader: () =>
      import('../components/KratixPage').then(m =>
        compatWrapper(<m.KratixPage />),
      ),
  },
});
