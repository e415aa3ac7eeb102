import type { Server } from 'node:http';
import { setupServer } from 'msw/node';
import {
  KubernetesApiClient,
  KubernetesKratixPlatform,
} from '@kratix-backstage/plugin-kratix-node';
import {
  FakeKubernetesApi,
  FakeKubernetesApiOptions,
  kubeConfigFor,
  loadCommonFixtures,
  seedFakePlatform,
  versionBindingFixtures,
} from '@kratix-backstage/plugin-kratix-node/testUtils';
import { SeenAuditEvent, startPolicyBackend } from './startPolicyBackend';

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
    /** The platform's admins (`kratix.platforms[].admins`). */
    admins?: string[];
    /** What the fake API server serves (e.g. no DryRun, as Kratix v0.125.0). */
    fakeOptions?: FakeKubernetesApiOptions;
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
      ...(options.admins && { admins: options.admins }),
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
    fake = new FakeKubernetesApi(undefined, options.fakeOptions);
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

/** The platform of {@link fakeKubernetesPlatform} served by the Kratix plugin behind policy. */
export interface FakePlatformBehindPolicy
  extends Omit<FakeKubernetesPlatform, 'restart'> {
  /** The test backend (startPolicyBackend) serving the platform, fresh for each test. */
  readonly server: Server;
  /** The audit events of the current test. */
  readonly audit: SeenAuditEvent[];
}

/**
 * {@link fakeKubernetesPlatform} whose platform (with the platform team as admins unless
 * told otherwise) is served by a test backend behind the real permission framework
 * (startPolicyBackend), started for each test after the platform.
 */
export function fakePlatformBehindPolicy(
  options: Parameters<typeof fakeKubernetesPlatform>[0] = {},
): FakePlatformBehindPolicy {
  const kube = fakeKubernetesPlatform({
    token: 'sa-token',
    admins: ['group:default/platform-team'],
    ...options,
  });
  let server: Server;
  let audit: SeenAuditEvent[] = [];
  beforeEach(async () => {
    audit = [];
    server = await startPolicyBackend([kube.platform], audit);
  });
  return {
    get fake() {
      return kube.fake;
    },
    get platform() {
      return kube.platform;
    },
    get server() {
      return server;
    },
    get audit() {
      return audit;
    },
  };
}
