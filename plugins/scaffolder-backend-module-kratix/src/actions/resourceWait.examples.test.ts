/*
 * Every documented example of kratix:resource:wait (shown at /create/actions), run through
 * the action's handler until it completes. The examples name seeded requests that are Ready:
 * jenkins ci of team-checkout on the embedded gitops platform 'easyeaty', and (filled in as
 * the form would, through the example's `${{ parameters.* }}`) postgresql orders-db of
 * team-orders on a Kubernetes platform 'prod' (the fake API server), whose pipelines wrote
 * connectionDetails to the request's status and whose documents landed on gke (a Work and
 * WorkPlacement added below): the example's output section shows those connection details,
 * and is rendered here too. (examples.test.ts used to only parse these; they run here now.)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { setupServer } from 'msw/node';
import {
  createEmbeddedRepository,
  GitOpsKratixPlatform,
  KratixPlatform,
  KubernetesApiClient,
  KubernetesKratixPlatform,
} from '@kratix-backstage/plugin-kratix-node';
import {
  FakeKubernetesApi,
  kubeConfigFor,
  seedFakePlatform,
} from '@kratix-backstage/plugin-kratix-node/testUtils';
import { KubernetesObject } from '@kratix-backstage/plugin-kratix-common';
import { parse } from 'yaml';
import { examples } from './resourceWait.examples';
import { createKratixResourceWaitAction } from './resourceWait';

// Real git repositories: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

const server = setupServer();
registerMswTestHooks(server);

/** What a user fills the form with, for the examples that take it from `parameters`. */
const parameters: Record<string, unknown> = {
  platform: 'prod',
  name: 'orders-db',
  namespace: 'team-orders',
};

/**
 * Renders the `${{ ... }}` expressions the examples use: `parameters.<key>`, and
 * `steps.<id>.output.<path>` optionally piped to `dump`. Anything else is left in place, so
 * the checks below catch an expression this does not know.
 */
function render(
  value: unknown,
  steps: Record<string, Record<string, unknown>>,
): unknown {
  if (typeof value === 'string') {
    return value.replace(
      /\$\{\{\s*([\w.]+)\s*(\|\s*dump\s*)?\}\}/g,
      (expression, path: string, dump?: string) => {
        const [root, ...rest] = path.split('.');
        let found: unknown;
        if (root === 'parameters' && rest.length === 1) {
          found = parameters[rest[0]];
        } else if (root === 'steps' && rest[1] === 'output') {
          found = rest
            .slice(2)
            .reduce<unknown>(
              (at, key) => (at as Record<string, unknown> | undefined)?.[key],
              steps[rest[0]],
            );
        }
        if (found === undefined) return expression;
        return dump ? JSON.stringify(found) : String(found);
      },
    );
  }
  if (Array.isArray(value)) return value.map(v => render(v, steps));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, render(v, steps)]),
    );
  return value;
}

/**
 * The seeded orders-db request is Ready with connectionDetails; these are the Work and
 * WorkPlacement that say its documents landed on gke (as works.yaml has them for jenkins ci).
 */
const ordersDbWork = 'postgresql-orders-db-instance-configure-7d2e4';
const ordersDbLanded: KubernetesObject[] = [
  {
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'Work',
    metadata: {
      name: ordersDbWork,
      namespace: 'team-orders',
      labels: {
        'kratix.io/promise-name': 'postgresql',
        'kratix.io/resource-name': 'orders-db',
        'kratix.io/work-type': 'resource',
        'kratix.io/pipeline-name': 'instance-configure',
      },
    },
    spec: {
      promiseName: 'postgresql',
      resourceName: 'orders-db',
      workloadGroups: [
        {
          id: '5058f1af8388633f609cadb75a75dc9d',
          directory: '.',
          workloads: [{ filepath: 'postgresql-cluster.yaml' }],
        },
      ],
    },
    status: {
      conditions: [{ type: 'Ready', status: 'True', reason: 'Ready' }],
    },
  },
  {
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'WorkPlacement',
    metadata: {
      name: `${ordersDbWork}.gke-5058f`,
      namespace: 'team-orders',
      labels: {
        'kratix.io/work': ordersDbWork,
        'kratix.io/workload-group-id': '5058f1af8388633f609cadb75a75dc9d',
        'kratix.io/targetDestinationName': 'gke',
        'kratix.io/pipeline-name': 'instance-configure',
      },
    },
    spec: {
      targetDestinationName: 'gke',
      promiseName: 'postgresql',
      resourceName: 'orders-db',
      id: '5058f1af8388633f609cadb75a75dc9d',
      workloads: [{ filepath: 'postgresql-cluster.yaml' }],
    },
    status: {
      conditions: [
        {
          type: 'WriteSucceeded',
          status: 'True',
          reason: 'WorkloadsWrittenToStateStore',
        },
        {
          type: 'Ready',
          status: 'True',
          reason: 'WorkloadsWrittenToStateStore',
        },
      ],
    },
  },
];

describe('kratix:resource:wait examples', () => {
  let dataDir: string;
  let fake: FakeKubernetesApi;
  let platforms: Record<string, KratixPlatform>;
  let prod: KubernetesKratixPlatform;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-examples-'));
    const directory = await createEmbeddedRepository({
      dataDir,
      name: 'easyeaty',
    });
    fake = new FakeKubernetesApi();
    seedFakePlatform(fake);
    for (const object of ordersDbLanded) fake.put(object);
    server.use(...fake.handlers());
    prod = new KubernetesKratixPlatform({
      name: 'prod',
      client: new KubernetesApiClient(kubeConfigFor(fake)),
    });
    await prod.start();
    platforms = {
      easyeaty: new GitOpsKratixPlatform({
        name: 'easyeaty',
        directory,
        stateStorePaths: ['state'],
      }),
      prod,
    };
  });
  afterEach(async () => {
    prod.stop();
    fake.dropWatches();
    await rm(dataDir, { recursive: true, force: true });
  });

  it.each(examples.map(e => [e.description, e.example]))(
    'runs: %s',
    async (_description, example) => {
      const template = parse(example);
      const [step] = template.steps;
      expect(step.action).toBe('kratix:resource:wait');
      const input = render(step.input, {}) as {
        platform: string;
        promise: string;
        name: string;
        namespace: string;
      };
      expect(JSON.stringify(input)).not.toContain('${{');
      const action = createKratixResourceWaitAction({
        platforms: { get: name => platforms[name] },
        pollIntervalMs: 20,
      });
      // Short of the examples' own timeouts: seeded requests are Ready, so this completes.
      const ctx = createMockActionContext({
        input: { ...input, timeoutSeconds: 20 },
      });
      await action.handler(ctx);

      const outputs = Object.fromEntries((ctx.output as jest.Mock).mock.calls);
      expect(outputs).toEqual({
        phase: 'Ready',
        destinations: [expect.any(String)],
        paths: expect.arrayContaining([
          expect.stringContaining(`/${input.namespace}/`),
        ]),
        statusKeys: expect.any(Object),
      });
      expect(outputs.paths.join()).toContain(`/${input.name}/`);
      // The template's own output section, with what the step put out.
      const shown = render(template.output ?? {}, {
        [step.id]: outputs,
      }) as { text?: { content: string }[] };
      expect(JSON.stringify(shown)).not.toContain('${{');
      for (const { content } of shown.text ?? []) {
        expect(JSON.parse(content)).toEqual({
          host: 'orders-db.team-orders.svc',
          secret: 'orders-db-credentials',
        });
      }
    },
  );
});
