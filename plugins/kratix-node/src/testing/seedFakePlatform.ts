import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { KratixPromise, KubernetesObject, extractPromiseApi } from '@kratix-backstage/plugin-kratix-common';
import { FakeKubernetesApi } from './FakeKubernetesApi';

// Shipped with kratix-common (its `fixtures` folder), so these utilities work where installed.
const fixturesDir = join(dirname(require.resolve('@kratix-backstage/plugin-kratix-common/package.json')), 'fixtures');

/** Every object of kratix-common's fixtures, as real Kratix would have them on a cluster. @public */
export function loadCommonFixtures(): KubernetesObject[] {
  return readdirSync(fixturesDir)
    .filter(f => f.endsWith('.yaml'))
    .flatMap(f => parseAllDocuments(readFileSync(join(fixturesDir, f), 'utf8')).map(d => d.toJS() as KubernetesObject));
}

/** Registers a Promise's API on the fake server, as Kratix installs its CRD. @public */
export function registerPromiseApi(fake: FakeKubernetesApi, promise: KratixPromise): void {
  const api = extractPromiseApi(promise);
  if (!api) return;
  for (const version of api.servedVersions) {
    fake.register({ group: api.group, version, plural: api.plural, kind: api.kind, namespaced: api.scope !== 'Cluster' });
  }
}

/** Puts Promises (with their APIs), then every other object, on the fake platform. @public */
export function seedFakePlatform(fake: FakeKubernetesApi, objects: KubernetesObject[] = loadCommonFixtures()): void {
  const promises = objects.filter(o => o.kind === 'Promise') as KratixPromise[];
  for (const promise of promises) registerPromiseApi(fake, promise);
  for (const promise of promises) fake.put(promise);
  for (const object of objects) if (object.kind !== 'Promise') fake.put(object);
}
