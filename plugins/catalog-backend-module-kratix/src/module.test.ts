import {
  createServiceFactory,
  SchedulerServiceTaskInvocationDefinition,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  catalogProcessingExtensionPoint,
  EntityProvider,
} from '@backstage/plugin-catalog-node';
import {
  kratixPlatformsServiceRef,
  KratixPlatformsService,
} from '@kratix-backstage/plugin-kratix-node';
import { FakeKratixPlatform } from './__testUtils__/FakeKratixPlatform';
import { destination, promiseWithApi, request } from './__testUtils__/easyeaty';
import { catalogModuleKratixEntityProvider } from './module';

// Real git repositories and test backends: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

describe('catalogModuleKratixEntityProvider', () => {
  it('adds a scheduled provider per platform that fills the catalog', async () => {
    const added: EntityProvider[] = [];
    const catalog = {
      addEntityProvider: (...providers: any[]) =>
        added.push(...providers.flat()),
    };

    const tasks: SchedulerServiceTaskInvocationDefinition[] = [];
    const scheduler = mockServices.scheduler.mock({
      createScheduledTaskRunner: jest.fn(() => ({
        run: async (task: SchedulerServiceTaskInvocationDefinition) =>
          void tasks.push(task),
      })),
    });

    const easyeaty = new FakeKratixPlatform('easyeaty', {
      promises: [promiseWithApi('jenkins', 'jenkins')],
      destinations: [destination('eks', { environment: 'dev' })],
      requests: { jenkins: [request('jenkins', 'team-checkout', 'ci')] },
    });
    const platforms = createServiceFactory({
      service: kratixPlatformsServiceRef,
      deps: {},
      factory: () =>
        ({
          list: () => [easyeaty, new FakeKratixPlatform('prod')],
          get: () => undefined,
        } as unknown as KratixPlatformsService),
    });

    await startTestBackend({
      extensionPoints: [[catalogProcessingExtensionPoint, catalog]],
      features: [
        catalogModuleKratixEntityProvider,
        platforms,
        scheduler.factory,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              providers: {
                kratix: {
                  schedule: {
                    frequency: { minutes: 10 },
                    timeout: { minutes: 1 },
                  },
                },
              },
            },
          },
        }),
      ],
    });

    expect(added.map(p => p.getProviderName())).toEqual([
      'KratixEntityProvider:easyeaty',
      'KratixEntityProvider:prod',
    ]);
    expect(scheduler.createScheduledTaskRunner).toHaveBeenCalledWith({
      frequency: { minutes: 10 },
      timeout: { minutes: 1 },
    });

    const connection = { applyMutation: jest.fn(), refresh: jest.fn() };
    await added[0].connect(connection);
    expect(tasks.map(t => t.id)).toEqual([
      'KratixEntityProvider:easyeaty:refresh',
    ]);
    await tasks[0].fn(new AbortController().signal);
    const { type, entities } = connection.applyMutation.mock.calls[0][0];
    expect(type).toBe('full');
    expect(
      entities.map((e: any) => [
        e.entity.kind,
        e.entity.metadata.name,
        e.locationKey,
      ]),
    ).toEqual([
      ['System', 'easyeaty', 'KratixEntityProvider:easyeaty'],
      ['Resource', 'easyeaty_eks', 'KratixEntityProvider:easyeaty'],
      ['Component', 'easyeaty_jenkins', 'KratixEntityProvider:easyeaty'],
      [
        'Template',
        'easyeaty_jenkins-promise-template',
        'KratixEntityProvider:easyeaty',
      ],
      [
        'Component',
        'easyeaty_jenkins_team-checkout_ci',
        'KratixEntityProvider:easyeaty',
      ],
    ]);
  });
});
