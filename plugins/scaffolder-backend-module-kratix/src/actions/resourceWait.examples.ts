import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

/** Examples shown at /create/actions for `kratix:resource:wait`. */
export const examples: TemplateExample[] = [
  {
    description:
      'Wait for a Jenkins request to be reconciled and its documents to land',
    example: stringify({
      steps: [
        {
          id: 'wait',
          name: 'Wait for Jenkins',
          action: 'kratix:resource:wait',
          input: {
            platform: 'easyeaty',
            promise: 'jenkins',
            name: 'ci',
            namespace: 'team-checkout',
            timeoutSeconds: 600,
          },
        },
      ],
    }),
  },
  {
    description:
      'Wait on the request made by an earlier step, and show its connection details',
    example: stringify({
      steps: [
        {
          id: 'wait',
          name: 'Wait for the database',
          action: 'kratix:resource:wait',
          input: {
            platform: '${{ parameters.platform }}',
            promise: 'postgresql',
            name: '${{ parameters.name }}',
            namespace: '${{ parameters.namespace }}',
            timeoutSeconds: 900,
          },
        },
      ],
      output: {
        text: [
          {
            title: 'Connection details',
            content:
              '${{ steps.wait.output.statusKeys.connectionDetails | dump }}',
          },
        ],
      },
    }),
  },
];
