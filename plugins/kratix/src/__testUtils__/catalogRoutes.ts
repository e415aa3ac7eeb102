import { entityRouteRef } from '@backstage/plugin-catalog-react';

/**
 * The catalog's entity page, mounted where a Backstage app mounts it, so `EntityRefLink`s
 * (owners, requests' entities) resolve in component tests as they do in an app.
 */
export const catalogRoutes = {
  '/catalog/:namespace/:kind/:name': entityRouteRef,
};
