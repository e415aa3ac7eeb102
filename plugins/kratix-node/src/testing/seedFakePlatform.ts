import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  KRATIX_SYSTEM_NAMESPACE,
  KratixPromise,
  KubernetesObject,
  extractPromiseApi,
} from '@kratix-backstage/plugin-kratix-common';
import { FakeKubernetesApi } from './FakeKubernetesApi';

// Shipped with kratix-common (its `fixtures` folder), so these utilities work where installed.
const fixturesDir = join(
  dirname(
    require.resolve('@kratix-backstage/plugin-kratix-common/package.json'),
  ),
  'fixtures',
);

/** Every object of kratix-common's fixtures, as real Kratix would have them on a cluster. @public */
export function loadCommonFixtures(): KubernetesObject[] {
  return readdirSync(fixturesDir)
    .filter(f => f.endsWith('.yaml'))
    .flatMap(f =>
      parseAllDocuments(readFileSync(join(fixturesDir, f), 'utf8')).map(
        d => d.toJS() as KubernetesObject,
      ),
    );
}

/**
 * The CustomResourceDefinition Kratix installs for a Promise's API (`spec.api`, or the legacy
 * `spec.xaasCrd`): apiextensions v1, named `<plural>.<group>`, labelled with the Promise's
 * name, every version with the status subresource; undefined for a Promise without an API.
 * @public
 */
export function promiseApiCrd(
  promise: KratixPromise,
): KubernetesObject | undefined {
  const api = extractPromiseApi(promise);
  if (!api) return undefined;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${api.plural}.${api.group}`,
      labels: { 'kratix.io/promise-name': promise.metadata.name },
    },
    spec: {
      group: api.group,
      names: {
        kind: api.kind,
        plural: api.plural,
        singular: api.singular,
      },
      scope: api.scope,
      versions: api.versions.map(v => ({
        name: v.name,
        served: v.served,
        storage: v.name === api.storageVersion,
        schema: {
          openAPIV3Schema: v.schema ?? {
            type: 'object',
            'x-kubernetes-preserve-unknown-fields': true,
          },
        },
        subresources: { status: {} },
      })),
    },
  };
}

/**
 * Installs a Promise's API on the fake server as Kratix does: it creates the CRD, which the
 * fake then serves (and shows in discovery). @public
 */
export function registerPromiseApi(
  fake: FakeKubernetesApi,
  promise: KratixPromise,
): void {
  const crd = promiseApiCrd(promise);
  if (crd) fake.put(crd);
}

/**
 * Puts the namespaces the objects live in (and Kratix's own), the CRDs of the Promises'
 * APIs, the Promises, then every other object, on the fake platform. @public
 */
export function seedFakePlatform(
  fake: FakeKubernetesApi,
  objects: KubernetesObject[] = loadCommonFixtures(),
): void {
  const namespaces = new Set([KRATIX_SYSTEM_NAMESPACE]);
  for (const object of objects)
    if (object.metadata.namespace) namespaces.add(object.metadata.namespace);
  for (const namespace of [...namespaces].sort())
    fake.ensureNamespace(namespace);
  const promises = objects.filter(o => o.kind === 'Promise') as KratixPromise[];
  for (const promise of promises) registerPromiseApi(fake, promise);
  for (const promise of promises) fake.put(promise);
  for (const object of objects) if (object.kind !== 'Promise') fake.put(object);
}
