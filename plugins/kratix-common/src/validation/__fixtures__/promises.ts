/**
 * Kratix Promises for the api and validation tests, built fresh on each call so a test can
 * change one without affecting the others.
 */
import { JSONSchemaProps, KratixPromise, PromiseApiCrd } from '../../model';

const pipeline = (name: string, image: string) => ({
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'Pipeline' as const,
  metadata: { name },
  spec: { containers: [{ name, image }] },
});

/** The postgresql spec schema of the storage version (v1alpha2). */
export const postgresqlSpecSchema = (): JSONSchemaProps => ({
  type: 'object',
  required: ['teamId'],
  properties: {
    teamId: {
      type: 'string',
      pattern: '^[a-z][a-z0-9-]*$',
      minLength: 2,
      maxLength: 20,
      description: 'Owning team.',
    },
    dbName: { type: 'string', maxLength: 30, default: 'postgres' },
    instances: {
      type: 'integer',
      format: 'int32',
      minimum: 1,
      maximum: 5,
      default: 1,
    },
    size: {
      type: 'string',
      enum: ['small', 'medium', 'large'],
      default: 'small',
    },
    storageGB: {
      type: 'number',
      format: 'double',
      minimum: 0.5,
      maximum: 1000,
      exclusiveMaximum: true,
    },
    highAvailability: { type: 'boolean' },
    databases: {
      type: 'array',
      minItems: 1,
      maxItems: 3,
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
      items: {
        type: 'object',
        required: ['name'],
        properties: {
          name: { type: 'string', pattern: '^[a-z_][a-z0-9_]*$' },
          owner: { type: 'string' },
          extensions: { type: 'array', items: { type: 'string' } },
        },
      },
    },
    backup: {
      type: 'object',
      required: ['enabled'],
      properties: {
        enabled: { type: 'boolean' },
        schedule: { type: 'string', nullable: true },
        retentionDays: { type: 'integer', minimum: 1, nullable: true },
        startAt: { type: 'string', format: 'date-time' },
      },
    },
    parameters: {
      type: 'object',
      additionalProperties: { type: 'string' },
      'x-kubernetes-map-type': 'granular',
    },
    tuning: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    port: {
      'x-kubernetes-int-or-string': true,
      anyOf: [{ type: 'integer' }, { type: 'string' }],
    },
  },
  'x-kubernetes-validations': [
    { rule: 'self.instances >= 1', message: 'at least one instance' },
  ],
});

/**
 * A postgresql Promise whose API has three versions: an unserved v1alpha0, a served
 * v1alpha1, and the storage version v1alpha2, which is not the first.
 */
export function postgresqlPromise(): KratixPromise {
  return {
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'Promise',
    metadata: {
      name: 'postgresql',
      uid: '0b6c1b36-1c1f-4b8f-9b8e-5a1d0c9f2a11',
      generation: 3,
      resourceVersion: '91822',
      labels: { 'kratix.io/promise-version': 'v1.1.0' },
    },
    spec: {
      api: {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'postgresqls.marketplace.kratix.io' },
        spec: {
          group: 'marketplace.kratix.io',
          names: {
            kind: 'postgresql',
            plural: 'postgresqls',
            singular: 'postgresql',
          },
          scope: 'Namespaced',
          versions: [
            {
              name: 'v1alpha0',
              served: false,
              storage: false,
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  'x-kubernetes-preserve-unknown-fields': true,
                },
              },
            },
            {
              name: 'v1alpha1',
              served: true,
              storage: false,
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  properties: {
                    spec: {
                      type: 'object',
                      properties: { teamId: { type: 'string' } },
                    },
                  },
                },
              },
            },
            {
              name: 'v1alpha2',
              served: true,
              storage: true,
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  properties: {
                    spec: postgresqlSpecSchema(),
                    status: {
                      type: 'object',
                      'x-kubernetes-preserve-unknown-fields': true,
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
            pipeline(
              'instance-configure',
              'ghcr.io/syntasso/promise-postgresql/configure:v0.2.0',
            ),
          ],
          delete: [
            pipeline(
              'instance-delete',
              'ghcr.io/syntasso/promise-postgresql/configure:v0.2.0',
            ),
          ],
        },
      },
    },
  };
}

/** The marketplace jenkins Promise: lower-case kind `jenkins`, plural `jenkins`. */
export function jenkinsPromise(): KratixPromise {
  return {
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'Promise',
    metadata: { name: 'jenkins', generation: 1, resourceVersion: '48211' },
    spec: {
      api: {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'jenkins.marketplace.kratix.io' },
        spec: {
          group: 'marketplace.kratix.io',
          names: { kind: 'jenkins', plural: 'jenkins', singular: 'jenkins' },
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
                      required: ['env'],
                      properties: {
                        env: {
                          type: 'string',
                          enum: ['dev', 'staging', 'prod'],
                          default: 'dev',
                        },
                        plugins: { type: 'array', items: { type: 'string' } },
                        agents: { type: 'integer', minimum: 0, maximum: 10 },
                      },
                    },
                  },
                },
              },
            },
          ],
        },
      },
      workflows: {
        resource: {
          configure: [
            pipeline(
              'instance-configure',
              'ghcr.io/syntasso/kratix-marketplace/jenkins-configure-pipeline:v0.1.0',
            ),
          ],
        },
      },
    },
  };
}

/** A dependency-only Promise: it installs an ingress controller and offers no API. */
export function nginxIngressPromise(): KratixPromise {
  return {
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'Promise',
    metadata: { name: 'nginx-ingress', generation: 1, resourceVersion: '311' },
    spec: {
      dependencies: [
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: 'ingress-nginx' },
        },
      ],
      destinationSelectors: [{ matchLabels: { environment: 'dev' } }],
    },
  };
}

/** A Promise from before mid-2023, whose API sits in `spec.xaasCrd` and names no plural. */
export function legacyXaasCrdPromise(): KratixPromise {
  const xaasCrd: PromiseApiCrd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'redis.redis.redis.opstreelabs.in' },
    spec: {
      group: 'redis.redis.opstreelabs.in',
      names: { kind: 'Redis' },
      versions: [
        {
          name: 'v1beta1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: {
                  type: 'object',
                  properties: {
                    size: { type: 'string', enum: ['small', 'large'] },
                  },
                },
              },
            },
          },
        },
      ],
    },
  };
  return {
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'Promise',
    metadata: { name: 'redis', generation: 1, resourceVersion: '1002' },
    // `xaasCrd` is not part of today's KratixPromise type, hence the widening.
    spec: {
      xaasCrd,
      xaasRequestPipeline: [
        'syntasso/kratix-sample-redis-request-pipeline:v0.1.0',
      ],
    } as KratixPromise['spec'],
  };
}

/**
 * A Promise whose storage version's `spec` is the given schema. It carries no
 * resourceVersion or generation, so validators are cached by schema content.
 */
export function promiseWithSpecSchema(
  specSchema: JSONSchemaProps,
  rootExtras: JSONSchemaProps = {},
): KratixPromise {
  return {
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'Promise',
    metadata: { name: 'playground' },
    spec: {
      api: {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'playgrounds.test.kratix.io' },
        spec: {
          group: 'test.kratix.io',
          names: { kind: 'Playground', plural: 'playgrounds' },
          scope: 'Namespaced',
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  properties: { spec: specSchema },
                  ...rootExtras,
                },
              },
            },
          ],
        },
      },
    },
  };
}
