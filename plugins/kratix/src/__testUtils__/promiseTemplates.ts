import { Entity } from '@backstage/catalog-model';
import { generateTemplate } from '@kratix-backstage/plugin-kratix-common';

/**
 * The Template the suite's catalog module generates for a Promise with an API of `kind`
 * (made by the same generator, so it carries the same name, namespace and marks).
 */
export function generatedTemplate(
  platform: string,
  promise: string,
  kind: string,
): Entity {
  const group = 'example.kratix.io';
  const plural = `${kind.toLowerCase()}s`;
  return generateTemplate(
    platform,
    {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'Promise',
      metadata: { name: promise },
      spec: {
        api: {
          apiVersion: 'apiextensions.k8s.io/v1',
          kind: 'CustomResourceDefinition',
          metadata: { name: `${plural}.${group}` },
          spec: {
            group,
            names: { kind, plural },
            scope: 'Namespaced',
            versions: [
              {
                name: 'v1',
                served: true,
                storage: true,
                schema: {
                  openAPIV3Schema: {
                    type: 'object',
                    properties: { spec: { type: 'object', properties: {} } },
                  },
                },
              },
            ],
          },
        },
      },
    } as any,
    { owner: 'group:default/platform-team' },
  )!;
}

/** A Template written by hand for a Promise, marked as generated ones are, in `namespace`. */
export function handWrittenTemplate(
  platform: string,
  promise: string,
  namespace: string,
  name: string,
): Entity {
  const generated = generatedTemplate(platform, promise, 'Any');
  return {
    ...generated,
    metadata: {
      name,
      namespace,
      title: `${promise} (hand-written)`,
      annotations: {
        'kratix-backstage.io/platform': platform,
        'kratix.io/promise-name': promise,
      },
    },
  };
}
