import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  KRATIX_SYSTEM_NAMESPACE,
  KratixPromise,
  KubernetesObject,
  deterministicObjectName,
  extractPromiseApi,
} from '@kratix-backstage/plugin-kratix-common';
import { FakeKubernetesApi } from './fakeKubernetesApi';

// Shipped with kratix-common (its `fixtures` folder), so these utilities work where installed.
const fixturesDir = join(
  dirname(
    require.resolve('@kratix-backstage/plugin-kratix-common/package.json'),
  ),
  'fixtures',
);

/**
 * Every object of kratix-common's fixtures, as real Kratix would have them on a cluster,
 * with the PromiseRevisions of their Promises' version history
 * ({@link versionHistoryFixtures}). @public
 */
export function loadCommonFixtures(): KubernetesObject[] {
  const files = readdirSync(fixturesDir)
    .filter(f => f.endsWith('.yaml'))
    .flatMap(f =>
      parseAllDocuments(readFileSync(join(fixturesDir, f), 'utf8')).map(
        d => d.toJS() as KubernetesObject,
      ),
    );
  const history = versionHistoryFixtures(files);
  const replaced = new Set(history.map(o => `${o.kind}/${o.metadata.name}`));
  return [
    ...files.filter(o => !replaced.has(`${o.kind}/${o.metadata.name}`)),
    ...history,
  ];
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

const revisionOf = (
  promise: KratixPromise,
  version: string,
  createdAt: string,
  spec: KratixPromise['spec'],
  latest = false,
): KubernetesObject =>
  // As Kratix makes one (api/v1alpha1/promiserevision_types.go NewPromiseRevision, and
  // promise_controller.go: status.latest and the latest-revision label on the current one).
  ({
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'PromiseRevision',
    metadata: {
      name: deterministicObjectName(promise.metadata.name, version),
      creationTimestamp: createdAt,
      labels: {
        'kratix.io/promise-name': promise.metadata.name,
        ...(latest && { 'kratix.io/latest-revision': 'true' }),
      },
    },
    spec: {
      promiseRef: { name: promise.metadata.name },
      promiseSpec: spec,
      version,
    },
    status: { latest },
  } as KubernetesObject);

const bindingOf = (
  promise: string,
  namespace: string,
  name: string,
  version: string,
  applied: string,
): KubernetesObject =>
  // As dynamic_resource_request_controller.go ensureResourceBinding makes one, labelled so
  // findResourceBinding finds it.
  ({
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'ResourceBinding',
    metadata: {
      name: deterministicObjectName(`${name}-${promise}`),
      namespace,
      labels: {
        'kratix.io/promise-name': promise,
        'kratix.io/resource-name': name,
      },
    },
    spec: {
      version,
      promiseRef: { name: promise },
      resourceRef: { name, namespace, generation: 1 },
    },
    status: {
      lastAppliedVersion: applied,
      conditions: [
        {
          type: 'UpgradeSucceeded',
          status: 'True',
          reason: 'UpgradeComplete',
          message: `Upgraded to ${applied}`,
          lastTransitionTime: '2026-10-02T10:00:00Z',
        },
      ],
    },
  } as KubernetesObject);

/**
 * The version history of the fixtures' Promises, for the Versions pages: every retained
 * PromiseRevision with the spec it snapshots.
 * jenkins runs v1.2.0 (its latest revision, the fixtures' `jenkins-9c1e4`, given its spec
 * here); v1.1.0 came before it, and v1.3.0 and v1.4.0 were installed and rolled back from
 * (Kratix keeps every version's revision until the Promise is deleted; latest is the one
 * installed now, not the highest). redis runs v0.2.0, after v0.1.0.
 * @public
 */
export function versionHistoryFixtures(
  objects: KubernetesObject[],
): KubernetesObject[] {
  const promise = (name: string) =>
    objects.find(o => o.kind === 'Promise' && o.metadata.name === name) as
      | KratixPromise
      | undefined;
  const out: KubernetesObject[] = [];
  const jenkins = promise('jenkins');
  if (jenkins) {
    const spec = jenkins.spec as any;
    const schema =
      spec.api.spec.versions[0].schema.openAPIV3Schema.properties.spec;
    const older = structuredClone(spec);
    const olderSchema =
      older.api.spec.versions[0].schema.openAPIV3Schema.properties.spec;
    delete olderSchema.properties.agents;
    olderSchema.properties.env.enum = ['dev', 'prod'];
    older.workflows.resource.configure[0].spec.containers = [
      {
        name: 'create-jenkins-instance',
        image:
          'ghcr.io/syntasso/kratix-marketplace/jenkins-configure-pipeline:v0.0.9',
      },
    ];
    const newer = structuredClone(spec);
    newer.api.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.agents =
      { ...schema.properties.agents, maximum: 20 };
    out.push(
      revisionOf(jenkins, 'v1.1.0', '2026-08-01T09:00:00Z', older),
      {
        ...revisionOf(jenkins, 'v1.2.0', '2026-10-02T09:12:45Z', spec, true),
        // The fixtures' object, which Kratix named before deterministic names (2025-11).
        metadata: {
          name: 'jenkins-9c1e4',
          creationTimestamp: '2026-10-02T09:12:45Z',
          labels: {
            'kratix.io/promise-name': 'jenkins',
            'kratix.io/latest-revision': 'true',
          },
        },
      } as KubernetesObject,
      revisionOf(jenkins, 'v1.3.0', '2026-09-10T09:00:00Z', newer),
      revisionOf(jenkins, 'v1.4.0', '2026-09-20T09:00:00Z', newer),
    );
  }
  const redis = promise('redis');
  if (redis) {
    const older = structuredClone(redis.spec);
    delete (older as any).workflows;
    out.push(
      revisionOf(redis, 'v0.1.0', '2026-07-01T09:00:00Z', older),
      revisionOf(redis, 'v0.2.0', '2026-09-01T09:00:00Z', redis.spec, true),
    );
  }
  return out;
}

/**
 * ResourceBindings of two redis requests of the fixtures, for tests of many requests per
 * revision (not in the default seed, whose one binding other tests count): `sessions`
 * stays pinned to v0.1.0, `cache` follows `latest` (cmd/main.go: "floating" writes
 * `latest`), both applied.
 * @public
 */
export function versionBindingFixtures(): KubernetesObject[] {
  return [
    bindingOf('redis', 'team-checkout', 'sessions', 'v0.1.0', 'v0.1.0'),
    bindingOf('redis', 'team-search', 'cache', 'latest', 'v0.2.0'),
  ];
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
