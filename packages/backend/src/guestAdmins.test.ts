/*
 * The guest of this repository's app is an admin of the embedded demo platform only. Starts
 * the app's own plugins (auth with the guest provider, the catalog, the permission backend
 * with the suite's policy, the Kratix backend) on the real app-config.yaml, whose catalog
 * loads examples/org.yaml, plus a second platform configured as the backend plugin's README
 * shows a real gitops platform (on a temporary git repository). The guest signs in as the
 * browser does, so its groups are the ones the catalog read from org.yaml: the guest's
 * Marketplace install is refused on the README's platform and allowed on the demo.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { userInfoServiceFactory } from '@backstage/backend-defaults/userInfo';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import guestProvider from '@backstage/plugin-auth-backend-module-guest-provider';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import kratixPlugin from '@kratix-backstage/plugin-kratix-backend';
import kratixPolicy from '@kratix-backstage/plugin-kratix-backend/policy';
import { createEmbeddedRepository } from '@kratix-backstage/plugin-kratix-node';
import request from 'supertest';
import { parse, parseAllDocuments } from 'yaml';

jest.setTimeout(180_000);

const root = resolve(__dirname, '../../..');
const backendDir = resolve(__dirname, '..');
const GUEST = 'user:development/guest';

/** The backend plugin README's example `kratix` configuration (its Configuration section). */
function readmeKratixConfig(): {
  platforms: Array<Record<string, any>>;
  admins?: string[];
} {
  const readme = readFileSync(
    join(root, 'plugins/kratix-backend/README.md'),
    'utf8',
  );
  const section = readme.slice(readme.search(/^## Configuration\s*$/m));
  const block = /```yaml\n(kratix:\n[\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('no kratix yaml block in the README');
  return parse(block).kratix;
}

/** app-config.yaml as the backend reads it when started from packages/backend. */
function appConfig(): Record<string, any> {
  const config = parse(readFileSync(join(root, 'app-config.yaml'), 'utf8'));
  for (const location of config.catalog.locations) {
    if (location.type === 'file' && !isAbsolute(location.target))
      location.target = resolve(backendDir, location.target);
  }
  return config;
}

/** The groups examples/org.yaml makes the guest a member of. */
function guestGroupsInOrgYaml(): string[] {
  const docs = parseAllDocuments(
    readFileSync(join(root, 'examples/org.yaml'), 'utf8'),
  ).map(d => d.toJS());
  const guest = docs.find(
    d =>
      d?.kind === 'User' &&
      `user:${d.metadata.namespace ?? 'default'}/${d.metadata.name}` === GUEST,
  );
  return (guest?.spec?.memberOf ?? []).map((ref: string) =>
    ref.includes(':') ? ref : `group:default/${ref}`,
  );
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

describe("the guest of this repository's app", () => {
  let dir: string;
  let server: Server;
  let nodeEnv: string | undefined;
  const readme = readmeKratixConfig();
  // The README's platform that is read from git alone: the one a test can start.
  const readmePlatform = readme.platforms.find(p => p.mode === 'gitops')!;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kratix-guest-admins-'));
    // A real gitops platform's repository: a copy of the EasyEaty seed, so it has Promises.
    const repository = await createEmbeddedRepository({
      dataDir: dir,
      name: 'platform-repository',
    });
    const config = appConfig();
    config.kratix = {
      ...config.kratix,
      embedded: { ...config.kratix.embedded, dataDir: join(dir, 'data') },
      // As the README shows it; only the machine path is this test's. Its state stores
      // outside the repository need credentials and hosts a test does not have.
      platforms: [
        {
          ...readmePlatform,
          repository: { ...readmePlatform.repository, path: repository },
          stateStores: undefined,
        },
      ],
      admins: readme.admins,
    };
    // `yarn start` runs the backend with NODE_ENV=development: the guest provider needs it.
    nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'development';
    ({ server } = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({ data: config }),
        authServiceFactory,
        httpAuthServiceFactory,
        userInfoServiceFactory,
        permissionsServiceFactory,
        // The plugins of packages/backend/src/index.ts that decide who may install.
        authPlugin,
        guestProvider,
        catalogPlugin,
        permissionPlugin,
        kratixPolicy,
        kratixPlugin,
      ],
    }));
  });

  afterAll(async () => {
    process.env.NODE_ENV = nodeEnv;
    await rm(dir, { recursive: true, force: true });
  });

  /** The guest's sign-in as the browser makes it; once the catalog has the guest's User. */
  async function signIn(): Promise<{ token: string; ownership: string[] }> {
    const refresh = async () => {
      const res = await request(server)
        .get('/api/auth/guest/refresh')
        .set('X-Requested-With', 'XMLHttpRequest');
      expect(res.status).toBe(200);
      return {
        token: res.body.backstageIdentity.token as string,
        ownership: res.body.backstageIdentity.identity
          .ownershipEntityRefs as string[],
      };
    };
    const first = await refresh();
    // Until the catalog has processed examples/org.yaml, the guest signs in without groups.
    for (let i = 0; i < 120; i++) {
      const user = await request(server)
        .get('/api/catalog/entities/by-name/user/development/guest')
        .set('Authorization', `Bearer ${first.token}`);
      if (user.status === 200) return refresh();
      await sleep(500);
    }
    throw new Error('the catalog never held user:development/guest');
  }

  it('is refused a Marketplace install on a platform configured as the README shows, and allowed one on the demo', async () => {
    const { token, ownership } = await signIn();
    // Its groups are the catalog's, read from org.yaml (not a list in this test).
    expect([...ownership].sort()).toEqual(
      [GUEST, ...guestGroupsInOrgYaml()].sort(),
    );

    const install = (platform: string) =>
      request(server)
        .post(`/api/kratix/platforms/${platform}/marketplace/install`)
        .set('Authorization', `Bearer ${token}`)
        .send({ name: 'redis' });

    const onReadmePlatform = await install(readmePlatform.name);
    expect(onReadmePlatform.status).toBe(403);
    // Nothing was written there.
    const redisOnReadmePlatform = await request(server)
      .get(`/api/kratix/platforms/${readmePlatform.name}/promises/redis`)
      .set('Authorization', `Bearer ${token}`);
    expect(redisOnReadmePlatform.status).toBe(404);

    const onDemo = await install(appConfig().kratix.embedded.name);
    expect(onDemo.status).toBe(201);
    expect(onDemo.body).toEqual(
      expect.objectContaining({ action: 'created', promise: 'redis' }),
    );
  });
});
