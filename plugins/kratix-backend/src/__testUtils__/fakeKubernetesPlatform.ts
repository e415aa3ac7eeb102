import { setupServer } from 'msw/node';
import {
  KubernetesApiClient,
  KubernetesKratixPlatform,
} from '@kratix-backstage/plugin-kratix-node';
import {
  FakeKubernetesApi,
  kubeConfigFor,
  loadCommonFixtures,
  seedFakePlatform,
  versionBindingFixtures,
} from '@kratix-backstage/plugin-kratix-node/testUtils';

/**
 * The common fixtures plus a version history (versionBindingFixtures): PromiseRevisions of
 * jenkins and redis and the ResourceBindings of their requests.
 */
export const seedWithVersionHistory = (fake: FakeKubernetesApi) =>
  seedFakePlatform(fake, [
    ...loadCommonFixtures(),
    ...versionBindingFixtures(),
  ]);

/** The fake API server and the started platform `prod` over it, fresh for each test. */
export interface FakeKubernetesPlatform {
  readonly fake: FakeKubernetesApi;
  readonly platform: KubernetesKratixPlatform;
  /**
   * Stops the platform, lets `change` alter the API server (e.g. unregister kinds an older
   * Kratix lacks), and starts a new platform over it.
   */
  restart(change: (fake: FakeKubernetesApi) => void): Promise<void>;
}

/**
 * Registers the jest hooks of a describe block that runs a KubernetesKratixPlatform named
 * `prod` against a FakeKubernetesApi behind msw: each test gets a freshly seeded API server
 * (seedFakePlatform, or `seed`) and a started platform, stopped afterwards.
 */
export function fakeKubernetesPlatform(
  options: {
    /** The platform's service account token. */
    token?: string;
    /** Fills the API server; by default seedFakePlatform with the common fixtures. */
    seed?: (fake: FakeKubernetesApi) => void;
  } = {},
): FakeKubernetesPlatform {
  const server = setupServer();
  // supertest calls the test backend on loopback; only the fake platform is intercepted.
  beforeAll(() => server.listen({ onUnhandledFrame: 'bypass' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  let fake: FakeKubernetesApi;
  let platform: KubernetesKratixPlatform;
  const start = async () => {
    platform = new KubernetesKratixPlatform({
      name: 'prod',
      client: new KubernetesApiClient(
        kubeConfigFor(fake, options.token ?? 'token'),
      ),
      backoff: { initialMs: 20, maxMs: 100 },
    });
    await platform.start();
  };
  const stop = () => {
    platform.stop();
    fake.dropWatches();
  };
  beforeEach(async () => {
    fake = new FakeKubernetesApi();
    if (options.seed) options.seed(fake);
    else seedFakePlatform(fake);
    server.use(...fake.handlers());
    await start();
  });
  afterEach(stop);
  return {
    get fake() {
      return fake;
    },
    get platform() {
      return platform;
    },
    async restart(change) {
      stop();
      change(fake);
      await start();
    },
  };
}
