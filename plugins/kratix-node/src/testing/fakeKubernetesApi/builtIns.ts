import {
  KRATIX_GROUP,
  KRATIX_KINDS,
  KRATIX_VERSION,
  KubernetesObject,
} from '@kratix-backstage/plugin-kratix-common';
import { FakeResource } from './model';

/** The kinds compiled into the API server that the suite meets. */
export const BUILT_IN_RESOURCES: FakeResource[] = [
  {
    group: '',
    version: 'v1',
    plural: 'namespaces',
    kind: 'Namespace',
    namespaced: false,
    subresources: ['status'],
    shortNames: ['ns'],
  },
  {
    group: '',
    version: 'v1',
    plural: 'pods',
    kind: 'Pod',
    namespaced: true,
    subresources: ['status', 'log'],
    shortNames: ['po'],
  },
  {
    group: '',
    version: 'v1',
    plural: 'configmaps',
    kind: 'ConfigMap',
    namespaced: true,
    shortNames: ['cm'],
  },
  {
    group: '',
    version: 'v1',
    plural: 'secrets',
    kind: 'Secret',
    namespaced: true,
  },
  {
    group: '',
    version: 'v1',
    plural: 'events',
    kind: 'Event',
    namespaced: true,
    shortNames: ['ev'],
  },
  {
    group: 'batch',
    version: 'v1',
    plural: 'jobs',
    kind: 'Job',
    namespaced: true,
    subresources: ['status'],
  },
  {
    group: 'apiextensions.k8s.io',
    version: 'v1',
    plural: 'customresourcedefinitions',
    kind: 'CustomResourceDefinition',
    namespaced: false,
    subresources: ['status'],
    shortNames: ['crd', 'crds'],
  },
];

/** A fresh cluster's namespaces. */
export const FRESH_CLUSTER_NAMESPACES = [
  'default',
  'kube-node-lease',
  'kube-public',
  'kube-system',
];

/**
 * The CRDs a Kratix install puts on the platform (every kind but HealthRecord, and the
 * legacy Cluster, has a status subresource).
 */
export function kratixCrds(): KubernetesObject[] {
  return Object.entries(KRATIX_KINDS).map(([kind, info]) => {
    const withStatus = kind !== 'HealthRecord' && kind !== 'Cluster';
    return {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: {
        name: `${info.plural}.${KRATIX_GROUP}`,
        labels: { 'app.kubernetes.io/part-of': 'kratix' },
      },
      spec: {
        group: KRATIX_GROUP,
        names: {
          kind,
          plural: info.plural,
          singular: kind.toLowerCase(),
          categories: kind === 'HealthRecord' ? [] : ['kratix'],
        },
        scope: info.namespaced ? 'Namespaced' : 'Cluster',
        versions: [
          {
            name: KRATIX_VERSION,
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                'x-kubernetes-preserve-unknown-fields': true,
              },
            },
            ...(withStatus && { subresources: { status: {} } }),
          },
        ],
      },
    } as KubernetesObject;
  });
}
