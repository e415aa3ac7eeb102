import { createHash } from 'node:crypto';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import {
  KratixPromise,
  KubernetesObject,
  toPromiseDetail,
  toPromiseReleaseView,
} from '@kratix-backstage/plugin-kratix-common';
import { FakeKubernetesApi } from '../testing/fakeKubernetesApi';
import { kubeConfigFor } from '../testing/kubeConfigFor';
import {
  loadCommonFixtures,
  seedFakePlatform,
} from '../testing/seedFakePlatform';
import { KubernetesApiClient } from '../kubernetes/KubernetesApiClient';
import { KubernetesKratixPlatform } from './KubernetesKratixPlatform';
import { redisHaPromise } from '../testing/redisHaPromise';

jest.setTimeout(30_000);

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/** A request name longer than the 63 characters a label value may have. */
const LONG_NAME = `storefront-checkout-${'x'.repeat(55)}`;

const REDIS_HA_URL =
  'https://raw.githubusercontent.com/example/promises/main/redis-ha/promise.yaml';

/** What the release's URL holds: a Promise named unlike the release. */
const redisHaDocument = redisHaPromise;

describe('KubernetesKratixPlatform finds what Kratix finds', () => {
  let fake: FakeKubernetesApi;
  let platform: KubernetesKratixPlatform;
  const server = setupServer();
  registerMswTestHooks(server);

  const start = async (objects: KubernetesObject[]) => {
    fake = new FakeKubernetesApi();
    seedFakePlatform(fake, objects);
    server.use(...fake.handlers());
    platform = new KubernetesKratixPlatform({
      name: 'prod',
      client: new KubernetesApiClient(kubeConfigFor(fake)),
    });
    await platform.start();
  };

  afterEach(() => {
    platform?.stop();
    fake?.dropWatches();
  });

  // internal/controller/dynamic_resource_request_controller.go resourceBindingLabelsFor and
  // resourceNameLabelValue: a name over 63 characters is labelled with
  // lib/objectutil/name.go GenerateDeterministicObjectName(name); findResourceBinding looks
  // the Binding up by those labels.
  it('upgrades a request named over 63 characters through the ResourceBinding Kratix labelled with the hashed name (dynamic_resource_request_controller.go findResourceBinding)', async () => {
    const fixtures = loadCommonFixtures();
    const ci = fixtures.find(
      o => o.kind === 'jenkins' && o.metadata.name === 'ci',
    )!;
    const hashed = `${LONG_NAME.slice(0, 56)}-${md5(LONG_NAME).slice(0, 5)}`;
    await start([
      ...fixtures,
      {
        ...ci,
        metadata: { ...ci.metadata, name: LONG_NAME },
      },
      {
        apiVersion: 'platform.kratix.io/v1alpha1',
        kind: 'ResourceBinding',
        metadata: {
          // Named by Kratix: GenerateDeterministicObjectName("<request>-<promise>").
          name: `${LONG_NAME.slice(0, 56)}-${md5(`${LONG_NAME}-jenkins`).slice(
            0,
            5,
          )}`,
          namespace: 'team-checkout',
          labels: {
            'kratix.io/promise-name': 'jenkins',
            'kratix.io/resource-name': hashed,
          },
        },
        spec: {
          version: 'v1.2.0',
          promiseRef: { name: 'jenkins' },
          resourceRef: { name: LONG_NAME, namespace: 'team-checkout' },
        },
      },
    ]);
    await platform.manageRequest(
      { promise: 'jenkins', namespace: 'team-checkout', name: LONG_NAME },
      'upgrade',
      { version: 'v1.4.0' },
    );
    const bindings = fake.list(
      'platform.kratix.io/v1alpha1',
      'ResourceBinding',
    ) as any[];
    expect(
      bindings.map(b => [
        b.metadata.labels['kratix.io/resource-name'],
        b.spec.version,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['ci', 'v1.3.0'],
        [hashed, 'v1.4.0'],
      ]),
    );
  });

  // internal/controller/promiserelease_controller.go Reconcile and installPromise: Kratix
  // fetches the document at spec.sourceRef.url (lib/fetchers/url.go URLFetcher.FromURL) and
  // creates the Promise that document names, labelled kratix.io/promise-release-name=<release>
  // and controlled by the release (ctrl.SetControllerReference); it never looks for a Promise
  // named like the release.
  describe('a PromiseRelease whose URL holds a Promise of another name', () => {
    const withRelease = () => {
      const fixtures = loadCommonFixtures().filter(
        o => !(o.kind === 'PromiseRelease' && o.metadata.name === 'redis'),
      );
      // The fixture's redis Promise, installed directly rather than by any release.
      const redis = fixtures.find(
        o => o.kind === 'Promise' && o.metadata.name === 'redis',
      )!;
      const labels = { ...redis.metadata.labels };
      delete labels['kratix.io/promise-release-name'];
      redis.metadata = {
        ...redis.metadata,
        labels,
        ownerReferences: undefined,
      };
      const release: KubernetesObject = {
        apiVersion: 'platform.kratix.io/v1alpha1',
        kind: 'PromiseRelease',
        metadata: { name: 'redis', uid: 'release-uid-1' },
        spec: {
          version: 'v2.0.0',
          sourceRef: { type: 'http', url: REDIS_HA_URL },
        },
        status: {
          status: 'Installed',
          conditions: [
            {
              type: 'Installed',
              status: 'True',
              reason: 'InstalledSuccessfully',
              message: 'Installed successfully',
            },
          ],
        },
      };
      const document = redisHaDocument();
      const installed: KratixPromise = {
        ...document,
        metadata: {
          ...document.metadata,
          labels: {
            ...document.metadata.labels,
            'kratix.io/promise-release-name': 'redis',
          },
          ownerReferences: [
            {
              apiVersion: 'platform.kratix.io/v1alpha1',
              kind: 'PromiseRelease',
              name: 'redis',
              uid: 'release-uid-1',
              controller: true,
            },
          ],
        },
      };
      const request: KubernetesObject = {
        apiVersion: 'marketplace.kratix.io/v1alpha1',
        kind: 'RedisCluster',
        metadata: {
          name: 'sessions-ha',
          namespace: 'team-checkout',
          labels: { 'kratix.io/promise-name': 'redis-ha' },
        },
        spec: { replicas: 3 },
      };
      return { objects: [...fixtures, release, installed, request], document };
    };

    it('shows the Promise the release installed, with its requests, and not the Promise named like the release (promiserelease_controller.go installPromise)', async () => {
      const { objects } = withRelease();
      await start(objects);
      const [releases, promises] = await Promise.all([
        platform.listPromiseReleases(),
        platform.listPromises(),
      ]);
      expect(
        releases.map(r => toPromiseReleaseView('prod', r, promises).promise),
      ).toEqual(['redis-ha']);
      const context = { requestCount: 0, destinations: [], placements: [] };
      const redisHa = (await platform.getPromise('redis-ha'))!;
      expect(
        toPromiseDetail('prod', redisHa, { ...context, releases }).release,
      ).toEqual(
        expect.objectContaining({
          name: 'redis',
          promise: 'redis-ha',
          sourceUrl: REDIS_HA_URL,
          status: 'Installed',
        }),
      );
      // The redis Promise was installed directly: no release installs it.
      const redis = (await platform.getPromise('redis'))!;
      expect(
        toPromiseDetail('prod', redis, { ...context, releases }).release,
      ).toBeUndefined();
      expect(
        (await platform.listRequests({ promise: 'redis-ha' })).map(
          r => r.metadata.name,
        ),
      ).toEqual(['sessions-ha']);
    });

    it('upgrades the Promise through the release that installed it, not a new release named after the Promise (promiserelease_controller.go promiseExistsAtDesiredVersion)', async () => {
      const { objects, document } = withRelease();
      await start(objects);
      const url =
        'https://raw.githubusercontent.com/example/promises/v2.1.0/redis-ha/promise.yaml';
      const result = await platform.installPromise(
        {
          ...document,
          metadata: {
            ...document.metadata,
            labels: { 'kratix.io/promise-version': 'v2.1.0' },
          },
        },
        { release: { url, version: 'v2.1.0' } },
      );
      expect(result).toEqual(
        expect.objectContaining({ action: 'updated', kind: 'PromiseRelease' }),
      );
      const releases = fake.list(
        'platform.kratix.io/v1alpha1',
        'PromiseRelease',
      ) as any[];
      expect(
        releases.map(r => [
          r.metadata.name,
          r.spec.version,
          r.spec.sourceRef.url,
        ]),
      ).toEqual([['redis', 'v2.1.0', url]]);
    });
  });
});
