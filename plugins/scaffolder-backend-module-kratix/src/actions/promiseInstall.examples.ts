import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

/** Examples shown at /create/actions for `kratix:promise:install`. */
export const examples: TemplateExample[] = [
  {
    description: 'Install the Redis Promise from the marketplace',
    example: stringify({
      steps: [
        {
          id: 'install',
          name: 'Install Redis',
          action: 'kratix:promise:install',
          input: { platform: 'easyeaty', name: 'redis' },
        },
      ],
    }),
  },
  {
    description:
      'Install a Promise from an allow-listed URL as a PromiseRelease at a version',
    example: stringify({
      steps: [
        {
          id: 'install',
          name: 'Install the platform team Promise',
          action: 'kratix:promise:install',
          input: {
            platform: 'prod',
            url: 'https://raw.githubusercontent.com/syntasso/kratix-marketplace/main/redis/promise.yaml',
            asRelease: true,
            version: 'v0.1.0',
          },
        },
      ],
    }),
  },
];
