import { ReactNode } from 'react';
import { Link } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  KRATIX_ENTITY_NAMESPACE,
  requestEntityName,
} from '@kratix-backstage/plugin-kratix-common';
import { useOptionalRouteRef } from '../hooks/useOptionalRouteRef';
import { adminRouteRef, clusterRouteRef, promiseRouteRef } from '../routes';

/** The id of the admin tab's state stores table, where a link to a state store goes. */
export const STATE_STORES_ANCHOR = 'state-stores';

/** Paths of the Kratix page's sub-pages; undefined where the app mounts no Kratix page. */
export interface KratixPaths {
  promise(platform: string, name: string): string | undefined;
  cluster(platform: string, name: string): string | undefined;
  /** The admin tab's state stores table. */
  stateStores(): string | undefined;
}

/**
 * The Kratix page's paths for a Promise and a cluster, from the plugin's route refs, wherever
 * the caller is rendered (the Kratix page itself, or a catalog entity's tab). Where the app
 * mounts no Kratix page there is nothing to link to, and every path is undefined.
 */
export function useKratixPaths(): KratixPaths {
  const promise = useOptionalRouteRef(promiseRouteRef);
  const cluster = useOptionalRouteRef(clusterRouteRef);
  const admin = useOptionalRouteRef(adminRouteRef);
  return {
    promise: (platform, name) => promise?.({ platform, name }),
    cluster: (platform, name) => cluster?.({ platform, name }),
    stateStores: () => admin && `${admin()}#${STATE_STORES_ANCHOR}`,
  };
}

/** A link where there is somewhere to go; the bare text otherwise. */
function MaybeLink({ to, children }: { to?: string; children: ReactNode }) {
  return to ? <Link to={to}>{children}</Link> : <>{children}</>;
}

/** A Promise's name, linked to its page on the Kratix page. */
export function PromisePageLink(props: {
  platform: string;
  name: string;
  children?: ReactNode;
}) {
  const page = useOptionalRouteRef(promiseRouteRef);
  const { platform, name } = props;
  return (
    <MaybeLink to={page?.({ platform, name })}>
      {props.children ?? name}
    </MaybeLink>
  );
}

/** A cluster's name, linked to its page on the Kratix page. */
export function ClusterPageLink(props: {
  platform: string;
  name: string;
  children?: ReactNode;
}) {
  const page = useOptionalRouteRef(clusterRouteRef);
  const { platform, name } = props;
  return (
    <MaybeLink to={page?.({ platform, name })}>
      {props.children ?? name}
    </MaybeLink>
  );
}

/**
 * The catalog entity of a request (as the suite's catalog provider names it), for
 * `EntityRefLink`: the catalog's entity route says where its page is.
 */
export function requestEntityRef(
  platform: string,
  promise: string,
  namespace: string,
  name: string,
) {
  return {
    kind: 'component',
    namespace: KRATIX_ENTITY_NAMESPACE,
    name: requestEntityName(platform, promise, namespace, name),
  };
}

/** A request, linked to its catalog entity page (where its Kratix tab is). */
export function RequestEntityLink(props: {
  platform: string;
  promise: string;
  namespace: string;
  name: string;
  children?: ReactNode;
}) {
  const { platform, promise, namespace, name } = props;
  return (
    <EntityRefLink
      entityRef={requestEntityRef(platform, promise, namespace, name)}
    >
      {/* The request's own name, not its entity's generated one. */}
      {props.children ?? `${namespace}/${name}`}
    </EntityRefLink>
  );
}
