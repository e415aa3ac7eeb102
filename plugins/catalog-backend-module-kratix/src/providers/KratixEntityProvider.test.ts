import {
  SchedulerServiceTaskInvocationDefinition,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import {
  destinationToEntity,
  generateTemplate,
  platformToEntity,
  promiseToEntity,
  requestToEntity,
} from '@kratix-backstage/plugin-kratix-common';
import { FakeKratixPlatform } from '../__testUtils__/FakeKratixPlatform';
import {
  destination,
  promiseWithApi,
  promiseWithoutApi,
  request,
} from '../__testUtils__/easyeaty';
import { KratixEntityProvider } from './KratixEntityProvider';

const jenkins = promiseWithApi('jenkins', 'jenkins');
const webApp = promiseWithApi('web-app', 'webapp', ['jenkins', 'nginx']);
const nginx = promiseWithoutApi('nginx');
const eks = destination('eks', { environment: 'dev', cloud: 'aws' });
const ci = request('jenkins', 'team-checkout', 'ci', {
  'backstage.io/owner': 'group-team-checkout',
});
const storefrontCi = request('jenkins', 'team-checkout', 'storefront-ci', {
  'kratix.io/component-of-promise-name': 'web-app',
  'kratix.io/component-of-resource-name': 'storefront',
  'kratix.io/component-of-resource-namespace': 'team-checkout',
});
const storefront = request('webapp', 'team-checkout', 'storefront', {
  'backstage.io/owner': 'group-team-checkout',
});

function setup() {
  const platform = new FakeKratixPlatform(
    'easyeaty',
    {
      promises: [jenkins, webApp, nginx],
      destinations: [eks],
      requests: {
        jenkins: [ci, storefrontCi],
        'web-app': [storefront],
        // A Promise without an API takes no requests; the provider must not ask for these.
        nginx: [request('nginx', 'default', 'stray')],
      },
    },
    'EasyEaty',
  );
  const logger = mockServices.logger.mock();
  logger.child.mockReturnValue(logger);
  const tasks: SchedulerServiceTaskInvocationDefinition[] = [];
  const taskRunner: SchedulerServiceTaskRunner = {
    run: jest.fn(async task => void tasks.push(task)),
  };
  const connection = {
    applyMutation: jest.fn(),
    refresh: jest.fn(),
  } satisfies EntityProviderConnection;
  const provider = new KratixEntityProvider({
    platform,
    owner: 'group:default/ops',
    taskRunner,
    logger,
  });
  return { platform, logger, tasks, connection, provider };
}

describe('KratixEntityProvider', () => {
  it('is named after its platform', () => {
    expect(setup().provider.getProviderName()).toBe(
      'KratixEntityProvider:easyeaty',
    );
  });

  it('schedules one refresh task on connect and applies nothing before it runs', async () => {
    const { provider, connection, tasks } = setup();
    await provider.connect(connection);
    expect(tasks.map(t => t.id)).toEqual([
      'KratixEntityProvider:easyeaty:refresh',
    ]);
    expect(connection.applyMutation).not.toHaveBeenCalled();
  });

  it('replaces the platform’s entities with a full mutation when the task runs', async () => {
    const { provider, connection, tasks, platform } = setup();
    await provider.connect(connection);
    await tasks[0].fn(new AbortController().signal);

    expect(connection.applyMutation).toHaveBeenCalledTimes(1);
    const mutation = connection.applyMutation.mock.calls[0][0];
    const locationKey = 'KratixEntityProvider:easyeaty';
    const options = { owner: 'group:default/ops' };
    expect(mutation).toEqual({
      type: 'full',
      entities: [
        platformToEntity(platform, options),
        destinationToEntity(platform, eks, options),
        promiseToEntity(platform, jenkins, options),
        promiseToEntity(platform, webApp, options),
        promiseToEntity(platform, nginx, options),
        generateTemplate(platform, jenkins, options)!,
        generateTemplate(platform, webApp, options)!,
        requestToEntity(platform, jenkins, ci, options),
        requestToEntity(platform, jenkins, storefrontCi, options),
        requestToEntity(platform, webApp, storefront, options),
      ].map(entity => ({ entity, locationKey })),
    });

    // The same mutation, spelled out: what is in the catalog and how it hangs together.
    const entities = mutation.entities.map((d: any) => d.entity);
    expect(
      entities.map((e: any) =>
        `${e.kind}:${e.metadata.name} ${e.spec.type ?? ''}`.trim(),
      ),
    ).toEqual([
      'System:easyeaty',
      'Resource:easyeaty_eks kratix-destination',
      'Component:easyeaty_jenkins kratix-promise',
      'Component:easyeaty_web-app kratix-promise',
      'Component:easyeaty_nginx kratix-promise',
      'Template:easyeaty_jenkins-promise-template kratix-resource',
      'Template:easyeaty_web-app-promise-template kratix-resource',
      'Component:easyeaty_jenkins_team-checkout_ci kratix-resource',
      'Component:easyeaty_jenkins_team-checkout_storefront-ci kratix-resource',
      'Component:easyeaty_web-app_team-checkout_storefront kratix-resource',
    ]);
    expect(entities.map((e: any) => e.spec.owner)).toEqual([
      'group:default/ops',
      'group:default/ops',
      'group:default/ops',
      'group:default/ops',
      'group:default/ops',
      'group:default/ops',
      'group:default/ops',
      'group:default/team-checkout',
      'group:default/ops',
      'group:default/team-checkout',
    ]);
    expect(entities[3].spec.dependsOn).toEqual([
      'component:default/easyeaty_jenkins',
      'component:default/easyeaty_nginx',
    ]);
    expect(entities[8].spec.subcomponentOf).toBe(
      'component:default/easyeaty_web-app_team-checkout_storefront',
    );
    expect(
      entities[4].metadata.annotations['kratix.io/backstage-promise-template'],
    ).toBeUndefined();
  });

  it('sends an empty full mutation when the platform has emptied, so deleted objects leave', async () => {
    const { provider, connection, tasks, platform } = setup();
    await provider.connect(connection);
    platform.contents = {};
    await tasks[0].fn(new AbortController().signal);
    expect(connection.applyMutation).toHaveBeenCalledWith({
      type: 'full',
      entities: [
        {
          entity: platformToEntity(platform, { owner: 'group:default/ops' }),
          locationKey: 'KratixEntityProvider:easyeaty',
        },
      ],
    });
  });

  it('keeps the last sweep and logs when reading the platform fails', async () => {
    const { provider, connection, tasks, platform, logger } = setup();
    jest
      .spyOn(platform, 'listRequests')
      .mockRejectedValue(new Error('repository unreadable'));
    await provider.connect(connection);
    await expect(
      tasks[0].fn(new AbortController().signal),
    ).resolves.toBeUndefined();
    expect(connection.applyMutation).not.toHaveBeenCalled();
    expect(logger.error).toHaveBeenCalledWith(
      'KratixEntityProvider:easyeaty refresh failed',
      expect.objectContaining({ message: 'repository unreadable' }),
    );
  });

  it('applies nothing while the platform has never been read', async () => {
    const { provider, connection, tasks, platform, logger } = setup();
    platform.synced = false;
    await provider.connect(connection);
    await tasks[0].fn(new AbortController().signal);
    expect(connection.applyMutation).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalledWith(
      'Skipped the KratixEntityProvider:easyeaty refresh: the platform has not been read yet (connect ECONNREFUSED)',
    );
  });

  it('waits for a watching platform’s first lists before reading it', async () => {
    const { provider, connection, tasks, platform } = setup();
    const order: string[] = [];
    Object.assign(platform, { start: async () => void order.push('start') });
    const listPromises = platform.listPromises.bind(platform);
    jest.spyOn(platform, 'listPromises').mockImplementation(async () => {
      order.push('listPromises');
      return listPromises();
    });
    await provider.connect(connection);
    await tasks[0].fn(new AbortController().signal);
    expect(order).toEqual(['start', 'listPromises']);
    expect(connection.applyMutation).toHaveBeenCalledTimes(1);
  });

  it('refuses to refresh before the catalog connects it', async () => {
    await expect(setup().provider.refresh()).rejects.toThrow(
      'KratixEntityProvider:easyeaty is not connected yet; the catalog calls connect() before any refresh',
    );
  });

  describe('fromConfig', () => {
    const platforms = {
      list: () => [
        new FakeKratixPlatform('easyeaty'),
        new FakeKratixPlatform('prod'),
      ],
    };

    it('makes one provider per platform on the default schedule', () => {
      const scheduler = mockServices.scheduler.mock();
      scheduler.createScheduledTaskRunner.mockReturnValue({ run: jest.fn() });
      const providers = KratixEntityProvider.fromConfig(new ConfigReader({}), {
        logger: mockServices.logger.mock(),
        scheduler,
        platforms,
      });
      expect(providers.map(p => p.getProviderName())).toEqual([
        'KratixEntityProvider:easyeaty',
        'KratixEntityProvider:prod',
      ]);
      expect(scheduler.createScheduledTaskRunner).toHaveBeenCalledTimes(2);
      expect(scheduler.createScheduledTaskRunner).toHaveBeenCalledWith({
        frequency: { seconds: 60 },
        timeout: { minutes: 3 },
        initialDelay: { seconds: 5 },
      });
    });

    it('uses the configured schedule and owner', async () => {
      const scheduler = mockServices.scheduler.mock();
      const tasks: SchedulerServiceTaskInvocationDefinition[] = [];
      scheduler.createScheduledTaskRunner.mockReturnValue({
        run: async task => void tasks.push(task),
      });
      const config = new ConfigReader({
        catalog: {
          providers: {
            kratix: {
              owner: 'sre',
              schedule: { frequency: { minutes: 5 }, timeout: { seconds: 30 } },
            },
          },
        },
      });
      const [provider] = KratixEntityProvider.fromConfig(config, {
        logger: mockServices.logger.mock(),
        scheduler,
        platforms,
      });
      expect(scheduler.createScheduledTaskRunner).toHaveBeenCalledWith({
        frequency: { minutes: 5 },
        timeout: { seconds: 30 },
      });
      const connection = { applyMutation: jest.fn(), refresh: jest.fn() };
      await provider.connect(connection);
      await tasks[0].fn(new AbortController().signal);
      expect(
        connection.applyMutation.mock.calls[0][0].entities[0].entity.spec.owner,
      ).toBe('group:default/sre');
    });
  });
});
