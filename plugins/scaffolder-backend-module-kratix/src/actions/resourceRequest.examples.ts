import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

/** Examples shown at /create/actions for `kratix:resource:request`. */
export const examples: TemplateExample[] = [
  {
    description:
      'Request a Jenkins instance from the jenkins Promise on the embedded platform',
    example: stringify({
      steps: [
        {
          id: 'request',
          name: 'Request Jenkins',
          action: 'kratix:resource:request',
          input: {
            platform: 'easyeaty',
            promise: 'jenkins',
            name: 'ci-nightly',
            namespace: 'team-checkout',
            spec: { env: 'dev', agents: 2 },
            owner: 'group:default/team-checkout',
          },
        },
      ],
    }),
  },
  {
    description:
      'Request a database with the values of the form, for the entity being created',
    example: stringify({
      steps: [
        {
          id: 'request',
          name: 'Request PostgreSQL',
          action: 'kratix:resource:request',
          input: {
            platform: 'easyeaty',
            promise: 'postgresql',
            name: 'orders-archive-db',
            namespace: 'team-orders',
            spec: { teamId: 'orders', instances: 2, size: 'medium' },
            owner: 'group:default/team-orders',
            entity: 'component:default/orders-service',
          },
        },
      ],
    }),
  },
  {
    description:
      "Update an existing request's spec (its owner or a platform admin); the owner it records is kept",
    example: stringify({
      steps: [
        {
          id: 'update',
          name: 'Scale the Jenkins agents',
          action: 'kratix:resource:request',
          input: {
            platform: 'easyeaty',
            promise: 'jenkins',
            name: 'ci',
            namespace: 'team-checkout',
            spec: { env: 'dev', agents: 4 },
            update: true,
          },
        },
      ],
    }),
  },
];
