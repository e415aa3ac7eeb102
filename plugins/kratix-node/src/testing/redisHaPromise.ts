import { KratixPromise } from '@kratix-backstage/plugin-kratix-common';

/**
 * A Promise named unlike any PromiseRelease of the tests (`redis-ha`, API `RedisCluster`),
 * as a release's URL may hold: Kratix installs whatever Promise the document names.
 */
export function redisHaPromise(): KratixPromise {
  return {
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'Promise',
    metadata: {
      name: 'redis-ha',
      labels: { 'kratix.io/promise-version': 'v2.0.0' },
    },
    spec: {
      api: {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'redisclusters.marketplace.kratix.io' },
        spec: {
          group: 'marketplace.kratix.io',
          names: {
            kind: 'RedisCluster',
            plural: 'redisclusters',
            singular: 'rediscluster',
          },
          scope: 'Namespaced',
          versions: [
            {
              name: 'v1alpha1',
              served: true,
              storage: true,
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  'x-kubernetes-preserve-unknown-fields': true,
                },
              },
            },
          ],
        },
      },
    },
  } as KratixPromise;
}
