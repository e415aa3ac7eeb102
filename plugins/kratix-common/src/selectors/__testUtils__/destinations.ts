import { Destination, LegacyCluster, MatchLabels } from '../../model';

/** Builds a Destination for tests (tests only). */
export function destination(
  name: string,
  labels?: MatchLabels,
  options: { strict?: boolean; deleting?: boolean } = {},
): Destination {
  return {
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'Destination',
    metadata: {
      name,
      ...(labels ? { labels } : {}),
      ...(options.deleting
        ? { deletionTimestamp: '2026-10-01T08:00:00Z' }
        : {}),
    },
    spec: {
      path: name,
      ...(options.strict === undefined
        ? {}
        : { strictMatchLabels: options.strict }),
    },
  };
}

/** Builds a pre-August-2023 Cluster for tests (tests only). */
export function legacyCluster(
  name: string,
  labels?: MatchLabels,
): LegacyCluster {
  return {
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'Cluster',
    metadata: { name, ...(labels ? { labels } : {}) },
    spec: { path: name },
  };
}
