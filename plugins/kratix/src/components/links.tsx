import { ReactNode } from 'react';
import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { requestEntityName } from '@kratix-backstage/plugin-kratix-common';
import { rootRouteRef } from '../routes';

const segment = encodeURIComponent;

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
 * The Kratix page's paths for a Promise and a cluster, wherever the caller is rendered (the
 * Kratix page itself, or a catalog entity's tab). Where the app mounts no Kratix page there
 * is nothing to link to, and every path is undefined.
 */
export function useKratixPaths(): KratixPaths {
  let root: (() => string) | undefined;
  try {
    // Always called; the try only catches its throw where the app mounts no Kratix page.
    // eslint-disable-next-line react-hooks/rules-of-hooks
    root = useRouteRef(rootRouteRef);
  } catch {
    root = undefined;
  }
  const base = root?.().replace(/\/+$/, '');
  return {
    promise: (platform, name) =>
      base === undefined
        ? undefined
        : `${base}/promises/${segment(platform)}/${segment(name)}`,
    cluster: (platform, name) =>
      base === undefined
        ? undefined
        : `${base}/clusters/${segment(platform)}/${segment(name)}`,
    stateStores: () =>
      base === undefined ? undefined : `${base}/admin#${STATE_STORES_ANCHOR}`,
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
  const paths = useKratixPaths();
  return (
    <MaybeLink to={paths.promise(props.platform, props.name)}>
      {props.children ?? props.name}
    </MaybeLink>
  );
}

/** A cluster's name, linked to its page on the Kratix page. */
export function ClusterPageLink(props: {
  platform: string;
  name: string;
  children?: ReactNode;
}) {
  const paths = useKratixPaths();
  return (
    <MaybeLink to={paths.cluster(props.platform, props.name)}>
      {props.children ?? props.name}
    </MaybeLink>
  );
}

/** The catalog page of a request's entity (the entities the suite's provider generates). */
export function requestEntityPath(
  platform: string,
  promise: string,
  namespace: string,
  name: string,
): string {
  return `/catalog/default/component/${segment(
    requestEntityName(platform, promise, namespace, name),
  )}`;
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
    <Link to={requestEntityPath(platform, promise, namespace, name)}>
      {props.children ?? `${namespace}/${name}`}
    </Link>
  );
}
