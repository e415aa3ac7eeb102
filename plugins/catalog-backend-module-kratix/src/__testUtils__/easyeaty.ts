import {
  Destination,
  KratixPromise,
  ResourceRequest,
} from '@kratix-backstage/plugin-kratix-common';

/** A Promise with an API of the given kind in `marketplace.kratix.io/v1alpha1`. */
export function promiseWithApi(
  name: string,
  kind: string,
  requiredPromises: string[] = [],
): KratixPromise {
  return {
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'Promise',
    metadata: { name, labels: { 'kratix.io/promise-version': 'v1.0.0' } },
    spec: {
      ...(requiredPromises.length > 0 && {
        requiredPromises: requiredPromises.map(r => ({ name: r })),
      }),
      api: {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        spec: {
          group: 'marketplace.kratix.io',
          names: { kind, plural: `${kind}s` },
          scope: 'Namespaced',
          versions: [{ name: 'v1alpha1', served: true, storage: true }],
        },
      },
    },
    status: { status: 'Available', version: 'v1.0.0' },
  };
}

/** A Promise that only installs dependencies and takes no requests. */
export function promiseWithoutApi(name: string): KratixPromise {
  return {
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'Promise',
    metadata: { name },
    spec: {},
  };
}

/** A Destination with labels and a Ready condition. */
export function destination(
  name: string,
  labels: Record<string, string>,
): Destination {
  return {
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'Destination',
    metadata: { name, labels },
    spec: { path: name },
    status: {
      conditions: [
        { type: 'Ready', status: 'True', reason: 'DestinationReady' },
      ],
    },
  };
}

/** A reconciled request of a kind, optionally owned and optionally part of a composite. */
export function request(
  kind: string,
  namespace: string,
  name: string,
  labels: Record<string, string> = {},
): ResourceRequest {
  return {
    apiVersion: 'marketplace.kratix.io/v1alpha1',
    kind,
    metadata: { name, namespace, labels },
    spec: {},
    status: {
      conditions: [
        { type: 'Reconciled', status: 'True', reason: 'Reconciled' },
      ],
    },
  };
}
