import { createRouteRef } from '@backstage/core-plugin-api';

/** The Kratix page (Promises and clusters). @public */
export const rootRouteRef = createRouteRef({ id: 'kratix' });
