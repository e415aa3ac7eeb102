import {
  Destination,
  KratixPromise,
  ResourceRequest,
} from '@kratix-backstage/plugin-kratix-common';

/*
 * What public Promises publish for Backstage, and where Kratix puts it.
 *
 * - kafka (syntasso/kratix-marketplace kafka/promise.yaml, commit 9d5f777): its
 *   `promise-configure` pipeline copies `backstage/backstage.yaml` into /kratix/output and
 *   appends `- directory: backstage, matchLabels: {environment: backstage}` to
 *   /kratix/metadata/destination-selectors.yaml
 *   (kafka/internal/configure-promise-pipeline/execute-pipeline).
 * - syntasso/kratix-backstage-generator-pipeline lib/generator.go generateResourceEntities:
 *   a request's `<request>-component.yaml` in /kratix/output/backstage, scheduled the same way.
 * - Kratix's work creator (work-creator/lib/work_creator.go) makes a workload group of the
 *   directory with id md5("backstage") and each file's path relative to /kratix/output
 *   (`backstage/<file>`); the WorkPlacement writer puts the group at
 *   `<store path>/<destination path>/dependencies/<promise>/<pipeline>/<id[0:5]>/` for a
 *   Promise and `…/resources/<namespace>/<promise>/<request>/<pipeline>/<id[0:5]>/` for a
 *   request (internal/controller/workplacement_controller.go getDir and shared.go shortID at
 *   Kratix HEAD; controllers/workplacement_controller.go getDir in v0.125.0).
 */

/** md5("backstage") = 5cfafeb1…, cut to five characters as Kratix's shortID does. */
export const BACKSTAGE_GROUP = '5cfaf';
/** md5("backstage") in full: the WorkPlacement's `spec.id` and `kratix.io/workload-group-id`. */
export const BACKSTAGE_GROUP_ID = '5cfafeb105f76977d146f9c87f1a09da';

/** kafka/internal/configure-promise-pipeline/resources/backstage/backstage.yaml, verbatim. */
export const KAFKA_BACKSTAGE_YAML = `---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: kafka
  title: "Kafka Promise"
  description: "Create Kafka on-demand"
  links:
  - url: https://github.com/syntasso/kratix-marketplace
    title: Support
    icon: help
  annotations:
    backstage.io/kubernetes-id: kafka
spec:
  type: promise
  lifecycle: production
  owner: kratix-platform
  dependsOn:
    - component:default/kratix
  providesApis:
    - kafka-promise-api
---
apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: kafka-promise-template
  title: Kafka
  description: Kafka as a Service
  tags:
    - syntasso
    - kratix
spec:
  type: service
  lifecycle: experimental
  owner: kratix-platform
  parameters:
    - title: Kafka as a Service
      required:
        - name
        - size
      properties:
        name:
          title: Name
          type: string
          description: Name for Kafka instance
          ui:autofocus: true
        size:
          title: Size
          type: string
          description: Size, small or large
  steps:
  - id: k-apply
    name: Create a Kafka
    action: kubernetes:apply
    input:
      namespaced: true
      manifest: |
        apiVersion: marketplace.kratix.io/v1alpha1
        kind: kafka
        metadata:
          name: \${{ parameters.name }}
          namespace: default
        spec:
          size: \${{ parameters.size }}
`;

/** generateResourceEntities' Component for request `name` of Promise `promise`. */
export function generatorRequestComponent(promise: string, name: string) {
  return `---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${promise}-${name}
  title: "${promise} ${name}"
  description: ${name} created via ${promise} Promise
  annotations:
    backstage.io/kubernetes-label-selector: ${promise}-cr=${name}
  links:
  - url: https://github.com/syntasso/kratix-backstage
    title: Support
    icon: help
spec:
  type: service
  lifecycle: production
  owner: kratix-worker
  dependsOn:
    - component:default/${promise}
  providesApis:
    - namespace-server-api
`;
}

/** The kafka Promise (marketplace commit 9d5f777) without its long list of dependencies. */
export const KAFKA_PROMISE: KratixPromise = {
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'Promise',
  metadata: { name: 'kafka' },
  spec: {
    api: {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'kafkas.marketplace.kratix.io' },
      spec: {
        group: 'marketplace.kratix.io',
        names: { kind: 'kafka', plural: 'kafkas', singular: 'kafka' },
        scope: 'Namespaced',
        versions: [
          {
            name: 'v1alpha1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: {
                  spec: {
                    type: 'object',
                    properties: {
                      size: {
                        type: 'string',
                        default: 'small',
                        pattern: '^(small|large)$',
                      },
                    },
                  },
                },
              },
            },
          },
        ],
      },
    },
    destinationSelectors: [{ matchLabels: { environment: 'dev' } }],
    workflows: {
      resource: {
        configure: [
          {
            apiVersion: 'platform.kratix.io/v1alpha1',
            kind: 'Pipeline',
            metadata: { name: 'instance-configure' },
            spec: {
              containers: [
                {
                  name: 'configure',
                  image:
                    'ghcr.io/syntasso/kratix-marketplace/kafka-configure-pipeline:v0.1.0',
                },
              ],
            },
          },
        ],
      },
      promise: {
        configure: [
          {
            apiVersion: 'platform.kratix.io/v1alpha1',
            kind: 'Pipeline',
            metadata: { name: 'promise-configure' },
            spec: {
              containers: [
                {
                  name: 'configure',
                  image:
                    'ghcr.io/syntasso/kratix-marketplace/kafka-configure-promise-pipeline:v0.1.0',
                },
              ],
            },
          },
        ],
      },
    },
  },
} as KratixPromise;

/** A kafka request (kafka/resource-request.yaml's shape). */
export function kafkaRequest(namespace: string, name: string): ResourceRequest {
  return {
    apiVersion: 'marketplace.kratix.io/v1alpha1',
    kind: 'kafka',
    metadata: { name, namespace },
    spec: { size: 'small' },
  };
}

/**
 * The portal Destination of Kratix's "Kratix and Backstage" docs: labelled
 * `environment: backstage`, with strict matching so only Backstage output lands there.
 */
export function backstageDestination(
  name = 'backstage',
  labels: Record<string, string> = { environment: 'backstage' },
): Destination {
  return {
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'Destination',
    metadata: { name, labels },
    spec: {
      path: name,
      strictMatchLabels: true,
      stateStoreRef: { kind: 'GitStateStore', name: 'default' },
      filepath: { mode: 'nestedByMetadata' },
    },
  };
}
