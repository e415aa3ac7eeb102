import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { kratixApiRef } from '../api/KratixApi';
import { KratixClient } from '../api/KratixClient';
import { builtInAuthApis, clusterAuthApiRefs } from '../api/clusterToken';

/** The Kratix client, for the new frontend system. @alpha */
export const kratixApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: kratixApiRef,
      deps: {
        discoveryApi: discoveryApiRef,
        fetchApi: fetchApiRef,
        ...clusterAuthApiRefs,
      },
      factory: ({ discoveryApi, fetchApi, ...auth }) =>
        new KratixClient({
          discoveryApi,
          fetchApi,
          apis: builtInAuthApis(auth),
        }),
    }),
});
