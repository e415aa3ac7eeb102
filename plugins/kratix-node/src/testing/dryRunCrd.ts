import {
  DRY_RUN_RESOURCE,
  KubernetesObject,
} from '@kratix-backstage/plugin-kratix-common';

/**
 * The CRD Kratix HEAD installs for its DryRun (config/crd/bases/platform.kratix.io_dryruns.yaml:
 * namespaced, category kratix, v1alpha1 with the status subresource), its schema left open.
 */
export function dryRunCrd(): KubernetesObject {
  const { group, version, plural, kind } = DRY_RUN_RESOURCE;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${plural}.${group}`,
      labels: { 'app.kubernetes.io/part-of': 'kratix' },
    },
    spec: {
      group,
      names: {
        kind,
        listKind: `${kind}List`,
        plural,
        singular: kind.toLowerCase(),
        categories: ['kratix'],
      },
      scope: 'Namespaced',
      versions: [
        {
          name: version,
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              'x-kubernetes-preserve-unknown-fields': true,
            },
          },
          subresources: { status: {} },
        },
      ],
    },
  };
}
