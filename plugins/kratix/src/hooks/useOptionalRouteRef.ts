import { useMemo } from 'react';
import { useLocation } from 'react-router-dom';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import {
  AnyParams,
  RouteFunc,
  RouteRef,
  SubRouteRef,
  useApiHolder,
} from '@backstage/core-plugin-api';
import { coreApis } from '@backstage/frontend-plugin-api';
import { useVersionedContext } from '@backstage/version-bridge';

/** What the legacy app's routing context (version 1) offers: core-app-api's RouteResolver. */
interface LegacyRouteResolver {
  resolve(
    routeRef: unknown,
    location: { pathname: string },
  ): RouteFunc<any> | undefined;
}

/**
 * Like `useRouteRef`, but undefined where the app mounts no page for the ref, instead of
 * throwing.
 *
 * core-plugin-api's `useRouteRef` throws `No path for …` for a route or sub-route ref the app
 * has not mounted (only an optional external ref gives undefined), and the Kratix tab of an
 * entity page can be in an app that mounts no Kratix page. So this asks the same resolvers
 * that hook asks: the new frontend system's route resolution API (which returns undefined,
 * as frontend-plugin-api's `useRouteRef` does), else the legacy app's versioned routing
 * context, whose resolver also returns undefined for a ref with no path.
 */
export function useOptionalRouteRef<Params extends AnyParams>(
  routeRef: RouteRef<Params> | SubRouteRef<Params>,
): RouteFunc<Params> | undefined {
  const { pathname } = useLocation();
  const routeResolution = useApiHolder().get(coreApis.routeResolution);
  const legacy = useVersionedContext<{ 1: LegacyRouteResolver }>(
    'routing-context',
  )?.atVersion(1);
  return useMemo(() => {
    if (routeResolution) {
      return routeResolution.resolve(
        convertLegacyRouteRef(routeRef as RouteRef<any>),
        {
          sourcePath: pathname,
        },
      ) as RouteFunc<Params> | undefined;
    }
    return legacy?.resolve(routeRef, { pathname }) as
      | RouteFunc<Params>
      | undefined;
  }, [routeResolution, legacy, routeRef, pathname]);
}
