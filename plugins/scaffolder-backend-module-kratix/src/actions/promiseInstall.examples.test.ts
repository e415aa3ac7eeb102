/*
 * Every documented example of kratix:promise:install (shown at /create/actions), run through
 * the action's handler against the platform it names: 'easyeaty', the embedded gitops
 * platform (the Promise is committed to its repository), and 'prod', a Kubernetes platform
 * (the fake API server), where `asRelease` creates a PromiseRelease that Kratix fetches.
 * The one URL an example gives is answered (msw) with the marketplace's redis Promise, as
 * raw.githubusercontent.com would; no network is used.
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  bundledMarketplaceDir,
  createEmbeddedRepository,
  GitOpsKratixPlatform,
  KratixPlatform,
  KubernetesApiClient,
  KubernetesKratixPlatform,
  MarketplaceClient,
} from '@kratix-backstage/plugin-kratix-node';
import {
  FakeKubernetesApi,
  kubeConfigFor,
  seedFakePlatform,
} from '@kratix-backstage/plugin-kratix-node/testUtils';
import { parse } from 'yaml';
import { examples } from './promiseInstall.examples';
import { createKratixPromiseInstallAction } from './promiseInstall';

// Real git repositories: generous on a loaded 2-core CI machine.
jest.setTimeout(30_000);

const server = setupServer();
registerMswTestHooks(server);

describe('kratix:promise:install examples', () => {
  let dataDir: string;
  let fake: FakeKubernetesApi;
  let easyeaty: GitOpsKratixPlatform;
  let platforms: Record<string, KratixPlatform>;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kratix-examples-'));
    easyeaty = new GitOpsKratixPlatform({
      name: 'easyeaty',
      directory: await createEmbeddedRepository({ dataDir, name: 'easyeaty' }),
      stateStorePaths: ['state'],
      maxAgeMs: 0,
    });
    fake = new FakeKubernetesApi();
    seedFakePlatform(fake);
    // The fixtures have the redis release the example makes already installed: start without
    // it, so the example's effect shows.
    fake.remove('platform.kratix.io/v1alpha1', 'PromiseRelease', 'redis');
    const redis = await readFile(
      join(bundledMarketplaceDir(), 'promises', 'redis.yaml'),
      'utf8',
    );
    server.use(
      ...fake.handlers(),
      http.get(
        'https://raw.githubusercontent.com/syntasso/kratix-marketplace/main/redis/promise.yaml',
        () =>
          new HttpResponse(redis, {
            headers: { 'content-type': 'text/yaml' },
          }),
      ),
    );
    platforms = {
      easyeaty,
      prod: new KubernetesKratixPlatform({
        name: 'prod',
        client: new KubernetesApiClient(kubeConfigFor(fake)),
      }),
    };
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  /** Where each platform keeps what the action installed, as the platform itself holds it. */
  const installed = async (platform: string) => {
    if (platform === 'easyeaty') {
      return (await easyeaty.listPromises()).map(p => ({
        kind: p.kind,
        name: p.metadata.name,
        version: p.metadata.labels?.['kratix.io/promise-version'],
      }));
    }
    return fake
      .list('platform.kratix.io/v1alpha1', 'PromiseRelease')
      .map(r => ({
        kind: r.kind,
        name: r.metadata.name,
        version: (r as { spec?: { version?: string } }).spec?.version,
        url: (r as { spec?: { sourceRef?: { url?: string } } }).spec?.sourceRef
          ?.url,
      }));
  };

  it.each(examples.map(e => [e.description, e.example]))(
    'runs: %s',
    async (_description, example) => {
      const [step] = parse(example).steps;
      expect(step.action).toBe('kratix:promise:install');
      const input = step.input;
      expect(Object.keys(platforms)).toContain(input.platform);
      const action = createKratixPromiseInstallAction({
        platforms: {
          get: name => platforms[name],
          marketplace: new MarketplaceClient({
            allowedHosts: ['raw.githubusercontent.com'],
          }),
        },
        permissions: mockServices.permissions(),
      });
      const before = await installed(input.platform);
      expect(before.map(p => p.name)).not.toContain('redis');
      const ctx = createMockActionContext({ input });
      await action.handler(ctx);

      expect(ctx.output).toHaveBeenCalledWith('promise', 'redis');
      expect(ctx.output).toHaveBeenCalledWith('version', 'v0.1.0');
      expect(ctx.output).toHaveBeenCalledWith('action', 'created');
      const redis = (await installed(input.platform)).filter(
        p => p.name === 'redis',
      );
      // As a PromiseRelease (the Kubernetes platform fetches the URL itself), or as the
      // Promise committed to the repository (the commit is an output then).
      expect(redis).toEqual([
        input.asRelease
          ? {
              kind: 'PromiseRelease',
              name: 'redis',
              version: input.version,
              url: input.url,
            }
          : { kind: 'Promise', name: 'redis', version: 'v0.1.0' },
      ]);
      expect(
        (ctx.output as jest.Mock).mock.calls
          .filter(([key]) => key === 'commit')
          .map(([, commit]) => /^[0-9a-f]{40}$/.test(commit)),
      ).toEqual(input.asRelease ? [] : [true]);
    },
  );
});
